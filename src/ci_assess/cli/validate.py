"""`ci-assess validate`: check questionnaires and answers files, every problem with its line."""

import sys
from typing import Annotated

import typer

from ci_assess.cli.boundary import debug_enabled, report_error
from ci_assess.cli.options import epilog
from ci_assess.cli.root import app
from ci_assess.errors import ExitCode, most_severe


@app.command(
    epilog=epilog(
        "Commands",
        "ci-assess validate clients/*/*.yaml",
        "ci-assess validate my-questionnaire.yaml",
    )
)
def validate(
    files: Annotated[
        list[str], typer.Argument(help="Questionnaire or answers files ('-' = stdin).")
    ],
) -> None:
    """Check questionnaires and answers files; report every problem with its line."""
    from ci_assess.app.validation import validate_files
    from ci_assess.cli.options import skip_lock_files

    codes = []
    for checked in validate_files(skip_lock_files(files, verbose=True)):
        codes.append(checked.exit_code)
        if checked.internal is not None:
            if debug_enabled() and checked.traceback:
                sys.stderr.write(checked.traceback)
            typer.echo(checked.internal, err=True)
        elif checked.error is not None:
            report_error(checked.error)
        else:
            typer.echo(f"ok: {checked.name} ({checked.kind})", err=True)
    code = most_severe(codes)
    if code is not ExitCode.OK:
        raise typer.Exit(code)
