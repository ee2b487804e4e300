"""Command line: thin adapters from options to one use-case call, behind one boundary.

``root`` holds the typer application, ``boundary`` the one place where exceptions
become exit codes, and each command has its own module. Heavy modules (pydantic
models, jinja2, rich) are imported inside the commands so that ``--help`` and
``--version`` start fast; a test guards the imported set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ci_assess.cli import (  # the order in which --help lists the commands
    interview,  # noqa: F401
    migrate,  # noqa: F401
    questionnaire,  # noqa: F401
    report,  # noqa: F401
    schema,  # noqa: F401
    template,  # noqa: F401
    validate,  # noqa: F401
)
from ci_assess.cli.boundary import DEBUG_ENV, guard_stdout, report_error, silence_stdout
from ci_assess.cli.root import app
from ci_assess.errors import CiAssessError, ExitCode, OutputError

__all__ = ["app", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: run the app, then flush standard output safely."""
    args = list(sys.argv[1:] if argv is None else argv)
    if _take_debug(args):
        os.environ[DEBUG_ENV] = "1"  # batch workers inherit it
    guard_stdout()
    code = _run(args)
    try:
        sys.stdout.flush()  # here, not at interpreter exit, where a failure is not ours
    except BrokenPipeError:
        silence_stdout()
        code = ExitCode.BROKEN_PIPE
    except OutputError as exc:  # e.g. ``> /dev/full``: the report could not be written
        silence_stdout()
        report_error(exc)
        code = max(code, ExitCode.INPUT)
    if getattr(sys.stdout, "broken", False):  # rich or click turned it into exit 1
        code = ExitCode.BROKEN_PIPE
    sys.exit(code)


def _run(args: list[str]) -> int:
    """Run the typer app on ``args``; its exit code (typer exits through SystemExit).

    Most errors end inside the commands' boundary; these are for what runs before a
    command does: ``--help`` and ``--version`` printing to a full or closed stdout.
    """
    try:
        app(args=args, prog_name="ci-assess")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BrokenPipeError:
        silence_stdout()
        return ExitCode.BROKEN_PIPE
    except CiAssessError as exc:
        silence_stdout()
        report_error(exc)
        return exc.exit_code
    return ExitCode.OK


def _take_debug(args: list[str]) -> bool:
    """Remove ``--debug`` wherever it stands before ``--``: a root option also taken after
    the command name (``ci-assess report --debug x.yaml``)."""
    end = args.index("--") if "--" in args else len(args)
    found = "--debug" in args[:end]
    if found:
        args[:end] = [arg for arg in args[:end] if arg != "--debug"]
    return found
