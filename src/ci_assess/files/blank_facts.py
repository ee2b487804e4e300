"""The commented ``outcomes:`` and ``key_accounts:`` blocks of a blank answers file.

Commented out, so that the template loads and validates as it is; the consultant
uncomments what the client can supply. Every KPI of the catalogue is listed with its
unit and direction, the key-account elements with the level scale, and the tiers.
"""

from __future__ import annotations

from ci_assess.core.models.outcomes import UNIT_WORDS
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.files.answers_yaml import comment_lines


def outcomes_block(questionnaire: Questionnaire) -> list[str]:
    """Every KPI of the catalogue as a commented line to fill in."""
    if not questionnaire.outcomes:
        return []
    lines = [
        "# Outcome indicators: a baseline, today's value and a target per KPI (they never",
        "# change a score). Uncomment 'outcomes:' and the lines the client can supply. Each",
        "# side is {value: N, on: YYYY-MM-DD}; the NPS may give {promoters: N, passives: N,",
        "# detractors: N, on: ...} and customer lifetime value {margin: N, retention: 0.8,",
        "# discount: 0.1, on: ...}. A KPI of the client's own: custom.<name> with title, unit",
        "# (percent, nps, currency, count, days, ratio) and better (higher or lower).",
        "# currency: EUR         # ISO 4217: every money value in this file",
        "# outcomes:",
    ]
    for kpi in questionnaire.outcomes:
        lines.extend(
            comment_lines("  # ", f"{kpi.title}: {UNIT_WORDS[kpi.unit]}, {kpi.better} is better")
        )
        lines.append(
            f"  # {kpi.id}: {{baseline: {{value: , on: }}, today: {{value: , on: }}, target: }}"
        )
    lines.append(
        "  # custom.onboarding_days: {title: Days to onboard a key account, unit: days, "
        "better: lower, baseline: {value: 40}, today: {value: 28}}"
    )
    return lines


def key_accounts_block(questionnaire: Questionnaire) -> list[str]:
    """One commented key account with every element, and the customers file."""
    if not questionnaire.key_account_elements:
        return []
    lo, hi = questionnaire.min_level, questionnaire.max_level
    tiers = ", ".join(
        f"{t.tier} {t.name.lower()}"
        for t in sorted(questionnaire.value_journey, key=lambda t: -t.tier)
    )
    elements = ", ".join(f"{e.id}: " for e in questionnaire.key_account_elements)
    lines = [
        "# Key accounts: each with its revenue this year, its tier on the value journey",
        f"# ({tiers})",
        f"# and a level {lo}..{hi} for each of the seven key-account elements (a diagnostic",
        "# per account: it never enters a score). Or key_accounts: accounts.csv (header",
        "# name,revenue,tier,<the elements>,sponsor,reviewed_on).",
        "# customers: customers.csv     # every customer's revenue (header customer,revenue)",
        "# total_revenue:               # the company's total revenue, without a customers file",
        "# key_accounts:",
        "  # - name: ",
        "  #   revenue: ",
        "  #   tier: ",
        f"  #   elements: {{{elements}}}",
        "  #   sponsor:                 # the board-level sponsor",
        "  #   reviewed_on:             # last review of its key-account status, YYYY-MM-DD",
    ]
    return lines
