"""A report in the client's language: which language, the questionnaire's overlay, and the
sentences the scoring writes itself.

The language is ``--lang`` if given, else the answers file's ``language``, else English
(and then nothing here runs: the report is exactly what it always was). The questionnaire
is replaced by its overlay's translation field by field (files.overlays), so the scores,
computed from ids, levels and weights only, are the same in every language. The few
sentences the core writes in English (why a priority sits where it does, the roadmap's
phase titles, the risk of a pattern, where the targets came from) are translated here,
from their English pattern, through the tool's catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ci_assess.core.models.report import BiggestRisk, Priority, Report, RoadmapSection
from ci_assess.errors import UsageError
from ci_assess.files import catalogues
from ci_assess.files.catalogues import Translator, UnknownLanguage
from ci_assess.files.overlays import Localised, localise_questionnaire

__all__ = ["Localised", "localise_questionnaire", "option_language", "translate_report"]


def N_(message: str) -> str:  # the gettext convention for "extract, do not translate"
    """Mark ``message`` for extraction; it is translated where it is used."""
    return message


def option_language(tag: str | None) -> str | None:
    """``--lang``, checked: its canonical tag, None for none; a usage error if unknown."""
    if tag is None:
        return None
    try:
        return catalogues.resolve(tag)
    except UnknownLanguage as exc:
        raise UsageError(f"--lang: {exc}\n  hint: {exc.hint}") from None


# --- the sentences the core writes ---------------------------------------------------

PHASES = {
    "understand": N_("understand"),
    "test": N_("test"),
    "learn": N_("learn"),
    "implement": N_("implement"),
}
SECTION_TITLES = {
    "Understand": N_("Understand"),
    "Test (a pilot)": N_("Test (a pilot)"),
    "Learn": N_("Learn"),
    "Implement": N_("Implement"),
    "Keep customer practices at parity": N_("Keep customer practices at parity"),
}
PATTERN_RISKS = {
    "leader_below_parity": (
        N_("A leader below parity"),
        N_(
            "One discipline leads, but another has fallen under the industry standard: "
            "customers leave over the weak one. Bring it back to parity."
        ),
    ),
    "below_parity": (
        N_("Below parity everywhere"),
        N_("No discipline reaches the industry standard: the strategy must be rethought."),
    ),
}
Rule = tuple[re.Pattern[str], Callable[[Translator, re.Match[str]], str]]
REASONS: list[Rule] = [
    (
        re.compile(r"answer (?P<ids>.+) first: it is a prerequisite"),
        lambda t, m: t.gettext("answer %(ids)s first: it is a prerequisite", ids=m["ids"]),
    ),
    (
        re.compile(r"follows its prerequisites? (?P<ids>.+)"),
        lambda t, m: t.ngettext(
            "follows its prerequisite %(ids)s",
            "follows its prerequisites %(ids)s",
            m["ids"].count(",") + 1,
            ids=m["ids"],
        ),
    ),
    (
        re.compile(r"comes first: (?P<n>\d+) later priorit(?:y|ies) depends? on it"),
        lambda t, m: t.ngettext(
            "comes first: %(n)s later priority depends on it",
            "comes first: %(n)s later priorities depend on it",
            int(m["n"]),
        ),
    ),
    (
        re.compile(r"a (?P<phase>\w+) step: it comes before larger gaps of later phases"),
        lambda t, m: t.gettext(
            "a %(phase)s step: it comes before larger gaps of later phases",
            phase=t.gettext(PHASES.get(m["phase"], m["phase"])),
        ),
    ),
    (
        re.compile(
            r"gap x weight (?P<points>[\d.]+) \(level (?P<level>[\d.]+), target (?P<goal>\d+)\)"
        ),
        lambda t, m: t.gettext(
            "gap x weight %(points)s (level %(level)s, target %(goal)s)",
            points=_decimal(t, m["points"]),
            level=_decimal(t, m["level"]),
            goal=m["goal"],
        ),
    ),
]
TARGET_SOURCES = {
    "operational_excellence": N_("operational-excellence profile"),
    "customer_intimacy": N_("customer-intimacy profile"),
    "product_leadership": N_("product-leadership profile"),
    "undecided": N_("undecided profile"),
}


def _decimal(t: Translator, written: str) -> str:
    """A number the core wrote with a point, in the locale's digits (2.5 → 2,5)."""
    decimals = len(written.partition(".")[2])
    return t.number(float(written), decimals)


def translate_sentence(t: Translator, text: str, rules: list[Rule]) -> str:
    """The first rule whose pattern matches the whole of ``text``, applied; else ``text``."""
    for pattern, build in rules:
        found = pattern.fullmatch(text)
        if found:
            return build(t, found)
    return text


def translate_report(report: Report, t: Translator) -> Report:
    """``report`` with the core's own sentences in ``t``'s language and its ``language``."""
    update: dict[str, Any] = {
        "language": t.language,
        "priorities": tuple(_priority(p, t) for p in report.priorities),
        "roadmap": tuple(_section(s, t) for s in report.roadmap),
        "method": report.method.model_copy(
            update={"target_source": _target_source(report.method.target_source, t)}
        ),
    }
    if report.biggest_risk is not None and report.biggest_risk.source == "pattern":
        update["biggest_risk"] = _risk(report.biggest_risk, t)
    return report.model_copy(update=update)


def _priority(p: Priority, t: Translator) -> Priority:
    reason = p.reason.model_copy(update={"text": translate_sentence(t, p.reason.text, REASONS)})
    return p.model_copy(update={"reason": reason})


def _section(section: RoadmapSection, t: Translator) -> RoadmapSection:
    title = SECTION_TITLES.get(section.title)
    return section if title is None else section.model_copy(update={"title": t.gettext(title)})


def _risk(risk: BiggestRisk, t: Translator) -> BiggestRisk:
    known = PATTERN_RISKS.get(risk.id)
    if known is None:
        return risk
    return risk.model_copy(update={"title": t.gettext(known[0]), "message": t.gettext(known[1])})


def _target_source(text: str, t: Translator) -> str:
    profile, _, rest = text.partition(" profile")
    msgid = TARGET_SOURCES.get(profile)
    if msgid is None:
        return text
    shown = t.gettext(msgid)
    return shown + t.gettext(" with per-group overrides") if rest else shown
