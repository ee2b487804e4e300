"""Outcome indicators: NPS from counts, CLV from its inputs, deltas and directions. Pure.

Every value is rounded once, half up, to what the report shows (``DECIMALS``); the
delta, the direction and whether the target is met are computed on those shown
values, so that the table never contradicts itself. Numbers are computed as exact
fractions (a float taken as written), square roots in floating point and rounded.
Outcomes never feed a score, a placement or a priority.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from ci_assess.core.models.history import OutcomeChange
from ci_assess.core.models.outcome_report import Direction, OutcomeResult, OutcomeSide
from ci_assess.core.models.outcomes import Better, Kpi, Outcome, Reading, Unit
from ci_assess.core.rounding import round_half_up

DECIMALS: dict[str, int] = {
    "percent": 1,
    "nps": 1,
    "count": 1,
    "days": 1,
    "currency": 2,
    "ratio": 4,
}
Z95 = 1.96
"""The normal quantile of a two-sided 95 % interval."""


def exact(value: float) -> Fraction:
    """A float as written (``repr``: 0.1 is one tenth, not the binary number nearest it)."""
    return Fraction(repr(float(value)))


class Nps(NamedTuple):
    """A net promoter score from counts, with what its margin of error is made of."""

    score: float
    n: int
    standard_error: float
    margin_of_error: float


def nps_from_counts(promoters: int, passives: int, detractors: int) -> Nps:
    """NPS = 100 (p - d) and its 95 % margin of error 1.96 x 100 x sqrt((p + d - (p - d)^2) / n).

    ``p`` and ``d`` are the promoters' and detractors' shares of all ``n`` respondents;
    both results are rounded to one decimal (120/60/70 gives 20.0 and 10.5).
    """
    n = promoters + passives + detractors
    if n <= 0:
        raise ValueError("NPS needs at least one respondent")
    p, d = Fraction(promoters, n), Fraction(detractors, n)
    variance = (p + d - (p - d) ** 2) / n
    standard_error = 100 * math.sqrt(variance)
    margin = round_half_up(exact(Z95 * standard_error), 1)
    return Nps(round_half_up(100 * (p - d), 1), n, standard_error, margin)


def lifetime_value(margin: float, retention: float, discount: float) -> Fraction:
    """CLV = margin x retention / (1 + discount - retention), exactly.

    The margin is received at the end of each period the customer stays (retention the
    chance of staying a period, discount the rate per period); no acquisition cost.
    """
    m, r, i = exact(margin), exact(retention), exact(discount)
    return m * r / (1 + i - r)


def outcome_results(
    catalogue: Sequence[Kpi], outcomes: Mapping[str, Outcome]
) -> tuple[OutcomeResult, ...]:
    """Every recorded indicator: catalogue order first, then the custom ones in file order."""
    known = {k.id: k for k in catalogue}
    ordered = [k.id for k in catalogue if k.id in outcomes]
    ordered += [kid for kid in outcomes if kid not in known]
    return tuple(_result(kid, known.get(kid), outcomes[kid]) for kid in ordered)


class _Side(NamedTuple):
    shown: OutcomeSide
    standard_error: float | None


class _Meta(NamedTuple):
    title: str
    unit: Unit
    better: Better


def _meta(kid: str, kpi: Kpi | None, entry: Outcome) -> _Meta:
    # A custom KPI carries its own title, unit and direction (loading checks they are there).
    if kpi:
        return _Meta(kpi.title, kpi.unit, kpi.better)
    return _Meta(entry.title or kid, entry.unit or "ratio", entry.better or "higher")


def outcome_changes(
    catalogue: Sequence[Kpi], before: Mapping[str, Outcome], after: Mapping[str, Outcome]
) -> tuple[OutcomeChange, ...]:
    """Each indicator with a ``today`` value on both sides, in ``after``'s report order.

    The baseline assessment's ``today`` against this one's, by the same rules as an
    indicator's own baseline and today: rounded as shown, the delta on the shown
    values, the margin-of-error test when both are NPS from counts. Unit and direction
    are this assessment's (its catalogue, or its custom KPI's).
    """
    known = {k.id: k for k in catalogue}
    ordered = [k.id for k in catalogue if k.id in after]
    ordered += [kid for kid in after if kid not in known]
    changes = []
    for kid in ordered:
        then, now = before.get(kid), after[kid]
        if then is None or then.today is None or now.today is None:
            continue
        meta = _meta(kid, known.get(kid), now)
        places = DECIMALS[meta.unit]
        was, is_ = _side(then.today, places), _side(now.today, places)
        assert was is not None and is_ is not None  # both readings are there
        delta = round_half_up(exact(is_.shown.value) - exact(was.shown.value), places)
        changes.append(
            OutcomeChange(
                id=kid,
                from_=was.shown.value,
                to=is_.shown.value,
                delta=delta,
                direction=direction(delta, meta.better),
                within_margin_of_error=_within_margin(was, is_, delta),
            )
        )
    return tuple(changes)


def _result(kid: str, kpi: Kpi | None, entry: Outcome) -> OutcomeResult:
    title, unit, better = _meta(kid, kpi, entry)
    places = DECIMALS[unit]
    baseline = _side(entry.baseline, places)
    today = _side(entry.today, places)
    target = None if entry.target is None else round_half_up(exact(entry.target), places)
    delta = None
    if baseline and today:
        delta = round_half_up(exact(today.shown.value) - exact(baseline.shown.value), places)
    return OutcomeResult(
        id=kid,
        title=title,
        unit=unit,
        better=better,
        baseline=baseline.shown if baseline else None,
        today=today.shown if today else None,
        target=target,
        delta=delta,
        direction=direction(delta, better),
        on_track=on_track(today.shown.value if today else None, target, better),
        within_margin_of_error=_within_margin(baseline, today, delta),
        groups=tuple(kpi.groups) if kpi else (),
    )


def _side(reading: Reading | None, places: int) -> _Side | None:
    if reading is None:
        return None
    if reading.form == "nps_counts":
        assert reading.promoters is not None  # the model requires all three counts
        nps = nps_from_counts(reading.promoters, reading.passives or 0, reading.detractors or 0)
        side = OutcomeSide(
            value=nps.score, on=reading.on, n=nps.n, margin_of_error=nps.margin_of_error
        )
        return _Side(side, nps.standard_error)
    if reading.form == "clv":
        value = lifetime_value(
            reading.margin or 0.0, reading.retention or 0.0, reading.discount or 0.0
        )
        shown = round_half_up(value, places)
    else:
        shown = round_half_up(exact(reading.value or 0.0), places)
    return _Side(OutcomeSide(value=shown, on=reading.on, n=None, margin_of_error=None), None)


def direction(delta: float | None, better: str) -> Direction:
    """improved or worse by ``better``; unchanged at a delta of 0; unknown without one."""
    if delta is None:
        return "unknown"
    if delta == 0:
        return "unchanged"
    return "improved" if (delta > 0) == (better == "higher") else "worse"


def on_track(today: float | None, target: float | None, better: str) -> bool | None:
    """Whether today is at or beyond the target in the better direction (None: can't say)."""
    if today is None or target is None:
        return None
    return today >= target if better == "higher" else today <= target


def _within_margin(baseline: _Side | None, today: _Side | None, delta: float | None) -> bool | None:
    """Both sides from counts: is |delta| under 1.96 sqrt(SE1^2 + SE2^2)?"""
    if baseline is None or today is None or delta is None:
        return None
    if baseline.standard_error is None or today.standard_error is None:
        return None
    return abs(delta) < Z95 * math.hypot(baseline.standard_error, today.standard_error)
