"""The prompt protocol of the interview: what it can show and how it asks.

The interview (``interview.session`` and the modules it runs) talks to a person only
through ``Prompt``: ``ask`` for a line of text (pre-filled when an existing text is
edited), ``say`` one of the plain views below (``views.py`` builds them), and ``now``
for the clock of the progress line. Tests drive it with scripted replies and a fixed
clock; ``cli.views.terminal.TerminalPrompt`` renders the views with rich and reads
standard input, with line editing at a terminal, or from a pipe.

Every prompt is wrapped in ``CleanReplies`` by the session, so that no reply carries
a control character into the answers file, whatever the prompt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from ci_assess.core.text import cleaned

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
    compact: bool = False
    """Level names on one line, descriptions on '?' (``--compact``, 'c')."""
    elapsed: float | None = None
    """Seconds since this session started, for the timer of the progress line."""
    remaining: float | None = None
    """Seconds left at the median pace of this session's answers (after five)."""


@dataclass(frozen=True)
class ReviewRow:
    """One question in the review: its answer (None when unanswered) and notes."""

    number: int
    question_id: str
    group_title: str
    answer: str | None
    details: str
    text: str = ""
    """The question, for a line cut to the screen's width."""


@dataclass(frozen=True)
class ReviewGroup:
    """One group's line in the review: its counts and the questions without an answer."""

    number: int
    group_id: str
    title: str
    size: int
    answered: int
    not_applicable: int
    unanswered: tuple[int, ...]
    """The numbers of its questions without an answer."""


@dataclass(frozen=True)
class ReviewView:
    """The closing review: one line per group (``groups``), or one group's questions.

    ``rows`` are the questions shown: those of ``shown_group`` when one group is
    listed, else none (the summary fits a 24-line screen; 'v N' lists a group).
    """

    rows: tuple[ReviewRow, ...]
    answered: int
    not_applicable: int
    unanswered: int
    keys: str
    groups: tuple[ReviewGroup, ...] = ()
    shown_group: str | None = None


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

    def ask(self, text: str, *, prefill: str = "", free_text: bool = False) -> str:
        """Ask for one line; raise EOFError when input has ended.

        ``prefill`` is an existing text being edited: where a line can be edited (a
        terminal) the line starts with it and the reply is the edited line; where it
        cannot (a pipe, a script), an empty reply keeps it. ``free_text`` marks a
        note or evidence prompt, whose earlier replies form its editing history.
        """

    def say(self, item: Shown) -> None:
        """Show a view or a notice."""

    def now(self) -> float:
        """Seconds on a monotonic clock: the timer of the progress line."""


class CleanReplies:
    """A ``Prompt`` whose replies never hold a control character or a bidi override.

    What line editing left in a reply (an escape sequence from a key it does not
    know, a pasted control character) is removed, with a notice, before the
    interview sees it: nothing of it can reach the answers file or a report.
    """

    def __init__(self, prompt: Prompt) -> None:
        self._prompt = prompt

    def ask(self, text: str, *, prefill: str = "", free_text: bool = False) -> str:
        """Ask through the wrapped prompt; remove what no text field may hold."""
        reply, removed = cleaned(self._prompt.ask(text, prefill=prefill, free_text=free_text))
        if removed:
            plural = "s" if removed > 1 else ""
            self._prompt.say(
                Notice(
                    f"removed {removed} control character{plural} or escape sequence{plural} "
                    f"(a key this terminal does not edit with?): {reply!r} is kept",
                )
            )
        return reply

    def say(self, item: Shown) -> None:
        """Show ``item`` through the wrapped prompt."""
        self._prompt.say(item)

    def now(self) -> float:
        """The wrapped prompt's clock."""
        return self._prompt.now()


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

    def ask(self, text: str, *, prefill: str = "", free_text: bool = False) -> str:
        """Ask through the wrapped prompt, counting refused replies in a row."""
        if not self._warned:
            self._streak = 0
        self._warned = False
        return self._prompt.ask(text, prefill=prefill, free_text=free_text)

    def now(self) -> float:
        """The wrapped prompt's clock."""
        return self._prompt.now()

    def say(self, item: Shown) -> None:
        """Show ``item``; raise TooManyInvalidReplies at the ``limit``-th warning in a row."""
        self._prompt.say(item)
        if isinstance(item, Notice) and item.tone == "warning":
            self._warned = True
            self._streak += 1
            if self._streak >= self._limit:
                raise TooManyInvalidReplies(self._streak)
