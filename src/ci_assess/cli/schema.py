"""`ci-assess schema`: the JSON Schema of a file format, generated from the models."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ci_assess.cli.options import usage
from ci_assess.cli.root import app


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="questionnaire, answers, report or overlay.")],
) -> None:
    """Print the JSON Schema of a file format, generated from the models."""
    from ci_assess.files.schemas import MODELS, schema_text

    if kind not in MODELS:
        raise usage(f"unknown schema {kind!r}; use one of {', '.join(MODELS)}")
    sys.stdout.write(schema_text(kind))
