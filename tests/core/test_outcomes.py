"""Outcome formulas against hand-computed values: NPS, its margin of error, CLV, deltas."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from ci_assess.core.models.outcome_report import OutcomeResult
from ci_assess.core.models.outcomes import Kpi, Outcome, Reading
from ci_assess.core.outcomes import (
    direction,
    lifetime_value,
    nps_from_counts,
    on_track,
    outcome_results,
)

NPS = Kpi(id="nps", title="NPS", unit="nps", better="higher", computed_from="nps_counts")
RETENTION = Kpi(id="customer_retention", title="Retention", unit="percent", better="higher")
CLV = Kpi(id="clv", title="CLV", unit="currency", better="higher", computed_from="clv")


@pytest.mark.parametrize(
    ("counts", "score", "margin"),
    [
        # n = 250, p = 0.48, d = 0.28: 100 x 0.2 = 20.0;
        # 196 x sqrt((0.76 - 0.04) / 250) = 196 x 0.05367 = 10.52 -> 10.5
        ((120, 60, 70), 20.0, 10.5),
        # p = d = 0.5: 0.0; 196 x sqrt(1 / 100) = 19.6
        ((50, 0, 50), 0.0, 19.6),
        # everyone a promoter: 100.0, no spread at all
        ((10, 0, 0), 100.0, 0.0),
        # n = 260, p = 0.5, d = 0.2308: 26.9; 196 x sqrt((0.7308 - 0.0725) / 260) = 9.86 -> 9.9
        ((130, 70, 60), 26.9, 9.9),
    ],
)
def test_nps_from_counts(counts: tuple[int, int, int], score: float, margin: float) -> None:
    nps = nps_from_counts(*counts)
    assert (nps.score, nps.margin_of_error, nps.n) == (score, margin, sum(counts))


def test_nps_needs_a_respondent() -> None:
    with pytest.raises(ValueError, match="at least one"):
        nps_from_counts(0, 0, 0)


@pytest.mark.parametrize(
    ("inputs", "value"),
    [
        ((1200, 0.8, 0.1), 3200),  # 1200 x 0.8 / 0.3
        ((1000, 0.9, 0.1), 4500),  # 900 / 0.2
        ((-100, 0.5, 0.0), -100),  # a loss-making customer: -50 / 0.5
        ((500, 0.0, 0.1), 0),  # nobody stays a period
    ],
)
def test_lifetime_value(inputs: tuple[float, float, float], value: float) -> None:
    assert lifetime_value(*inputs) == value


def _one(kpi: Kpi, **entry: object) -> OutcomeResult:
    return outcome_results([kpi], {kpi.id: Outcome.model_validate(entry)})[0]


def test_nps_change_within_the_margin_of_error() -> None:
    # SE1 = 5.367, SE2 = 5.032: 1.96 x sqrt(28.8 + 25.3) = 14.4 > |26.9 - 20.0| = 6.9
    r = _one(
        NPS,
        baseline={"promoters": 120, "passives": 60, "detractors": 70},
        today={"promoters": 130, "passives": 70, "detractors": 60},
    )
    assert (r.delta, r.direction, r.within_margin_of_error) == (6.9, "improved", True)


def test_nps_change_beyond_the_margin_of_error() -> None:
    # 0.0 (SE 7.07) to 90.0 (SE 3.08): 1.96 x 7.71 = 15.1 < 90
    r = _one(
        NPS,
        baseline={"promoters": 100, "passives": 0, "detractors": 100},
        today={"promoters": 190, "passives": 0, "detractors": 10},
    )
    assert (r.delta, r.within_margin_of_error) == (90.0, False)


def test_a_plain_nps_value_has_no_n_and_no_margin() -> None:
    r = _one(
        NPS, baseline={"promoters": 120, "passives": 60, "detractors": 70}, today={"value": 31}
    )
    today = r.today
    assert today is not None
    assert (today.value, today.n, today.margin_of_error) == (31.0, None, None)
    assert r.within_margin_of_error is None
    assert r.delta == 11.0


def test_delta_is_computed_on_shown_values() -> None:
    # 86.04 shows as 86.0 and 82.05 as 82.1 (half up): the delta shown is 3.9, not 3.99
    r = _one(RETENTION, baseline={"value": 82.05}, today={"value": 86.04}, target=86)
    assert r.baseline is not None and r.today is not None
    assert (r.baseline.value, r.today.value, r.delta) == (82.1, 86.0, 3.9)
    assert r.on_track is True


def test_unchanged_when_the_shown_delta_is_zero() -> None:
    r = _one(RETENTION, baseline={"value": 82.04}, today={"value": 81.96})
    assert (r.delta, r.direction) == (0.0, "unchanged")


def test_clv_from_inputs_and_as_given() -> None:
    r = _one(
        CLV, baseline={"value": 2900}, today={"margin": 1200, "retention": 0.8, "discount": 0.1}
    )
    assert r.today is not None
    assert (r.today.value, r.delta, r.direction) == (3200.0, 300.0, "improved")


@pytest.mark.parametrize(
    ("delta", "better", "expected"),
    [
        (4.0, "higher", "improved"),
        (-4.0, "higher", "worse"),
        (-12.0, "lower", "improved"),
        (3.0, "lower", "worse"),
        (0.0, "lower", "unchanged"),
        (None, "higher", "unknown"),
    ],
)
def test_direction(delta: float | None, better: str, expected: str) -> None:
    assert direction(delta, better) == expected


@pytest.mark.parametrize(
    ("today", "target", "better", "expected"),
    [
        (86.0, 90.0, "higher", False),
        (90.0, 90.0, "higher", True),
        (28.0, 30.0, "lower", True),
        (31.0, 30.0, "lower", False),
        (None, 30.0, "lower", None),
        (28.0, None, "lower", None),
    ],
)
def test_on_track(
    today: float | None, target: float | None, better: str, expected: bool | None
) -> None:
    assert on_track(today, target, better) is expected


def test_catalogue_order_then_custom_ones_in_file_order() -> None:
    entries = {
        "custom.b": Outcome(title="B", unit="days", better="lower", today=Reading(value=1)),
        "nps": Outcome(today=Reading(value=10)),
        "custom.a": Outcome(title="A", unit="count", better="higher"),
        "customer_retention": Outcome(target=90),
    }
    ids = [r.id for r in outcome_results([RETENTION, NPS], entries)]
    assert ids == ["customer_retention", "nps", "custom.b", "custom.a"]


def test_a_missing_side_leaves_delta_unknown() -> None:
    r = _one(RETENTION, today={"value": 86, "on": dt.date(2026, 6, 30)}, target=90)
    assert (r.baseline, r.delta, r.direction, r.on_track) == (None, None, "unknown", False)


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        ({"retention": 80, "margin": 1, "discount": 0.1}, "write 0.8 for 80 %"),
        ({"retention": 1, "margin": 1, "discount": 0.1}, "not a fraction"),
        ({"retention": 0.8, "margin": 1, "discount": 1.5}, "discount 1.5"),
        ({"promoters": 1, "passives": 2}, "all three NPS counts"),
        ({"promoters": 0, "passives": 0, "detractors": 0}, "add up to 0"),
        ({"value": 1, "promoters": 1, "passives": 1, "detractors": 1}, "give one of"),
        ({"margin": 1, "retention": 0.5}, "all three CLV inputs"),
        ({"on": "2026-01-01"}, "give one of"),
    ],
)
def test_bad_readings(reading: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Reading.model_validate(reading)


def test_today_before_baseline_is_refused() -> None:
    with pytest.raises(ValidationError, match="before its baseline"):
        Outcome.model_validate(
            {
                "baseline": {"value": 1, "on": "2026-06-30"},
                "today": {"value": 2, "on": "2025-06-30"},
            }
        )


def test_readings_are_immutable_and_compare_equal() -> None:
    a = Outcome.model_validate({"today": {"value": 86, "on": "2026-06-30"}})
    b = Outcome.model_validate({"today": {"value": 86.0, "on": "2026-06-30"}})
    assert a == b and hash(a.today) == hash(b.today)
    with pytest.raises(ValidationError):
        a.target = 3  # type: ignore[misc]
