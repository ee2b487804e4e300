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
from ci_assess.render.outcome_view import DIRECTION_WORDS, value_text

COUNT_ORDER: tuple[Direction, ...] = ("improved", "worse", "unchanged")


def change_text(change: OutcomeChange, report: Report) -> str:
    """One indicator before → after, with its direction."""
    known = {o.id: o for o in report.outcomes}
    result = known.get(change.id)
    title = result.title if result else change.id
    unit = result.unit if result else "ratio"
    text = (
        f"{title} {value_text(change.from_, unit, report.currency)} → "
        f"{value_text(change.to, unit, report.currency)}, {DIRECTION_WORDS[change.direction]}"
    )
    if change.within_margin_of_error:
        text += ", within the margin of error, so it may be noise"
    return text


def change_texts(report: Report) -> tuple[str, ...]:
    """Every compared indicator of the report's progress, in its order (none without)."""
    if report.progress is None:
        return ()
    return tuple(change_text(c, report) for c in report.progress.outcomes)


def change_counts(report: Report) -> str:
    """How many indicators improved, got worse, stayed: "4 improved, 1 worse" ('' if none)."""
    if report.progress is None:
        return ""
    counts = Counter(c.direction for c in report.progress.outcomes)
    return ", ".join(f"{counts[d]} {DIRECTION_WORDS[d]}" for d in COUNT_ORDER if counts[d])
