"""Outcome and key-account facts across several respondents' files. Pure.

For combining respondents (issue 14): revenue, tier, sponsor, last review and every
outcome reading are facts, so the files of one company must agree on them; the
element levels per account are opinions, combined like answers (their mean). The
parsed models are frozen and compare with ``==``, which is all this needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ci_assess.core.models.key_accounts import KeyAccount
from ci_assess.core.models.outcomes import Outcome

ACCOUNT_FACTS = ("revenue", "tier", "sponsor", "reviewed_on")


@dataclass(frozen=True)
class Disagreement:
    """One fact two files give differently: what, and each file's value."""

    subject: str
    """``outcomes.<kpi id>`` or ``key_accounts.<name>.<fact>``."""
    values: tuple[tuple[str, str], ...]
    """(source, value as text) for every file that gives it, in the order given."""


def disagreements(
    outcomes: Mapping[str, Mapping[str, Outcome]],
    accounts: Mapping[str, Sequence[KeyAccount]],
) -> list[Disagreement]:
    """Every outcome and account fact on which the files (source -> data) differ.

    A fact one file gives and another leaves out is a disagreement too: the combined
    report could not say which is right.
    """
    found: list[Disagreement] = []
    kpis = sorted({k for per_file in outcomes.values() for k in per_file})
    for kid in kpis:
        given = [(src, per_file.get(kid)) for src, per_file in outcomes.items()]
        if len({entry for _, entry in given}) > 1:
            found.append(Disagreement(f"outcomes.{kid}", _shown(given)))
    by_name: dict[str, list[tuple[str, KeyAccount | None]]] = {}
    names = [a.name for per_file in accounts.values() for a in per_file]
    for name in dict.fromkeys(names):
        for src, per_file in accounts.items():
            match = next((a for a in per_file if a.name == name), None)
            by_name.setdefault(name, []).append((src, match))
    for name, given_accounts in by_name.items():
        for fact in ACCOUNT_FACTS:
            values = [(src, None if a is None else getattr(a, fact)) for src, a in given_accounts]
            if len({v for _, v in values}) > 1:
                found.append(Disagreement(f"key_accounts.{name}.{fact}", _shown(values)))
    return found


def _shown(values: Sequence[tuple[str, object]]) -> tuple[tuple[str, str], ...]:
    return tuple((src, "absent" if v is None else str(v)) for src, v in values)


def mean_elements(accounts: Sequence[KeyAccount]) -> dict[str, Fraction]:
    """One account's element levels over several respondents: the exact mean per element."""
    ids = dict.fromkeys(e for a in accounts for e in a.elements)
    return {
        e: Fraction(
            sum(a.elements[e] for a in accounts if e in a.elements),
            sum(e in a.elements for a in accounts),
        )
        for e in ids
    }
