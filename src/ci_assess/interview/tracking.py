"""What the interview remembers of this run only: its changes (for 'u') and its pace.

Neither is saved: undo goes back to the start of this run, not across a resume, and
the pace of a new run starts afresh. The clock is the prompt's (``Prompt.now``), so
tests fix it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from ci_assess.core.models.answers import Answer, EngagementEntry

PACE_AFTER = 5
"""Answers of this run before the progress line estimates the time left."""


@dataclass(frozen=True)
class Change:
    """One change of this run, as it can be undone: what ``key`` held before it."""

    index: int  # the question's (or the initiative's) number on screen, from 0
    key: str
    before: Answer | EngagementEntry | None
    initiative: bool = False


class Changes:
    """This run's changes, most recent last."""

    def __init__(self) -> None:
        self._stack: list[Change] = []

    def record(self, change: Change) -> None:
        """Remember ``change`` before it is made."""
        self._stack.append(change)

    def last_effective(
        self, current: Callable[[Change], Answer | EngagementEntry | None]
    ) -> Change | None:
        """The most recent change that changed something (``current`` gives what its key
        holds now), taken off the stack with those after it that changed nothing."""
        while self._stack:
            change = self._stack.pop()
            if current(change) != change.before:
                return change
        return None


class Pace:
    """Elapsed time of this run, and the time left at the median pace of its answers."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self.started = now()
        self._shown = self.started
        self.seconds: list[float] = []  # from a question shown to its answer

    def shown(self) -> float:
        """A question is shown: seconds since the run started."""
        self._shown = self._now()
        return self._shown - self.started

    def answered(self) -> None:
        """The question shown last was answered."""
        self.seconds.append(self._now() - self._shown)

    def remaining(self, questions_left: int) -> float | None:
        """Seconds left at the median pace, after ``PACE_AFTER`` answers; else None."""
        if len(self.seconds) < PACE_AFTER:
            return None
        return statistics.median(self.seconds) * questions_left
