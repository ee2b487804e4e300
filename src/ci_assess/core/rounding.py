"""How scores are rounded and shown: one decimal, half up, in every format, chart and gate.

Scores are computed exactly (``fractions.Fraction``) and rounded once, here, so that
neither floating-point error nor the order in which answers are added can move a
score across a rounding boundary.
"""

from __future__ import annotations

from fractions import Fraction


def round_half_up(value: int | Fraction, places: int) -> float:
    """``value`` rounded to ``places`` decimals, a tie away from zero (Decimal's ROUND_HALF_UP).

    Exact: integer arithmetic on the fraction's numerator and denominator; only the
    rounded result becomes a float (the float nearest to it, as the report shows it).
    """
    scale: int = 10**places
    numerator: int = value.numerator
    denominator: int = value.denominator
    # floor(|n| / d * scale + 1/2), in integers.
    units = (2 * abs(numerator) * scale + denominator) // (2 * denominator)
    return (-units if numerator < 0 else units) / scale


def round_ratio(numerator: int | Fraction, denominator: int, places: int) -> float:
    """``numerator / denominator`` rounded as ``round_half_up`` rounds, without building a
    Fraction when the numerator is whole (the common case: one respondent's levels)."""
    if isinstance(numerator, int):
        if denominator < 0:
            numerator, denominator = -numerator, -denominator
        scale: int = 10**places
        units = (2 * abs(numerator) * scale + denominator) // (2 * denominator)
        return (-units if numerator < 0 else units) / scale
    return round_half_up(numerator / denominator, places)


def difference1(high: float, low: float) -> float:
    """``high - low`` for two numbers of at most one decimal, exactly (as round1 would
    give it: 62.3 - 50.1 is 12.2, not 12.199999999999996)."""
    return (round(high * 10) - round(low * 10)) / 10


def round1(value: float | Fraction) -> float:
    """Round half up to one decimal: the precision every report shows.

    A float is taken as written (``repr``: 0.15 is 0.15, not the binary number
    nearest to it); a fraction exactly as it is.
    """
    exact = value if isinstance(value, Fraction) else Fraction(repr(value))
    return round_half_up(exact, 1)


def one_decimal(value: float) -> float:
    """Refuse a score the reports could not show as it was written (pydantic validator)."""
    if round1(value) != value:
        raise ValueError(
            f"{value} has more than one decimal; scores are shown and compared with one "
            f"(write {round1(value)})"
        )
    return value


def format_score(value: float | None) -> str:
    """A score as every report and summary shows it: one decimal, or an en dash when missing.

    Scores reach here already rounded (``round1``), so formatting cannot round again.
    """
    return "\u2013" if value is None else f"{value:.1f}"
