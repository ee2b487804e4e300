"""Domain errors, each carrying the message the user sees, and the one exit-code table.

Every layer raises these; only the command line's boundary (``cli.boundary``) turns
them into output and exit codes.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from ci_assess.records import Record, set_field

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


class ExitCode(IntEnum):
    """How a command ended: the one table every command uses (see the README).

    In a batch the most severe outcome wins: INTERRUPTED > INTERNAL > BROKEN_PIPE >
    INPUT > FINDING.
    """

    OK = 0
    """Everything was done."""
    FINDING = 1
    """A finding the user asked for: an unmet --fail-under, an unfinished interview."""
    INPUT = 2
    """An input, output or usage error: the message says what to fix."""
    INTERNAL = 3
    """A bug: one line on standard error, the traceback with --debug."""
    INTERRUPTED = 130
    """Ctrl-C (SIGINT): everything confirmed was kept."""
    BROKEN_PIPE = 141
    """Standard output was closed by its reader (``ci-assess … | head``): nothing printed."""


def most_severe(codes: Iterable[ExitCode]) -> ExitCode:
    """The code a run of several outcomes ends with (OK when there are none)."""
    order = (
        ExitCode.INTERRUPTED,
        ExitCode.INTERNAL,
        ExitCode.BROKEN_PIPE,
        ExitCode.INPUT,
        ExitCode.FINDING,
    )
    seen = set(codes)
    return next((code for code in order if code in seen), ExitCode.OK)


class Problem(Record):
    """One thing wrong with one input file, located as precisely as we can.

    Immutable, compared, hashed and replaced by value (``records.Record``), not a frozen
    dataclass: every command imports this module, and a dataclass's methods are
    generated as source and compiled at import (some 3 M instructions).
    """

    __slots__ = ("column", "hint", "line", "message", "source")
    _fields = ("source", "message", "line", "hint", "column")  # the constructor's order

    source: str
    message: str
    line: int | None
    hint: str | None
    column: int | None
    """1-based, for problems with one character (a byte that is not UTF-8, a tab)."""

    def __init__(
        self,
        source: str,
        message: str,
        line: int | None = None,
        hint: str | None = None,
        column: int | None = None,
    ) -> None:
        set_field(self, "source", source)
        set_field(self, "message", message)
        set_field(self, "line", line)
        set_field(self, "hint", hint)
        set_field(self, "column", column)

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        if self.line and self.column:
            where = f"{where}:{self.column}"
        text = f"{where}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class CiAssessError(Exception):
    """Base class: a user-facing error. ``exit_code`` is what the CLI returns."""

    exit_code = ExitCode.INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(CiAssessError):
    """A file, option or value the user gave is wrong (exit code 2)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(
        cls, source: str, message: str, line: int | None = None, hint: str | None = None
    ) -> InputError:
        """Build an error holding one problem."""
        return cls([Problem(source, message, line, hint)])


class UsageError(CiAssessError):
    """Options that do not fit together or name nothing known (exit code 2)."""


class IncompleteError(CiAssessError):
    """``--strict`` was given and questions are unanswered (exit code 2)."""


class TemplateError(CiAssessError):
    """A report template is missing or failed to render (exit code 2)."""


def print_error(exc: CiAssessError, echo: Callable[[str], object]) -> None:
    """Hand ``echo`` each line of ``exc``: 'error: ' before each problem, hints as they are.

    Hints are indented, so they read as part of the problem above them.
    """
    for line in exc.message.splitlines():
        echo(line if line.startswith(" ") else f"error: {line}")


def internal_error_line(exc: BaseException, where: str | None = None) -> str:
    """The one line a bug prints: what broke, where, and what to do about it."""
    detail = str(exc).splitlines()[0] if str(exc) else ""
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    place = f"{where}: " if where else ""
    return f"internal error: {place}{what} — please report it with the command and file"


class OutputError(CiAssessError):
    """An output cannot be written: a full disk, a closed standard output (exit code 2)."""
