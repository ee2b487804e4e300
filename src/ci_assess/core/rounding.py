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
