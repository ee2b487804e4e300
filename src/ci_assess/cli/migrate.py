"""`ci-assess migrate`: move an answers file to the next questionnaire version, into a new file."""

from pathlib import Path
from typing import Annotated

import typer

from ci_assess.cli.options import epilog
from ci_assess.cli.root import app


@app.command(
    epilog=epilog(
        "Migrating an answers file",
        "ci-assess migrate northwind-2025.yaml -o northwind-2026.yaml",
    )
)
def migrate(
    file: Annotated[str, typer.Argument(help="The answers file to migrate ('-' = stdin).")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The new answers file; must not exist yet."),
    ],
) -> None:
    """Write the answers of FILE for the next questionnaire version to a new file.

    Answers whose question means the same are copied; the others are left unanswered
    with the old answer in a comment above the question, and listed here. FILE is
    never changed, and an existing file is never overwritten.
    """
    from ci_assess.app.migrate import migrate_file

    for line in migrate_file(file, output).lines():
        typer.echo(line, err=True)
