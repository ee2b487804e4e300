"""The frozen report model: everything a renderer needs, and nothing it must compute.

Scores are rounded to one decimal once, here in the model, so that every format,
every chart and every gate shows and compares exactly the same number.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from ci_assess.core.models.base import FrozenModel

Pattern = Literal[
    "focused_leader",
    "leader_below_parity",
    "stuck_in_the_middle",
    "unfocused",
    "below_parity",
    "insufficient_data",
]
Status = Literal["answered", "not_applicable", "unanswered"]


class QuestionnaireRef(FrozenModel):
    """Which questionnaire the answers were scored against."""

    id: str
    version: str
    title: str


class Overall(FrozenModel):
    """Overall customer-intimacy maturity (the five process groups together)."""

    score: float | None = Field(description="0-100, or null when nothing was answered.")
    level: str | None = Field(description="Named maturity level for the score.")
    level_description: str = ""


class Contribution(FrozenModel):
    """How one answered question adds to a score: points = weight x (level - min) / span."""

    question: str
    weight: int
    level: int
    points: float = Field(description="Weighted points earned, out of `weight`.")


class GroupResult(FrozenModel):
    """A group's score against its target, with the answers behind it."""

    id: str
    title: str
    kind: str
    score: float | None = Field(description="0-100; null when no question was answered.")
    target: float | None = Field(description="Target score from the profile or an override.")
    gap: float | None = Field(description="max(0, target - score).")
    answered: int
    total: int
    contributions: list[Contribution]


class DisciplineResult(FrozenModel):
    """A value discipline's measured strength."""

    id: str
    title: str
    score: float | None
    answered: int
    total: int


class Placement(FrozenModel):
    """Position on the value-discipline map."""

    lead: str | None = Field(description="Leading discipline id, or null when none leads.")
    intended: str | None = Field(description="The discipline the client intends to lead in.")
    pattern: Pattern
    matches_intent: bool | None = Field(
        description="True when the measured lead is the intended one; null if no intent given."
    )


class Priority(FrozenModel):
    """A question below its target level, ranked by gap x weight."""

    rank: int
    question: str
    text: str
    group: str
    phase: str = Field(description="Roadmap phase: understand, test, learn or implement.")
    level: int
    target: int
    gap: int
    weight: int
    weighted_gap: int
    recommendation: str
    note: str | None = None
    evidence: str | None = None


class RedFlagResult(FrozenModel):
    """A transformation-readiness warning that was raised."""

    id: str
    title: str
    message: str


class ScaleEntry(FrozenModel):
    """A level of the answer scale."""

    level: int
    name: str


class AnswerRow(FrozenModel):
    """One question and its answer, for the appendix."""

    question: str
    group: str
    text: str
    weight: int
    disciplines: list[str]
    status: Status
    level: int | None = None
    level_name: str | None = None
    level_description: str | None = None
    target: int | None = None
    na: str | None = None
    note: str | None = None
    evidence: str | None = None


class Method(FrozenModel):
    """The rules the numbers came from, for the report's method appendix."""

    scale: list[ScaleEntry]
    leadership: float
    parity: float
    lead_margin: float
    target_source: str = Field(description="Which discipline's target profile was used.")


class GateResult(FrozenModel):
    """One `--fail-under` check."""

    subject: str = Field(description="'overall', a group id or a discipline id.")
    threshold: float
    score: float | None
    passed: bool


class Report(FrozenModel):
    """The gap report for one answers file."""

    company: str
    assessed_on: dt.date | None
    assessor: str | None
    respondent: str | None
    questionnaire: QuestionnaireRef
    completeness: float = Field(ge=0, le=1, description="(answered + not applicable) / total.")
    answered: int
    not_applicable: int
    unanswered: list[str] = Field(description="Ids of questions with no answer.")
    overall: Overall
    process_groups: list[GroupResult]
    other_groups: list[GroupResult]
    disciplines: list[DisciplineResult]
    placement: Placement
    priorities: list[Priority]
    red_flags: list[RedFlagResult]
    answers: list[AnswerRow]
    method: Method
    gates: list[GateResult] | None = Field(
        None, description="Outcome of --fail-under checks; null when none were asked for."
    )
