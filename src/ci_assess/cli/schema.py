"""`ci-assess schema`: the JSON Schema of a file format, generated from the models."""

import sys
from typing import Annotated

import typer

from ci_assess.cli.options import choice, epilog
from ci_assess.cli.root import app


@app.command(
    epilog=epilog(
        "Commands",
        "ci-assess schema answers > answers.schema.json",
        "ci-assess schema report",
    )
)
def schema(
    kind: Annotated[str, typer.Argument(help="questionnaire, answers, report or overlay.")],
) -> None:
    """Print the JSON Schema of a file format, generated from the models."""
    from ci_assess.files.schemas import MODELS, schema_text

    kind = choice(kind, list(MODELS), "schema")
    sys.stdout.write(schema_text(kind))
