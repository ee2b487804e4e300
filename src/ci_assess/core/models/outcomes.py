"""Outcome indicators: the answers file's readings of the questionnaire's KPIs.

The KPI catalogue (``Questionnaire.outcomes``: each KPI's id, title, unit, which
direction is better, how it may be computed from inputs and the process groups the
method links it to) is in ``catalogue.py``, which a report whose answers have no
outcomes needs alone; its names are re-exported here. An answers file records, per
KPI, a baseline and a today reading and an optional target (``AnswersFile.outcomes``);
a client's own KPI has an id starting with ``custom.`` and carries its title, unit and
direction itself.

Ranges that depend on the unit (a percent is 0-100) are checked by loading, which
knows the catalogue and the file's lines; what holds whatever the unit (CLV inputs are
fractions, counts are whole and not negative) is checked here. Every model is frozen,
so readings from several respondents' files compare with ``==``.
"""

import datetime as dt
from typing import Any, Self

from pydantic import Field, StrictFloat, StrictInt, field_validator, model_validator

from ci_assess.core.models.base import StrictModel
from ci_assess.core.models.catalogue import (
    CUSTOM_PREFIX,
    Better,
    Computation,
    Kpi,
    KpiId,
    Unit,
)

__all__ = [
    "CUSTOM_PREFIX",
    "UNIT_RANGES",
    "UNIT_WORDS",
    "Better",
    "Computation",
    "Kpi",
    "KpiId",
    "Number",
    "Outcome",
    "Reading",
    "Unit",
]

Number = StrictFloat  # strict: 82 and 82.5 are numbers, "82" and yes are not

# The range each unit allows (None: unbounded on that side).
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "percent": (0, 100),
    "nps": (-100, 100),
    "currency": (None, None),
    "count": (0, None),
    "days": (0, None),
    "ratio": (None, None),
}
UNIT_WORDS: dict[str, str] = {
    "percent": "a percentage from 0 to 100 (86 means 86 %)",
    "nps": "a net promoter score from -100 to 100",
    "currency": "an amount of money",
    "count": "a count, 0 or more",
    "days": "a number of days, 0 or more",
    "ratio": "a ratio (any sign)",
}


class Reading(StrictModel):
    """One side of an indicator (baseline or today): a value, NPS counts or CLV inputs."""

    value: Number | None = None
    """The value as measured, in the KPI's unit."""
    on: dt.date | None = None
    """When it was measured (YYYY-MM-DD)."""
    promoters: StrictInt | None = Field(None, ge=0)
    """NPS: respondents scoring 9-10."""
    passives: StrictInt | None = Field(None, ge=0)
    """NPS: respondents scoring 7-8."""
    detractors: StrictInt | None = Field(None, ge=0)
    """NPS: respondents scoring 0-6."""
    margin: Number | None = None
    """CLV: margin per customer per year, in the file's currency (may be <0)."""
    retention: Number | None = None
    """CLV: the yearly retention rate as a fraction, 0 <= r < 1."""
    discount: Number | None = None
    """CLV: the yearly discount rate as a fraction, 0 <= d <= 1."""

    @model_validator(mode="before")
    @classmethod
    def _on_key(cls, value: Any) -> Any:
        # YAML 1.1 (PyYAML) reads a bare `on:` key as the boolean true; the contract's
        # `{value: 82, on: 2025-06-30}` means the date, so the key is taken as 'on'.
        if isinstance(value, dict) and True in value and "on" not in value:
            return {("on" if k is True else k): v for k, v in value.items()}
        return value

    @field_validator("retention")
    @classmethod
    def _retention_fraction(cls, value: float | None) -> float | None:
        if value is not None and not 0 <= value < 1:
            hint = f" (write {value / 100:g} for {value:g} %)" if 1 <= value <= 100 else ""
            raise ValueError(
                f"retention {value:g} is not a fraction from 0 to under 1: write 0.8 for 80 %{hint}"
            )
        return value

    @field_validator("discount")
    @classmethod
    def _discount_fraction(cls, value: float | None) -> float | None:
        if value is not None and not 0 <= value <= 1:
            raise ValueError(
                f"discount {value:g} is not a fraction from 0 to 1: write 0.1 for 10 %"
            )
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        counts = (self.promoters, self.passives, self.detractors)
        clv = (self.margin, self.retention, self.discount)
        forms = [self.value is not None, any(c is not None for c in counts)]
        forms.append(any(c is not None for c in clv))
        if sum(forms) != 1:
            raise ValueError(
                "give one of: value; promoters, passives and detractors (NPS); margin, "
                "retention and discount (customer lifetime value)"
            )
        if forms[1] and None in counts:
            raise ValueError("give all three NPS counts: promoters, passives and detractors")
        if forms[1] and sum(c or 0 for c in counts) == 0:
            raise ValueError("the NPS counts add up to 0: at least one respondent is needed")
        if forms[2] and None in clv:
            raise ValueError("give all three CLV inputs: margin, retention and discount")
        return self

    @property
    def form(self) -> Computation | None:
        """How the reading is given: nps_counts, clv, or None for a plain value."""
        if self.promoters is not None:
            return "nps_counts"
        if self.margin is not None:
            return "clv"
        return None


class Outcome(StrictModel):
    """One indicator in an answers file: baseline, today and target."""

    title: str | None = Field(None, min_length=1)
    """custom.* only: its title."""
    unit: Unit | None = None
    """custom.* only: its unit."""
    better: Better | None = None
    """custom.* only: higher or lower."""
    baseline: Reading | None = None
    """The starting point."""
    today: Reading | None = None
    """The value now."""
    target: Number | None = None
    """Where the client means to be."""

    @model_validator(mode="before")
    @classmethod
    def _blank_sides(cls, value: Any) -> Any:
        # The template's `{baseline: {value: , on: }, ...}` uncommented but not filled in
        # on one side: that side is simply not given.
        if not isinstance(value, dict):
            return value
        blank = [
            side
            for side in ("baseline", "today")
            if isinstance(value.get(side), dict) and all(v is None for v in value[side].values())
        ]
        return {k: (None if k in blank else v) for k, v in value.items()}

    @model_validator(mode="after")
    def _today_after_baseline(self) -> Self:
        first = self.baseline.on if self.baseline else None
        now = self.today.on if self.today else None
        if first is not None and now is not None and now < first:
            raise ValueError(
                f"today is dated {now.isoformat()}, before its baseline ({first.isoformat()})"
            )
        return self
