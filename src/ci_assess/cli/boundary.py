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
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from ci_assess.errors import (
    CiAssessError,
    ExitCode,
    OutputError,
    internal_error_line,
    print_error,
)

DEBUG_ENV = "CI_ASSESS_DEBUG"


def debug_enabled() -> bool:
    """Whether tracebacks are shown: ``--debug`` (see ``main``) or CI_ASSESS_DEBUG=1."""
    return os.environ.get(DEBUG_ENV, "") not in {"", "0"}


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


class Boundary(TyperGroup):
    """The command group whose ``invoke`` maps every exception to its exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer's click Context type is private
        try:
            return super().invoke(ctx)
        except CiAssessError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("\ninterrupted", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            silence_stdout()
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise  # typer's own exits and usage errors, which it reports itself (exit 2)
        except Exception as exc:
            report_internal(exc)
            raise typer.Exit(ExitCode.INTERNAL) from None


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
