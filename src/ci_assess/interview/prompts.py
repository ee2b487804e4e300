"""The prompt protocol of the interview: what it can show and how it asks.

The interview (``interview.session``) talks to a person only through ``Prompt``:
``ask`` for a line of text and ``say`` one of the plain views below. Tests drive it
with scripted replies; ``cli.views.terminal.TerminalPrompt`` renders the views with
rich and reads standard input, keyboard or pipe alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

Tone = Literal["info", "help", "warning", "success"]


@dataclass(frozen=True)
class Notice:
    """A line or a few lines of text: information, help, or a re-ask warning."""

    text: str
    tone: Tone = "info"


@dataclass(frozen=True)
class LevelRow:
    """One level of a question's scale, as the respondent should picture it."""

    level: int
    name: str
    description: str


@dataclass(frozen=True)
class QuestionView:
    """Everything shown before asking one question."""

    question_id: str
    text: str
    help: str
    levels: tuple[LevelRow, ...]
    number: int
    total: int
    answered: int
    group_title: str
    group_number: int
    group_count: int
    in_group: int
    group_size: int
    group_answered: int
    current: str | None
    keys: str


@dataclass(frozen=True)
class ReviewRow:
    """One question in the review: its answer (None when unanswered) and notes."""

    number: int
    question_id: str
    group_title: str
    answer: str | None
    details: str


@dataclass(frozen=True)
class ReviewView:
    """The closing review of every answer."""

    rows: tuple[ReviewRow, ...]
    answered: int
    not_applicable: int
    unanswered: int
    keys: str


@dataclass(frozen=True)
class GroupRow:
    """One group offered as a jump target, with its progress."""

    number: int
    group_id: str
    title: str
    answered: int
    size: int


@dataclass(frozen=True)
class GroupsView:
    """The groups to jump to."""

    rows: tuple[GroupRow, ...]


@dataclass(frozen=True)
class InitiativeView:
    """One initiative of the engagement inventory (format 2), shown before asking it."""

    initiative_id: str
    title: str
    help: str
    number: int
    total: int
    answered: int
    current: str | None
    keys: str


Shown = Notice | QuestionView | ReviewView | GroupsView | InitiativeView


class Prompt(Protocol):
    """How the interview talks to a person."""

    def ask(self, text: str) -> str:
        """Ask for one line; raise EOFError when input has ended."""

    def say(self, item: Shown) -> None:
        """Show a view or a notice."""
