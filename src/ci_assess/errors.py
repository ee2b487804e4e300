"""Domain errors, each carrying the message the user sees, and the one exit-code table.

Every layer raises these; only the command line's boundary (``cli.boundary``) turns
them into output and exit codes.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

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


class Problem:
    """One thing wrong with one input file, located as precisely as we can.

    Immutable, compared and hashed by value. A plain ``__slots__`` class, not a frozen
    dataclass: every command imports this module, and a dataclass's methods are
    generated as source and compiled at import (some 3 M instructions).
    """

    __slots__ = ("column", "hint", "line", "message", "source")

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
        _set = object.__setattr__
        _set(self, "source", source)
        _set(self, "message", message)
        _set(self, "line", line)
        _set(self, "hint", hint)
        _set(self, "column", column)

    def _fields(self) -> tuple[str, str, int | None, str | None, int | None]:
        return (self.source, self.message, self.line, self.hint, self.column)

    def replace(self, **changes: Any) -> Problem:
        """A copy with ``changes`` (field names) applied, as ``dataclasses.replace`` does."""
        fields = dict(zip(_FIELDS, self._fields(), strict=True))
        unknown = changes.keys() - fields.keys()
        if unknown:
            raise TypeError(f"Problem has no field {sorted(unknown)[0]!r}")
        return Problem(**{**fields, **changes})

    def __reduce__(self) -> tuple[type[Problem], tuple[Any, ...]]:
        # Batch workers send problems to the parent: rebuilt through __init__, as the
        # default (setting each slot) would meet __setattr__.
        return (Problem, self._fields())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Problem(source={self.source!r}, message={self.message!r}, line={self.line!r}, "
            f"hint={self.hint!r}, column={self.column!r})"
        )

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        if self.line and self.column:
            where = f"{where}:{self.column}"
        text = f"{where}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


_FIELDS = ("source", "message", "line", "hint", "column")
"""Problem's fields in the order of its constructor."""


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
