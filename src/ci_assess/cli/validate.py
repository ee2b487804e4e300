"""`ci-assess validate`: check questionnaires and answers files, every problem with its line."""

from __future__ import annotations

from typing import Annotated

import typer

from ci_assess.cli.boundary import report_error
from ci_assess.cli.root import app
from ci_assess.errors import CiAssessError, ExitCode


@app.command()
def validate(
    files: Annotated[
        list[str], typer.Argument(help="Questionnaire or answers files ('-' = stdin).")
    ],
) -> None:
    """Check questionnaires and answers files; report every problem with its line."""
    from ci_assess.app.validation import validate_file
    from ci_assess.cli.options import skip_lock_files

    failed = False
    for name in skip_lock_files(files, verbose=True):  # each file named, as below
        try:
            kind = validate_file(name)
        except CiAssessError as exc:
            failed = True
            report_error(exc)
        else:
            typer.echo(f"ok: {'<stdin>' if name == '-' else name} ({kind})", err=True)
    if failed:
        raise typer.Exit(ExitCode.INPUT)
