"""Outcomes and key accounts of an answers file, checked against the questionnaire.

What the answers model alone cannot check, because it needs the questionnaire's
catalogue or other files: unknown KPI ids, a custom KPI without its title, unit or
direction, a value outside its unit's range, a reading in a form its KPI does not
take; key accounts without all seven elements or with levels off the scale; the
customers and accounts CSV files (read here, relative to the answers file), and key
accounts that the customers file lacks or lists with another revenue. Every problem
names the file and the line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.key_accounts import Customer, KeyAccount, KeyAccountFacts
from ci_assess.core.models.outcomes import (
    CUSTOM_PREFIX,
    UNIT_RANGES,
    UNIT_WORDS,
    Kpi,
    Outcome,
    Reading,
)
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.errors import InputError, Problem
from ci_assess.files import yamlio
from ci_assess.files.revenue_csv import name_key, read_accounts, read_customers, resolve
from ci_assess.files.yamlio import Loc, SourceMap

_CUSTOM_KEYS = ("title", "unit", "better")
_FORMS = {
    "nps_counts": ("promoters, passives and detractors", "the net promoter score"),
    "clv": ("margin, retention and discount", "customer lifetime value"),
}


class _Where:
    """The answers file's name and lines, its YAML composed only when a problem needs one."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self._text = text
        self._lines: SourceMap | None = None

    def line(self, loc: Loc) -> int | None:
        """The line of the key at ``loc``."""
        if self._lines is None:
            self._lines = SourceMap(self._text)
        return self._lines.line(loc)

    def problem(self, loc: Loc, message: str, hint: str | None = None) -> Problem:
        """A problem of the answers file at the key ``loc``."""
        return Problem(self.source, message, self.line(loc), hint)


def check(
    answers: AnswersFile, questionnaire: Questionnaire, source: str, text: str, base: Path
) -> tuple[KeyAccountFacts | None, list[Problem]]:
    """The key-account facts (files read), and every problem of outcomes and key accounts."""
    where = _Where(source, text)
    problems = list(_outcome_problems(answers, questionnaire, where))
    facts, found = _key_account_facts(answers, questionnaire, where, base)
    return facts, [*problems, *found]


# --- outcomes ------------------------------------------------------------------------


def _outcome_problems(answers: AnswersFile, q: Questionnaire, where: _Where) -> Iterator[Problem]:
    catalogue = {k.id: k for k in q.outcomes}
    for kid, entry in answers.outcomes.items():
        at: Loc = ("outcomes", kid)
        kpi = catalogue.get(kid)
        if kid.startswith(CUSTOM_PREFIX):
            missing = [k for k in _CUSTOM_KEYS if getattr(entry, k) is None]
            if missing:
                yield where.problem(
                    at,
                    f"outcomes: {kid}: a custom KPI needs {', '.join(missing)}",
                    "e.g. {title: Days to onboard, unit: days, better: lower, ...}",
                )
                continue
        elif kpi is None:
            yield where.problem(at, f"outcomes: unknown KPI {yamlio.quote(kid)}", _kpi_hint(kid, q))
            continue
        else:
            given = [k for k in _CUSTOM_KEYS if getattr(entry, k) is not None]
            if given:
                yield where.problem(
                    (*at, given[0]),
                    f"outcomes: {kid}: the questionnaire defines its {', '.join(given)}",
                    f"remove {', '.join(given)}, or name a KPI of your own custom.{kid}",
                )
        yield from _value_problems(kid, entry, kpi, where)


def _kpi_hint(kid: str, q: Questionnaire) -> str:
    match = difflib.get_close_matches(kid, [k.id for k in q.outcomes], n=1, cutoff=0.6)
    if match:
        return f"did you mean {match[0]!r}? (a KPI of your own is named custom.{kid})"
    if not q.outcomes:
        return f"this questionnaire has no KPI catalogue: name it custom.{kid}"
    return f"known KPIs: {', '.join(k.id for k in q.outcomes)}; or name it custom.{kid}"


def _value_problems(kid: str, entry: Outcome, kpi: Kpi | None, where: _Where) -> Iterator[Problem]:
    unit = kpi.unit if kpi else entry.unit or "ratio"
    computed = kpi.computed_from if kpi else None
    for side in ("baseline", "today"):
        reading: Reading | None = getattr(entry, side)
        if reading is None:
            continue
        at: Loc = ("outcomes", kid, side)
        if reading.form is not None and reading.form != computed:
            takes, only = _FORMS[reading.form]
            yield where.problem(
                at,
                f"outcomes: {kid}.{side}: {takes} are only for {only}",
                "give {value: N, on: YYYY-MM-DD}",
            )
        if reading.value is not None:
            yield from _range(kid, f"{side}", reading.value, unit, (*at, "value"), where)
    if entry.target is not None:
        yield from _range(kid, "target", entry.target, unit, ("outcomes", kid, "target"), where)


def _range(
    kid: str, what: str, value: float, unit: str, at: Loc, where: _Where
) -> Iterator[Problem]:
    low, high = UNIT_RANGES[unit]
    if (low is not None and value < low) or (high is not None and value > high):
        hint = f"{kid} is {UNIT_WORDS[unit]}"
        if unit == "percent" and 0 < value < 1:
            hint += f": write {value * 100:g} for {value * 100:g} %"
        elif unit == "percent" and value > 100:
            hint += " (write 86 for 86 %)"
        yield where.problem(at, f"outcomes: {kid}.{what}: {plain(value)} is out of range", hint)


# --- key accounts --------------------------------------------------------------------


def _key_account_facts(
    answers: AnswersFile, q: Questionnaire, where: _Where, base: Path
) -> tuple[KeyAccountFacts | None, list[Problem]]:
    given = answers.key_accounts
    if given is None:
        if answers.customers is not None:
            return None, [
                where.problem(
                    ("customers",),
                    "customers: the concentration view is part of the key-account section",
                    "list the key accounts under key_accounts (or write key_accounts: [] for "
                    "the concentration alone)",
                )
            ]
        return None, []
    if not q.key_account_elements:
        return None, [
            where.problem(
                ("key_accounts",),
                "key_accounts: this questionnaire has no key-account elements",
                "use questionnaire customer-intimacy 2.0.0 or later, or remove key_accounts",
            )
        ]
    problems: list[Problem] = []
    elements = [e.id for e in q.key_account_elements]
    scale = (q.min_level, q.max_level)
    # Each account with where it was written: its file, line and the loc used for YAML.
    placed: list[tuple[KeyAccount, str, int | None]] = []
    if isinstance(given, str):
        path = resolve(given, base)
        try:
            placed = [(a, str(path), line) for a, line in read_accounts(path, elements, scale)]
        except InputError as exc:
            problems.extend(exc.problems)
    else:
        for n, account in enumerate(given):
            problems.extend(_element_problems(n, account, elements, scale, where))
            placed.append((account, where.source, where.line(("key_accounts", n))))
    customers: tuple[Customer, ...] | None = None
    if answers.customers is not None:
        try:
            customers = read_customers(resolve(answers.customers, base))
        except InputError as exc:
            problems.extend(exc.problems)
    problems.extend(_duplicates(placed, where.source))
    if customers is not None:
        problems.extend(
            _against_customers(placed, customers, str(resolve(answers.customers or "", base)))
        )
    if problems:
        return None, problems
    facts = KeyAccountFacts(
        accounts=tuple(a for a, _, _ in placed),
        customers=customers,
        total_revenue=answers.total_revenue,
    )
    return facts, []


def _element_problems(
    n: int, account: KeyAccount, elements: list[str], scale: tuple[int, int], where: _Where
) -> Iterator[Problem]:
    low, high = scale
    missing = [e for e in elements if e not in account.elements]
    if missing:
        yield where.problem(
            ("key_accounts", n, "elements"),
            f"key_accounts[{n}] {account.name!r}: elements missing: {', '.join(missing)}",
            f"score all seven: {', '.join(elements)}",
        )
    for eid, level in account.elements.items():
        at: Loc = ("key_accounts", n, "elements", eid)
        if eid not in elements:
            match = difflib.get_close_matches(eid, elements, n=1, cutoff=0.6)
            yield where.problem(
                at,
                f"key_accounts[{n}]: unknown element {yamlio.quote(eid)}",
                f"did you mean {match[0]!r}?" if match else f"the elements: {', '.join(elements)}",
            )
        elif not low <= level <= high:
            yield where.problem(
                at,
                f"key_accounts[{n}].elements.{eid}: level {level} is outside the scale",
                f"levels are {low}..{high}",
            )


def _duplicates(
    placed: list[tuple[KeyAccount, str, int | None]], answers_source: str
) -> Iterator[Problem]:
    """Accounts listed twice in the answers file (the accounts CSV checks its own)."""
    seen: set[str] = set()
    for account, source, line in placed:
        key = name_key(account.name)
        if key in seen and source == answers_source:
            yield Problem(source, f"key account {account.name!r} is listed twice", line)
        seen.add(key)


def plain(value: float) -> str:
    """A number as a person wrote it: 4200000, not 4.2e+06; 0.8 as 0.8."""
    return str(int(value)) if value.is_integer() else repr(value)


def _against_customers(
    placed: list[tuple[KeyAccount, str, int | None]], customers: tuple[Customer, ...], csv_name: str
) -> Iterator[Problem]:
    by_name = {name_key(c.name): c for c in customers}
    for account, source, line in placed:
        customer = by_name.get(name_key(account.name))
        if customer is None:
            yield Problem(
                source,
                f"key account {account.name!r} is not in {csv_name}",
                line,
                f"add it to {csv_name} with its revenue, or correct the name",
            )
        elif Fraction(repr(customer.revenue)) != Fraction(repr(account.revenue)):
            yield Problem(
                source,
                f"key account {account.name!r}: revenue {plain(account.revenue)} here, but "
                f"{plain(customer.revenue)} in {csv_name} line {customer.row}",
                line,
                "give the same revenue in both files",
            )
