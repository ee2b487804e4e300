"""``interview --section outcomes``: each KPI's baseline, today and target, then custom KPIs.

Per KPI of the questionnaire's catalogue: the baseline value and its date, today's
value and its date, and the target, each skippable (Enter keeps what the file holds,
``-`` clears it). The net promoter score is asked as counts or as a value; customer
lifetime value as a value or from margin, retention and discount. Each confirmed
reply is validated as loading would (the unit's range, today not before the
baseline) and saved at once. Then custom KPIs may be added (``custom.<name>``).

Every line shown is in the interview's language (``interview.text``); the KPI titles
come from the questionnaire's overlay. The reply keys (c, v, i, -, q) and the values
typed (higher, lower, the units, numbers with a dot) are the same in every language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ci_assess.core.models.outcomes import (
    CUSTOM_PREFIX,
    UNIT_RANGES,
    UNIT_WORDS,
    Kpi,
    Outcome,
)
from ci_assess.interview.facts import Asker, parse_date, parse_number
from ci_assess.interview.prompts import Prompt
from ci_assess.interview.section_errors import Reask
from ci_assess.interview.text import N_, _

if TYPE_CHECKING:
    from ci_assess.interview.session import Session

KEEP, CLEAR = "", "-"
_CUSTOM_NAME = re.compile(r"[a-z][a-z0-9_]*")
UNITS = tuple(UNIT_RANGES)
_SIDE_KEYS = ("value", "promoters", "passives", "detractors", "margin", "retention", "discount")
SIDES = {"baseline": N_("baseline"), "today": N_("today")}
"""A reading's side as the prompts name it (the file's keys stay baseline and today)."""
COUNT_LABELS = {
    "promoters": N_("%(side)s promoters (a count)"),
    "passives": N_("%(side)s passives (a count)"),
    "detractors": N_("%(side)s detractors (a count)"),
}


class OutcomesSection:
    """Asks and saves the outcome indicators."""

    def __init__(self, session: Session, prompt: Prompt) -> None:
        self.session = session
        self.asker = Asker(prompt)

    @property
    def _outcomes(self) -> dict[str, Any]:
        return dict(self.session.draft.extras.get("outcomes", {}))

    def run(self) -> None:
        """Every catalogue KPI in order, then custom ones."""
        catalogue = self.session.questionnaire.outcomes
        if not catalogue:
            self.asker.say(_("This questionnaire has no KPI catalogue; add custom KPIs."), "help")
        self.asker.say(
            _(
                "Outcomes: for each indicator its baseline, today's value and the target. "
                "Enter keeps what is there (or skips), '-' clears it, q saves and stops."
            ),
            "help",
        )
        for n, kpi in enumerate(catalogue, 1):
            values = {"title": kpi.title, "n": n, "total": len(catalogue)}
            values["unit"] = _(UNIT_WORDS[kpi.unit])
            self.asker.say(
                _("── %(title)s (%(n)s of %(total)s) · %(unit)s, higher is better", **values)
                if kpi.better == "higher"
                else _("── %(title)s (%(n)s of %(total)s) · %(unit)s, lower is better", **values)
            )
            if kpi.description:
                self.asker.say(kpi.description, "help")
            self._kpi(kpi.id, kpi)
        self._custom()

    def _custom(self) -> None:
        while True:
            name = self.asker.ask(_("custom KPI to add or edit (a name, Enter = done)"), _custom_id)
            if name is None:
                return
            kid = CUSTOM_PREFIX + name
            entry = self._outcomes.get(kid, {})
            title = self.asker.ask(_("title") + _now(entry.get("title")), _text(entry.get("title")))
            unit = self.asker.ask(
                _("unit (%(units)s)", units=", ".join(UNITS)) + _now(entry.get("unit")),
                _choice(UNITS, entry.get("unit")),
            )
            better = self.asker.ask(
                _("better: higher or lower") + _now(entry.get("better")),
                _choice(("higher", "lower"), entry.get("better")),
            )
            self._save(kid, {**entry, "title": title, "unit": unit, "better": better})
            kpi = Kpi(id=name, title=title, unit=unit, better=better)
            self._kpi(kid, kpi)

    def _kpi(self, kid: str, kpi: Kpi) -> None:
        for side in ("baseline", "today"):
            self._side(kid, kpi, side)
        entry = self._outcomes.get(kid, {})
        low, high = UNIT_RANGES[kpi.unit]
        target = self.asker.ask(
            _("target") + _now(entry.get("target")),
            _optional(lambda r: parse_number(r, low, high)),
        )
        if target is not None:
            self._save(kid, _set(entry, "target", target))

    def _side(self, kid: str, kpi: Kpi, side: str) -> None:
        entry = self._outcomes.get(kid, {})
        current: dict[str, Any] = dict(entry.get(side, {}))
        named = _(SIDES[side])
        form = "value"
        if kpi.computed_from == "nps_counts":
            form = self.asker.ask(
                _("%(side)s: c = counts, v = value", side=named) + _now(_shown(current)),
                _form("c", "counts"),
            )
        elif kpi.computed_from == "clv":
            form = self.asker.ask(
                _("%(side)s: v = value, i = margin, retention and discount", side=named)
                + _now(_shown(current)),
                _form("i", "inputs"),
            )
        if form == "skip":
            return
        if form == "clear":
            self._save(kid, _set(entry, side, None))
            return
        given = self._side_values(kpi, side, form, current)
        if given is not None:
            reading = {k: v for k, v in current.items() if k not in _SIDE_KEYS} | given
            self._save(kid, _set(entry, side, reading))
        elif not current:
            return  # skipped: no reading to date
        on = self.asker.ask(
            _("%(side)s date (YYYY-MM-DD)", side=named) + _now(current.get("on")),
            _optional(parse_date),
        )
        if on is not None:
            self._save_dated(kid, side, on)

    def _side_values(
        self, kpi: Kpi, side: str, form: str, current: dict[str, Any]
    ) -> dict[str, Any] | None:
        named = _(SIDES[side])
        if form == "counts":
            counts = {}
            for key, label in COUNT_LABELS.items():
                counts[key] = self.asker.ask(_(label, side=named), _count)
            if sum(counts.values()) == 0:
                self.asker.say(_("the counts add up to 0: the reading is not recorded"), "warning")
                return None
            return counts
        if form == "inputs":
            margin = self.asker.ask(
                _("%(side)s margin per customer per year", side=named), parse_number
            )
            retention = self.asker.ask(
                _("%(side)s retention, a fraction (0.8 for 80 %%)", side=named), _retention
            )
            discount = self.asker.ask(
                _("%(side)s discount rate, a fraction (0.1 for 10 %%)", side=named), _discount
            )
            return {"margin": margin, "retention": retention, "discount": discount}
        low, high = UNIT_RANGES[kpi.unit]
        value = self.asker.ask(
            _("%(side)s value", side=named) + _now(current.get("value")),
            _optional(lambda r: parse_number(r, low, high)),
        )
        if value is None:
            return None
        return {"value": value}

    def _save_dated(self, kid: str, side: str, on: dt.date | str) -> None:
        entry = self._outcomes.get(kid, {})
        reading = dict(entry.get(side, {}))
        if on == CLEAR:
            reading.pop("on", None)
        else:
            reading["on"] = on
        try:
            self._save(kid, _set(entry, side, reading))
        except Reask as exc:
            self.asker.say(str(exc), "warning")
            label = _("%(side)s date (YYYY-MM-DD)", side=_(SIDES[side]))
            self._save_dated(kid, side, self.asker.ask(label, parse_date))

    def _save(self, kid: str, entry: dict[str, Any]) -> None:
        """Validate the entry as loading would, then write the file (an empty entry goes)."""
        try:
            Outcome.model_validate(entry)
        except ValidationError as exc:
            raise Reask(_refusal(exc.errors()[0]["msg"].removeprefix("Value error, "))) from None
        outcomes = self._outcomes
        if entry:
            outcomes[kid] = entry
        else:
            outcomes.pop(kid, None)
        self.session.set_extra("outcomes", outcomes or None)


_DATED_BEFORE = re.compile(r"today is dated (?P<now>\S+), before its baseline \((?P<first>[^)]+)\)")


def _refusal(message: str) -> str:
    """The model's refusal in the interview's language: the one the prompts cannot rule
    out beforehand (today dated before the baseline); the others stay as the model says."""
    found = _DATED_BEFORE.fullmatch(message)
    if found is None:
        return message
    return _(
        "today is dated %(now)s, before its baseline (%(first)s)",
        now=found["now"],
        first=found["first"],
    )


def _set(entry: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    changed = {k: v for k, v in entry.items() if k != key}
    if value is not None and value != CLEAR:
        changed[key] = value
    # Keep the file's key order: baseline, today, target after a custom KPI's own keys.
    order = ("title", "unit", "better", "baseline", "today", "target")
    return {k: changed[k] for k in order if k in changed}


def _now(value: Any) -> str:
    return "" if value in (None, "") else _(" (now %(value)s)", value=value)


def _shown(reading: dict[str, Any]) -> str:
    if not reading:
        return ""
    return ", ".join(f"{k} {v}" for k, v in reading.items())


def _optional(parse: Any) -> Any:
    def read(reply: str) -> Any:
        if reply == KEEP:
            return None
        if reply == CLEAR:
            return CLEAR
        return parse(reply)

    return read


def _form(letter: str, name: str) -> Any:
    def read(reply: str) -> str:
        lowered = reply.lower()
        if lowered == KEEP:
            return "skip"
        if lowered == CLEAR:
            return "clear"
        if lowered == "v":
            return "value"
        if lowered == letter:
            return name
        raise Reask(_("type %(letter)s or v, Enter to keep or skip, - to clear", letter=letter))

    return read


def _count(reply: str) -> int:
    if not reply.isdecimal():
        raise Reask(_("not a count: %(reply)r; give a whole number, 0 or more", reply=reply))
    return int(reply)


def _retention(reply: str) -> float:
    value = parse_number(reply)
    if 1 <= value <= 100:
        raise Reask(
            _(
                "retention is a fraction: write %(fraction)s for %(percent)s %%",
                fraction=f"{value / 100:g}",
                percent=f"{value:g}",
            )
        )
    if not 0 <= value < 1:
        raise Reask(_("retention is a fraction from 0 to under 1, e.g. 0.8"))
    return value


def _discount(reply: str) -> float:
    return parse_number(reply, 0, 1)


def _custom_id(reply: str) -> str | None:
    if not reply:
        return None
    name = reply.removeprefix(CUSTOM_PREFIX)
    if not _CUSTOM_NAME.fullmatch(name):
        raise Reask(_("a name in lower case, digits and _, e.g. onboarding_days"))
    return name


def _text(current: str | None) -> Any:
    def read(reply: str) -> str:
        if reply:
            return reply
        if current:
            return current
        raise Reask(_("required"))

    return read


def _choice(choices: tuple[str, ...], current: str | None) -> Any:
    def read(reply: str) -> str:
        if not reply and current:
            return current
        if reply.lower() in choices:
            return reply.lower()
        raise Reask(_("type one of: %(choices)s", choices=", ".join(choices)))

    return read
