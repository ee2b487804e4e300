"""Exact arithmetic shared by the scoring modules: levels and sums as ints or Fractions.

A level is an int while it is whole (integer sums are fast and exact) and a Fraction
once a mean of several respondents makes it fractional; nothing becomes a float
before it is rounded for the report.
"""

from __future__ import annotations

from fractions import Fraction

from ci_assess.core.models.report import LevelValue
from ci_assess.core.rounding import round_half_up

Exact = int | Fraction
"""A level or a sum of points, exactly."""


def ratio(numerator: Exact, denominator: int) -> Fraction:
    """``numerator / denominator`` as an exact fraction (never a float)."""
    if isinstance(numerator, int):
        return Fraction(numerator, denominator)
    return numerator / denominator


def shown(value: Exact) -> LevelValue:
    """A level (or a gap in levels) as the report shows it: whole, or to two decimals."""
    if isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else round_half_up(value, 2)
