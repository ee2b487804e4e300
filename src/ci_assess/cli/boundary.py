"""The one error boundary: every way a command can end becomes one exit code.

- a ``CiAssessError`` (bad input, a wrong option, an output that cannot be written):
  its message on standard error, exit 2;
- Ctrl-C: "interrupted", exit 130;
- a reader that closed standard output (``ci-assess … | head``): nothing, exit 141;
- anything else is a bug: one line ("internal error: …"), exit 3; the traceback only
  with ``--debug`` or ``CI_ASSESS_DEBUG=1``.

Codes come from ``errors.ExitCode``, the table the README lists.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from ci_assess.cli import no_plugins
from ci_assess.errors import (
    CiAssessError,
    ExitCode,
    OutputError,
    internal_error_line,
    print_error,
)

DEBUG_ENV = "CI_ASSESS_DEBUG"
DEBUG_OPTION = "--debug"
_debug = False  # set by the root option for one run of the app (Boundary.main resets it)


def set_debug(value: bool) -> None:
    """Show tracebacks of internal errors for the rest of this run (``--debug``)."""
    global _debug  # noqa: PLW0603 - one flag for one run, as the option is
    _debug = value


def debug_enabled() -> bool:
    """Whether tracebacks are shown: ``--debug`` or CI_ASSESS_DEBUG=1."""
    return _debug or os.environ.get(DEBUG_ENV, "") not in {"", "0"}


def debug_first(args: Sequence[str]) -> list[str]:
    """``args`` with every ``--debug`` before ``--`` moved to the front, where the root
    option takes it: ``ci-assess report --debug x.yaml`` is ``ci-assess --debug report
    x.yaml`` (a file named ``--debug`` can still be given after ``--``)."""
    args = list(args)
    end = args.index("--") if "--" in args else len(args)
    if DEBUG_OPTION not in args[:end]:
        return args
    return [DEBUG_OPTION, *(arg for arg in args[:end] if arg != DEBUG_OPTION), *args[end:]]


def report_error(exc: CiAssessError) -> None:
    """Print an error on stderr: 'error: ' before each problem, hints indented below."""
    print_error(exc, lambda line: typer.echo(line, err=True))


def report_internal(exc: BaseException, where: str | None = None) -> None:
    """Print a bug as one line, and its traceback when debugging."""
    if debug_enabled():
        traceback.print_exception(exc, file=sys.stderr)
    typer.echo(internal_error_line(exc, where), err=True)


def silence_stdout() -> None:
    """After a broken pipe: point standard output at /dev/null so that no later flush fails."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind sys.stdout
        pass


def exit_for(exc: BaseException) -> ExitCode:
    """Say what ended the run, once, and the code it ends with: the one mapping."""
    if isinstance(exc, CiAssessError):
        if isinstance(exc, OutputError):  # standard output is unusable: nothing more to it
            silence_stdout()
        report_error(exc)
        return ExitCode(exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        typer.echo("\ninterrupted", err=True)
        return ExitCode.INTERRUPTED
    if isinstance(exc, BrokenPipeError):
        silence_stdout()
        return ExitCode.BROKEN_PIPE
    report_internal(exc)
    return ExitCode.INTERNAL


class Boundary(TyperGroup):
    """The command group whose ``invoke`` maps every exception to its exit code.

    It also gives every command's parameters readable metavars (``options.readable_metavars``)
    as they are looked up, so that ``--help`` shows ``FILE…`` rather than ``{files}...``.
    """

    def get_params(self, ctx: Any) -> Any:
        from ci_assess.cli.options import readable_metavars

        params = super().get_params(ctx)
        readable_metavars(params, self.name or "")
        return params

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from ci_assess.cli.options import readable_metavars

        command = super().get_command(ctx, cmd_name)
        if command is not None and not isinstance(command, Boundary):
            name = getattr(command.callback, "__name__", None) or command.name or ""
            readable_metavars(command.get_params(ctx), name)
        return command

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        """Run the app once: ``--debug`` taken wherever it stands, and forgotten after."""
        given = sys.argv[1:] if args is None else args
        no_plugins.disable()  # before typer or a model builds the first pydantic validator
        try:
            return super().main(debug_first(given), *rest, **kwargs)
        finally:
            set_debug(False)

    def invoke(self, ctx: Any) -> Any:  # typer's click Context type is private
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):
            raise  # typer's own exits and usage errors, which it reports itself (exit 2)
        except (Exception, KeyboardInterrupt) as exc:
            raise typer.Exit(exit_for(exc)) from None


class _ClosedStream:
    """What standard output is when the process was started with it closed (``>&-``)."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class GuardedStdout:
    """Standard output whose write errors are output errors (exit 2), not tracebacks.

    A broken pipe stays a ``BrokenPipeError``: the boundary ends quietly with 141.
    It is also remembered (``broken``), because rich and click catch it on their own
    and exit 1 (rich's ``Console.on_broken_pipe``, click's main loop for ``--help``);
    ``main`` then ends with 141 all the same. Everything else is the real stream's.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            self.broken = True
            raise
        except OSError as exc:
            raise OutputError(f"standard output: cannot write: {exc.strerror}") from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self.broken = True
            raise
        except OSError as exc:
            raise OutputError(f"standard output: cannot write: {exc.strerror}") from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard_stdout() -> None:
    """Install ``GuardedStdout`` (over a closed stream when there is no standard output)."""
    if not isinstance(sys.stdout, GuardedStdout):
        sys.stdout = GuardedStdout(sys.stdout if sys.stdout is not None else _ClosedStream())
