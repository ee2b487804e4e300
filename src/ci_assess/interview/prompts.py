"""The prompt protocol of the interview: what it can show and how it asks.

The interview (``interview.session`` and the modules it runs) talks to a person only
through ``Prompt``: ``ask`` for a line of text and ``say`` one of the plain views
below (``views.py`` builds them). Tests drive it with scripted replies;
``cli.views.terminal.TerminalPrompt`` renders the views with rich and reads standard
input, keyboard or pipe alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

# Piped replies that are all invalid would otherwise be re-asked until input ends.
INVALID_REPLY_LIMIT = 20

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


class TooManyInvalidReplies(Exception):
    """``ReplyLimit``'s way of ending the interview: every recent reply was refused."""


class ReplyLimit:
    """A ``Prompt`` that gives up after ``limit`` invalid replies in a row.

    For piped input, where nobody reads the warnings: a script feeding the wrong
    replies should fail (the file saved), not loop through its whole input. A reply
    counts as invalid when the interview answers it with a warning; any other reply
    starts the count again.
    """

    def __init__(self, prompt: Prompt, limit: int = INVALID_REPLY_LIMIT) -> None:
        self._prompt = prompt
        self._limit = limit
        self._streak = 0
        self._warned = False  # the last reply drew a warning

    def ask(self, text: str) -> str:
        """Ask through the wrapped prompt, counting refused replies in a row."""
        if not self._warned:
            self._streak = 0
        self._warned = False
        return self._prompt.ask(text)

    def say(self, item: Shown) -> None:
        """Show ``item``; raise TooManyInvalidReplies at the ``limit``-th warning in a row."""
        self._prompt.say(item)
        if isinstance(item, Notice) and item.tone == "warning":
            self._warned = True
            self._streak += 1
            if self._streak >= self._limit:
                raise TooManyInvalidReplies(self._streak)
