"""The interview's outcome and key-account sections: shared parts and the dispatch.

``ci-assess interview --section outcomes|key-accounts`` runs one of them instead of
the questions (after the metadata, as always). They keep the answers file's
outcomes, key accounts, customers file, total revenue and currency as plain data in
``Draft.extras``, so that a resumed interview writes back exactly what the file held.
Every reply goes through ``Prompt``; every confirmed change is saved at once. What they
show is in the interview's language (``interview.text``); the replies typed are not.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ci_assess.core.models.answers import AnswersFile
from ci_assess.interview.navigation import Outcome
from ci_assess.interview.prompts import Notice, Prompt, Tone
from ci_assess.interview.section_errors import Quit, Reask
from ci_assess.interview.text import _

if TYPE_CHECKING:
    from ci_assess.interview.session import Session

SECTIONS = ("outcomes", "key-accounts")
FACT_KEYS = ("currency", "total_revenue", "customers", "outcomes", "key_accounts")
T = TypeVar("T")


def plain(value: Any) -> Any:
    """Model data as a person writes it: 82 rather than 82.0, nothing null, lists not tuples."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def facts_data(model: AnswersFile) -> dict[str, Any]:
    """The outcome and key-account keys an answers file holds, as plain data, in file order."""
    dumped = model.model_dump(include=set(FACT_KEYS), exclude_none=True)
    return {k: plain(dumped[k]) for k in FACT_KEYS if dumped.get(k) not in (None, {}, ())}


def run_section(name: str | None, session: Session, prompt: Prompt) -> Outcome:
    """Run the named section; 'q' at any prompt saves and stops."""
    from ci_assess.interview.key_accounts_section import KeyAccountsSection
    from ci_assess.interview.outcomes_section import OutcomesSection

    try:
        if name == "outcomes":
            OutcomesSection(session, prompt).run()
        elif name == "key-accounts":
            KeyAccountsSection(session, prompt).run()
        else:  # the command line checks the name; a caller in Python may not
            raise ValueError(f"unknown section {name!r}: use {' or '.join(SECTIONS)}")
    except Quit:
        return Outcome.PAUSED
    return Outcome.FINISHED


class Asker:
    """Asks one reply at a time: 'q' quits, a refused reply is asked again with why."""

    def __init__(self, prompt: Prompt) -> None:
        self.prompt = prompt

    def say(self, text: str, tone: Tone = "info") -> None:
        """Show a line of text."""
        self.prompt.say(Notice(text, tone))

    def ask(self, label: str, parse: Callable[[str], T]) -> T:
        """Ask until ``parse`` accepts the reply (it raises Reask with the reason otherwise)."""
        while True:
            reply = self.prompt.ask(label).strip()
            if reply.lower() == "q":
                raise Quit
            try:
                return parse(reply)
            except Reask as exc:
                self.say(str(exc), "warning")


def parse_number(reply: str, low: float | None = None, high: float | None = None) -> float:
    """A number with a dot for decimals, within [low, high]."""
    try:
        value = float(reply)
    except ValueError:
        raise Reask(
            _("not a number: %(reply)r; write e.g. 86 or 0.8 (a dot for decimals)", reply=reply)
        ) from None
    if not math.isfinite(value):
        raise Reask(_("not a number: %(reply)r", reply=reply))
    if (low is not None and value < low) or (high is not None and value > high):
        shown = f"{value:g}"
        raise Reask(
            _("%(value)s is out of range: give %(range)s", value=shown, range=range_text(low, high))
        )
    return value


def range_text(low: float | None, high: float | None) -> str:
    """'0 to 100', '0 or more', 'at most 1', 'any number'."""
    if low is not None and high is not None:
        return _("%(low)s to %(high)s", low=f"{low:g}", high=f"{high:g}")
    if low is not None:
        return _("%(low)s or more", low=f"{low:g}")
    return _("any number") if high is None else _("at most %(high)s", high=f"{high:g}")


def parse_date(reply: str) -> dt.date:
    """A date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(reply)
    except ValueError:
        raise Reask(_("not a date: %(reply)r; use YYYY-MM-DD", reply=reply)) from None
