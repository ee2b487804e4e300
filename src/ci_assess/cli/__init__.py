"""Command line: thin adapters from options to one use-case call, behind one boundary.

``root`` holds the typer application, ``boundary`` the one place where exceptions
become exit codes, and each command has its own module, imported only when its
command runs (``lazy``: ``--version`` imports none of them, ``report`` only
``cli/report.py``; ``--help`` and completion, which list every command, all of
them). Heavy modules (pydantic models, jinja2, rich) are imported inside the
commands so that ``--help`` and ``--version`` start fast; a test guards the
imported set.

The modules that define commands do not use ``from __future__ import annotations``:
typer reads every command's signature on every run (``--version`` too), and string
annotations cost it an ``eval`` (and a ``compile``) per parameter, twice. Types named
only under ``TYPE_CHECKING`` stay quoted there.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ci_assess.cli.boundary import exit_for, guard_stdout
from ci_assess.cli.root import app
from ci_assess.errors import CiAssessError, ExitCode, most_severe

__all__ = ["app", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: run the app, then flush standard output safely.

    The commands' errors end in ``Boundary.invoke``; what runs before or after a
    command (``--help`` or ``--version`` printing to a full or closed standard output,
    the final flush) goes through the same ``exit_for``.
    """
    guard_stdout()
    codes = [_run(list(sys.argv[1:] if argv is None else argv))]
    try:
        sys.stdout.flush()  # here, not at interpreter exit, where a failure is not ours
    except (BrokenPipeError, CiAssessError) as exc:
        codes.append(exit_for(exc))
    if getattr(sys.stdout, "broken", False):  # rich or click turned it into exit 1
        codes.append(ExitCode.BROKEN_PIPE)
    sys.exit(most_severe(codes))


def _run(args: list[str]) -> ExitCode:
    """Run the typer app on ``args``; its exit code (typer exits through SystemExit)."""
    try:
        app(args=args, prog_name="ci-assess")
    except SystemExit as done:
        return _code_of(done.code)
    except (BrokenPipeError, CiAssessError) as exc:
        return exit_for(exc)
    return ExitCode.OK


def _code_of(code: object) -> ExitCode:
    """SystemExit's code as an ExitCode (typer's usage errors exit 2, like ours)."""
    if code is None:
        return ExitCode.OK
    try:
        return ExitCode(code) if isinstance(code, int) else ExitCode.INTERNAL
    except ValueError:
        return ExitCode.INTERNAL  # a code we never give: something else ended the run
