"""The outcome and key-account sections of a combined report. Pure.

Outcomes, currency, the customers file, total revenue and each key account's revenue,
tier, sponsor and review date are facts: ``combine.mismatches`` has checked that the
files agree on them or give them in one file only, so each is taken from the first
file (in respondent order) that gives it. A key account's element levels are
judgements: per account and element, the exact mean of the levels of the respondents
who list that account; the account's score and flags come from those means, and the
company-level answer they are compared with is the combined (mean) answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from ci_assess.core.combine import Voice
from ci_assess.core.key_accounts import ElementLevel
from ci_assess.core.models.key_accounts import Customer, KeyAccount, KeyAccountFacts
from ci_assess.core.models.outcomes import Outcome
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.core.outcome_sections import section_for
from ci_assess.core.outcomes import outcome_results
from ci_assess.core.scoring_input import Levels, NotApplicable


def merged_outcomes(voices: Sequence[Voice]) -> dict[str, Outcome]:
    """Every KPI any file gives, from the first file that gives it."""
    found: dict[str, Outcome] = {}
    for v in voices:
        for kid, given in v.answers.outcomes.items():
            found.setdefault(kid, given)
    return found


def _first_account(given: Sequence[KeyAccount]) -> KeyAccount:
    """One account's facts: each optional fact from the first file that gives it."""
    first = given[0]
    sponsor = next((a.sponsor for a in given if a.sponsor is not None), None)
    reviewed = next((a.reviewed_on for a in given if a.reviewed_on is not None), None)
    return first.model_copy(update={"sponsor": sponsor, "reviewed_on": reviewed})


def merged_accounts(
    voices: Sequence[Voice],
) -> tuple[KeyAccountFacts, list[dict[str, ElementLevel]]] | None:
    """The key accounts of every file, matched by name (trimmed, case-folded), in the
    order first met; and per account, each element's mean over the files listing it.
    None when no file has key accounts."""
    with_accounts = [v.key_accounts for v in voices if v.key_accounts is not None]
    if not with_accounts:
        return None
    listed: dict[str, list[KeyAccount]] = {}
    for facts in with_accounts:
        for account in facts.accounts:
            listed.setdefault(account.name.strip().casefold(), []).append(account)
    means: list[dict[str, ElementLevel]] = []
    for given in listed.values():
        ids = dict.fromkeys(e for a in given for e in a.elements)
        means.append(
            {eid: _mean([a.elements[eid] for a in given if eid in a.elements]) for eid in ids}
        )
    customers: tuple[Customer, ...] | None = next(
        (f.customers for f in with_accounts if f.customers is not None), None
    )
    total = next((f.total_revenue for f in with_accounts if f.total_revenue is not None), None)
    accounts = tuple(_first_account(given) for given in listed.values())
    return KeyAccountFacts(accounts=accounts, customers=customers, total_revenue=total), means


def _mean(levels: Sequence[int]) -> ElementLevel:
    mean = Fraction(sum(levels), len(levels))
    return mean.numerator if mean.denominator == 1 else mean


def with_combined_outcomes(
    report: Report, questionnaire: Questionnaire, voices: Sequence[Voice], levels: Levels
) -> Report:
    """``report`` with ``outcomes``, ``key_accounts`` and ``currency`` of the combined
    files; ``levels`` are the combined (mean) levels the company-level answers are."""
    section = None
    merged = merged_accounts(voices)
    if merged is not None:
        facts, means = merged
        company = {qid: lv for qid, lv in levels.items() if not isinstance(lv, NotApplicable)}
        section = section_for(questionnaire, facts, report.assessed_on, company, means)
    currency = next((v.answers.currency for v in voices if v.answers.currency), None)
    return report.model_copy(
        update={
            "outcomes": outcome_results(questionnaire.outcomes, merged_outcomes(voices)),
            "key_accounts": section,
            "currency": currency,
        }
    )
