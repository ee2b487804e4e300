"""Percentile ranks from counts: (below + half equal) / n x 100, suppressed under 5."""

from __future__ import annotations

import pytest

from ci_assess.core.benchmark import Count, industry_key, percentile, tenths


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (Count(below=3, equal=2, n=6), 66.7),  # (3 + 1) / 6
        (Count(below=0, equal=0, n=5), 0.0),
        (Count(below=5, equal=0, n=5), 100.0),
        (Count(below=0, equal=5, n=5), 50.0),
        (Count(below=1, equal=0, n=8), 12.5),
        (Count(below=0, equal=1, n=8), 6.3),  # 6.25, half up
        (Count(below=3, equal=0, n=4), None),  # too few to compare
    ],
)
def test_percentile(count: Count, expected: float | None) -> None:
    assert percentile(count) == expected


def test_scores_are_compared_in_tenths() -> None:
    assert tenths(48.6) == 486
    assert tenths(0.1 + 0.2) == 3
    assert tenths(None) is None


def test_industries_are_compared_trimmed_and_case_folded() -> None:
    assert industry_key("  Speciality   FOOD ") == industry_key("speciality food")
    assert industry_key("   ") is None
