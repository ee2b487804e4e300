"""The commented ``outcomes:`` and ``key_accounts:`` blocks of a blank answers file.

Commented out, so that the template loads and validates as it is; the consultant
uncomments what the client can supply. Every KPI of the catalogue is listed with its
unit and direction, the key-account elements with the level scale, and the tiers.

With ``language`` (``template --lang``) the comments are in that language, one
catalogue message per line so that a translation keeps the lines short; the KPI titles
and the tiers come from the questionnaire given (its overlay's translation). Keys, ids,
units and the YAML examples are data and stay as they are.
"""

from __future__ import annotations

from ci_assess.core.models.outcomes import UNIT_WORDS
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.files.answers_yaml import comment_lines
from ci_assess.files.catalogues import translator


def N_(message: str) -> str:  # the gettext convention: extracted, translated where used
    """Mark a constant for extraction."""
    return message


UNIT_MESSAGES = (
    N_("a percentage from 0 to 100 (86 means 86 %)"),
    N_("a net promoter score from -100 to 100"),
    N_("an amount of money"),
    N_("a count, 0 or more"),
    N_("a number of days, 0 or more"),
    N_("a ratio (any sign)"),
)
"""``UNIT_WORDS``'s texts for extraction (core has no catalogue; a test keeps them equal)."""


def outcomes_block(questionnaire: Questionnaire, language: str | None = None) -> list[str]:
    """Every KPI of the catalogue as a commented line to fill in."""
    if not questionnaire.outcomes:
        return []
    t = translator(language)
    _ = t.gettext
    lines = [
        "# " + _("Outcome indicators: a baseline, today's value and a target per KPI (they never"),
        "# "
        + _("change a score). Uncomment 'outcomes:' and the lines the client can supply. Each"),
        "# "
        + _("side is {value: N, on: YYYY-MM-DD}; the NPS may give {promoters: N, passives: N,"),
        "# " + _("detractors: N, on: ...} and customer lifetime value {margin: N, retention: 0.8,"),
        "# "
        + _("discount: 0.1, on: ...}. A KPI of the client's own: custom.<name> with title, unit"),
        "# " + _("(percent, nps, currency, count, days, ratio) and better (higher or lower)."),
        "# currency: EUR         # " + _("ISO 4217: every money value in this file"),
        "# outcomes:",
    ]
    for kpi in questionnaire.outcomes:
        values = {"title": kpi.title, "unit": _(UNIT_WORDS[kpi.unit])}
        about = (
            _("%(title)s: %(unit)s, higher is better", **values)
            if kpi.better == "higher"
            else _("%(title)s: %(unit)s, lower is better", **values)
        )
        lines.extend(comment_lines("  # ", about))
        lines.append(
            f"  # {kpi.id}: {{baseline: {{value: , on: }}, today: {{value: , on: }}, target: }}"
        )
    lines.append(
        "  # custom.onboarding_days: {title: "
        + _("Days to onboard a key account")
        + ", unit: days, better: lower, baseline: {value: 40}, today: {value: 28}}"
    )
    return lines


def key_accounts_block(questionnaire: Questionnaire, language: str | None = None) -> list[str]:
    """One commented key account with every element, and the customers file."""
    if not questionnaire.key_account_elements:
        return []
    _ = translator(language).gettext
    lo, hi = questionnaire.min_level, questionnaire.max_level
    tiers = ", ".join(
        f"{t.tier} {t.name.lower()}"
        for t in sorted(questionnaire.value_journey, key=lambda t: -t.tier)
    )
    elements = ", ".join(f"{e.id}: " for e in questionnaire.key_account_elements)
    count = len(questionnaire.key_account_elements)
    lines = [
        "# " + _("Key accounts: each with its revenue this year, its tier on the value journey"),
        f"# ({tiers})",
        "# "
        + _(
            "and a level %(span)s for each of the %(count)s key-account elements (a diagnostic",
            span=f"{lo}..{hi}",
            count=_(NUMBER_WORDS[count]) if count in NUMBER_WORDS else str(count),
        ),
        "# " + _("per account: it never enters a score). Or key_accounts: accounts.csv (header"),
        "# " + _("name,revenue,tier,<the elements>,sponsor,reviewed_on)."),
        "# customers: customers.csv     # "
        + _("every customer's revenue (header customer,revenue)"),
        "# total_revenue:               # "
        + _("the company's total revenue, without a customers file"),
        "# key_accounts:",
        "  # - name: ",
        "  #   revenue: ",
        "  #   tier: ",
        f"  #   elements: {{{elements}}}",
        "  #   sponsor:                 # " + _("the board-level sponsor"),
        "  #   reviewed_on:             # "
        + _("last review of its key-account status, YYYY-MM-DD"),
    ]
    return lines


NUMBER_WORDS = {7: N_("seven")}
"""How many elements there are, as the sentence spells it (the bundled questionnaire has
seven; another count is written in digits)."""
