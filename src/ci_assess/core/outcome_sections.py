"""The report's outcome and key-account sections, added to a scored report. Pure.

Kept apart from scoring on purpose: outcomes and key-account data never change a
maturity score, the position, the placement or the priorities, and this function
only adds its three keys to a report that is already complete.

The outcome and key-account modules (and their result models) are imported by the
first file that has outcomes or key accounts: most answers files have neither, and
those modules cost some 30 M instructions at every report's start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report

if TYPE_CHECKING:
    from ci_assess.core.key_accounts import ElementLevel
    from ci_assess.core.models.key_accounts import KeyAccountFacts
    from ci_assess.core.models.outcome_report import KeyAccountsResult


def company_levels(answers: AnswersFile) -> dict[str, int]:
    """The answered levels by question id (N/A left out)."""
    return {qid: a.level for qid, a in answers.answers.items() if a.level is not None}


def section_for(
    questionnaire: Questionnaire,
    facts: KeyAccountFacts,
    assessed_on: dt.date | None,
    company: Mapping[str, ElementLevel],
    element_levels: Sequence[Mapping[str, ElementLevel]] | None = None,
) -> KeyAccountsResult:
    """The key-account section with the questionnaire's elements, tiers, rules and scale
    (one file's, or a combined report's with the respondents' mean levels)."""
    from ci_assess.core.key_accounts import key_accounts_section

    return key_accounts_section(
        facts,
        questionnaire.key_account_elements,
        questionnaire.value_journey,
        questionnaire.key_account_rules,
        (questionnaire.min_level, questionnaire.max_level),
        assessed_on,
        company,
        element_levels,
    )


def with_outcomes(
    report: Report,
    questionnaire: Questionnaire,
    answers: AnswersFile,
    facts: KeyAccountFacts | None,
) -> Report:
    """``report`` with ``outcomes``, ``key_accounts`` and ``currency`` from the answers file."""
    section = None
    if facts is not None:
        section = section_for(questionnaire, facts, answers.assessed_on, company_levels(answers))
    outcomes: tuple[object, ...] = ()  # what outcome_results gives for none
    if answers.outcomes:
        from ci_assess.core.outcomes import outcome_results

        outcomes = outcome_results(questionnaire.outcomes, answers.outcomes)
    return report.model_copy(
        update={
            "outcomes": outcomes,
            "key_accounts": section,
            "currency": answers.currency,
        }
    )
