"""How scores are rounded and shown: one decimal, half up, in every format, chart and gate."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round1(value: float) -> float:
    """Round half up to one decimal: the precision every report shows."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


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
