"""The outcome indicators of a progress section (``report --baseline``), in plain words.

Each indicator measured today on both sides reads "Customer retention 82.0 % →
86.0 %, improved", in its unit as the outcomes table writes it; a change of NPS from
counts that is within the margin of error says so. Titles and units are this
report's (the indicator is in its outcomes, since the comparison is made from them).
"""

from __future__ import annotations

from collections import Counter

from ci_assess.core.models.history import OutcomeChange
from ci_assess.core.models.outcome_report import Direction
from ci_assess.core.models.report import Report
from ci_assess.files.catalogues import Translator, translator
from ci_assess.render.outcome_view import direction_word, value_text

COUNT_ORDER: tuple[Direction, ...] = ("improved", "worse", "unchanged")


def change_text(change: OutcomeChange, report: Report, t: Translator | None = None) -> str:
    """One indicator before → after, with its direction, in the report's language."""
    t = t or translator(report.language)
    known = {o.id: o for o in report.outcomes}
    result = known.get(change.id)
    title = result.title if result else change.id
    unit = result.unit if result else "ratio"
    text = (
        f"{title} {value_text(change.from_, unit, report.currency, t)} → "
        f"{value_text(change.to, unit, report.currency, t)}, {direction_word(change.direction, t)}"
    )
    if change.within_margin_of_error:
        text += t.gettext(", within the margin of error, so it may be noise")
    return text


def change_texts(report: Report) -> tuple[str, ...]:
    """Every compared indicator of the report's progress, in its order (none without)."""
    if report.progress is None:
        return ()
    t = translator(report.language)
    return tuple(change_text(c, report, t) for c in report.progress.outcomes)


def change_counts(report: Report) -> str:
    """How many indicators improved, got worse, stayed: "4 improved, 1 worse" ('' if none)."""
    if report.progress is None:
        return ""
    t = translator(report.language)
    counts = Counter(c.direction for c in report.progress.outcomes)
    return ", ".join(_count(t, d, counts[d]) for d in COUNT_ORDER if counts[d])


def _count(t: Translator, direction: Direction, n: int) -> str:
    """ "4 improved": a count and its word, which agree in French ("4 en progrès")."""
    if direction == "improved":
        return t.ngettext("%(n)s improved", "%(n)s improved", n)
    if direction == "worse":
        return t.ngettext("%(n)s worse", "%(n)s worse", n)
    return t.ngettext("%(n)s unchanged", "%(n)s unchanged", n)
