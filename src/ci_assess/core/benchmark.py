"""Benchmark figures from peer counts. Pure: the store counts, this module decides.

A percentile rank is (peers below + half the peers equal) / n x 100, one decimal,
half up, computed exactly; ties are judged on the one-decimal scores every report
shows (the store keeps scores in tenths for that). A figure over fewer than
``MIN_PEERS`` other companies is suppressed: a rank among three says more about the
three than about the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ci_assess.core.models.history import Benchmark, Figure, Segment, SubjectFigure
from ci_assess.core.models.report import Report
from ci_assess.core.rounding import round_ratio

MIN_PEERS = 5
"""Fewest other companies a figure is shown for."""

SIZES = ("micro", "small", "mid", "large")
"""Company sizes by employees: under 10, 10-49, 50-249, 250 and more."""

OVERALL = ("overall", "")
"""The key of the overall score among a report's scores."""


@dataclass(frozen=True)
class Count:
    """How one score compares with the peers that have it."""

    below: int
    equal: int
    n: int


def tenths(score: float | None) -> int | None:
    """A one-decimal score as a whole number of tenths (exact ties), or None."""
    return None if score is None else round(score * 10)


def scores_of(report: Report) -> dict[tuple[str, str], int]:
    """Every score of ``report`` in tenths, keyed (kind, id): overall, groups, disciplines."""
    found: dict[tuple[str, str], int | None] = {OVERALL: tenths(report.overall.score)}
    for group in (*report.process_groups, *report.other_groups):
        found["group", group.id] = tenths(group.score)
    for discipline in report.disciplines:
        found["discipline", discipline.id] = tenths(discipline.score)
    return {key: value for key, value in found.items() if value is not None}


def industry_key(industry: str | None) -> str | None:
    """An industry as it is compared: trimmed, inner spaces collapsed, case-folded."""
    if industry is None:
        return None
    key = " ".join(industry.split()).casefold()
    return key or None


def percentile(count: Count) -> float | None:
    """The percentile rank, or None when there are fewer than MIN_PEERS peers."""
    if count.n < MIN_PEERS:
        return None
    return round_ratio(100 * (2 * count.below + count.equal), 2 * count.n, 1)


def benchmark(
    report: Report, segment: Segment, peers: int, counts: Mapping[tuple[str, str], Count]
) -> Benchmark:
    """The benchmark of ``report`` among ``peers`` other companies, from the store's counts.

    Position (discipline) figures are given only within one industry: a position is
    judged against the company's own competitors.
    """
    none = Count(0, 0, 0)

    def figure(key: tuple[str, str], has_score: bool) -> tuple[float | None, int]:
        count = counts.get(key, none)
        return (percentile(count) if has_score else None), count.n

    value, n = figure(OVERALL, report.overall.score is not None)
    groups = []
    for group in (*report.process_groups, *report.other_groups):
        rank, count = figure(("group", group.id), group.score is not None)
        groups.append(SubjectFigure(id=group.id, percentile=rank, n=count))
    disciplines = []
    if segment.industry is not None:
        for discipline in report.disciplines:
            key = ("discipline", discipline.id)
            rank, count = figure(key, discipline.score is not None)
            disciplines.append(SubjectFigure(id=discipline.id, percentile=rank, n=count))
    return Benchmark(
        segment=segment,
        n=peers,
        suppressed=peers < MIN_PEERS,
        overall=Figure(percentile=value, n=n),
        groups=tuple(groups),
        disciplines=tuple(disciplines),
    )
