"""Domain errors: each carries the message the user sees.

Core modules raise these; only ``cli.py`` turns them into output and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, located as precisely as we can."""

    source: str
    message: str
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        text = f"{where}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class CiAssessError(Exception):
    """Base class: a user-facing error. ``exit_code`` is what the CLI returns."""

    exit_code = 2

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
