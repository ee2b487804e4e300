"""The frozen report model: everything a renderer needs, and nothing it must compute.

Scores are rounded to one decimal once, in scoring, so that every format, every chart
and every gate shows and compares exactly the same number.

The model is the JSON report's contract (``schemas/report.schema.json`` is generated
from it): every field is described here, every list is a tuple so that a built report
cannot be changed, and every key is always written (null for an absent value, an
empty array for an empty list). ``SCHEMA_VERSION`` names the contract: adding keys
bumps its minor number, changing a key's meaning or type its major number
(``tests/test_report_schema.py`` fails on a schema change without a bump).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field

from ci_assess.core.models.base import FrozenModel

SCHEMA_VERSION = "1.0"
"""The JSON report's schema version, "MAJOR.MINOR" (see the CHANGELOG for each bump)."""

Pattern = Literal[
    "focused_leader",
    "leader_below_parity",
    "stuck_in_the_middle",
    "unfocused",
    "below_parity",
    "insufficient_data",
]
Status = Literal["answered", "not_applicable", "unanswered"]

# A level on the scale: a whole number for one respondent's answer; a mean of several
# respondents' answers can lie between two levels (shown to two decimals).
LevelValue = int | float


class ReportModel(FrozenModel):
    """A part of the report: frozen, and every key written even when it has a default."""

    # The published schema is the serialised form: a default does not make a key optional.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class QuestionnaireRef(ReportModel):
    """Which questionnaire the answers were scored against."""

    id: str = Field(description="The questionnaire's id, e.g. 'customer-intimacy'.")
    version: str = Field(description="The questionnaire's version, e.g. '1.0.0'.")
    title: str = Field(description="The questionnaire's title.")


class Overall(ReportModel):
    """Overall customer-intimacy maturity (the five process groups together)."""

    score: float | None = Field(
        description="Overall maturity, 0-100 with one decimal; null when nothing was answered."
    )
    level: str | None = Field(
        description="Name of the maturity level the score falls in; null when there is no score."
    )
    level_description: str = Field(
        "", description="What that maturity level means; empty when there is no score."
    )


class Contribution(ReportModel):
    """How one answered question adds to a score: points = weight x (level - min) / span."""

    question: str = Field(description="The question's id.")
    weight: int = Field(description="The question's weight (1-5): the most points it can earn.")
    level: LevelValue = Field(
        description="The level answered (a whole number; a mean of several respondents may "
        "have two decimals)."
    )
    points: float = Field(
        description="Points earned, out of `weight`: weight x (level - lowest level) / "
        "(highest - lowest level), four decimals."
    )


class GroupResult(ReportModel):
    """A group's score against its target, with the answers behind it."""

    id: str = Field(description="The group's id, e.g. 'direction'.")
    title: str = Field(description="The group's title.")
    kind: str = Field(
        description="'process' for the five process groups, otherwise 'discipline' or "
        "'readiness' as the questionnaire declares."
    )
    score: float | None = Field(
        description="0-100 with one decimal; null when no question of the group was answered."
    )
    target: float | None = Field(
        description="Target score (0-100) from the intended discipline's profile or the "
        "answers file; null when the group has none."
    )
    gap: float | None = Field(
        description="How far the score is below the target: max(0, target - score); null "
        "when either is missing."
    )
    answered: int = Field(description="How many of the group's questions have a level.")
    total: int = Field(description="How many questions the group has.")
    contributions: tuple[Contribution, ...] = Field(
        description="Each answered question's part of the score, in questionnaire order."
    )


class DisciplineResult(ReportModel):
    """A value discipline's measured strength."""

    id: str = Field(
        description="The discipline's id: operational_excellence, customer_intimacy or "
        "product_leadership."
    )
    title: str = Field(description="The discipline's title.")
    score: float | None = Field(
        description="0-100 with one decimal over every question that evidences the "
        "discipline; null when none was answered."
    )
    answered: int = Field(description="How many of those questions have a level.")
    total: int = Field(description="How many questions evidence the discipline.")


class Placement(ReportModel):
    """Position on the value-discipline map."""

    lead: str | None = Field(
        description="Id of the leading discipline for the two leader patterns; null otherwise."
    )
    intended: str | None = Field(
        description="Id of the discipline the client intends to lead in; null when the "
        "answers file names none."
    )
    pattern: Pattern = Field(
        description="Where the company stands: focused_leader, leader_below_parity, "
        "stuck_in_the_middle, unfocused, below_parity, or insufficient_data when a "
        "discipline has no answer."
    )
    matches_intent: bool | None = Field(
        description="True when the measured lead is the intended discipline; null when no "
        "intent was given."
    )


class Priority(ReportModel):
    """A question below its target level, ranked by gap x weight."""

    rank: int = Field(description="1 for the largest weighted gap, then 2, 3, ...")
    question: str = Field(description="The question's id.")
    text: str = Field(description="The question as asked.")
    group: str = Field(description="Id of the question's group.")
    phase: str = Field(
        description="Roadmap phase the gap belongs to: understand, test, learn or implement."
    )
    level: LevelValue = Field(
        description="The level answered (a mean of several respondents may have two decimals)."
    )
    target: int = Field(
        description="The target level: the lowest level whose score reaches the group's target."
    )
    gap: LevelValue = Field(description="How many levels the answer lies below: target - level.")
    weight: int = Field(description="The question's weight (1-5).")
    weighted_gap: LevelValue = Field(
        description="gap x weight: what the ranking sorts by, largest first."
    )
    recommendation: str = Field(description="The questionnaire's advice for closing the gap.")
    note: str | None = Field(None, description="The answer's note; null when there is none.")
    evidence: str | None = Field(
        None, description="The evidence recorded with the answer; null when there is none."
    )


class RedFlagResult(ReportModel):
    """A transformation-readiness warning that was raised."""

    id: str = Field(description="The red flag's id in the questionnaire.")
    title: str = Field(description="The red flag's short title.")
    message: str = Field(description="What the warning means for the client.")


class ScaleEntry(ReportModel):
    """A level of the answer scale."""

    level: int = Field(description="The level's number.")
    name: str = Field(description="The level's name, e.g. 'Absent' or 'Leading'.")


class AnswerRow(ReportModel):
    """One question and its answer, for the appendix."""

    question: str = Field(description="The question's id.")
    group: str = Field(description="Id of the question's group.")
    text: str = Field(description="The question as asked.")
    weight: int = Field(description="The question's weight (1-5).")
    disciplines: tuple[str, ...] = Field(
        description="Ids of the value disciplines the question evidences."
    )
    status: Status = Field(description="answered, not_applicable or unanswered.")
    level: LevelValue | None = Field(
        None,
        description="The level answered (a mean of several respondents may have two "
        "decimals); null unless answered.",
    )
    level_name: str | None = Field(
        None, description="The name of that level; null unless answered with a whole level."
    )
    level_description: str | None = Field(
        None,
        description="What that level means for this question; null unless answered with a "
        "whole level.",
    )
    target: int | None = Field(
        None, description="The target level for the question's group; null when it has none."
    )
    na: str | None = Field(
        None, description="Why the question does not apply; null unless not_applicable."
    )
    note: str | None = Field(None, description="The answer's note; null when there is none.")
    evidence: str | None = Field(
        None, description="The evidence recorded with the answer; null when there is none."
    )


class Method(ReportModel):
    """The rules the numbers came from, for the report's method appendix."""

    scale: tuple[ScaleEntry, ...] = Field(description="The answer scale, lowest level first.")
    leadership: float = Field(
        description="Score (0-100) at or above which a discipline counts as leading."
    )
    parity: float = Field(description="Score (0-100) below which a discipline is under parity.")
    lead_margin: float = Field(
        description="How many points a leader must be ahead of the next discipline."
    )
    target_source: str = Field(
        description="Which discipline's target profile was used, and whether the answers "
        "file overrode it per group."
    )


class GateResult(ReportModel):
    """One `--fail-under` check."""

    subject: str = Field(description="What was checked: 'overall', a group id or a discipline id.")
    threshold: float = Field(description="The score it had to reach (0-100).")
    score: float | None = Field(
        description="The score as the report shows it; null when it could not be computed."
    )
    passed: bool = Field(
        description="True when the score reached the threshold; a missing score fails."
    )


class Report(ReportModel):
    """The gap report for one assessment."""

    schema_version: str = Field(
        SCHEMA_VERSION,
        pattern=r"^[0-9]+\.[0-9]+$",
        description="Version of this report format, 'MAJOR.MINOR': the minor number grows "
        "when keys are added, the major number when a key changes meaning or type.",
    )
    company: str = Field(description="The assessed company, from the answers file.")
    assessed_on: dt.date | None = Field(
        description="Date of the interview (YYYY-MM-DD); null when not given."
    )
    assessor: str | None = Field(description="Who ran the assessment; null when not given.")
    respondent: str | None = Field(
        description="The respondent's name and role as one string, e.g. 'Dana Whitfield, "
        "Head of Sales'; null when not given."
    )
    questionnaire: QuestionnaireRef = Field(
        description="The questionnaire the answers were scored against."
    )
    completeness: float = Field(
        ge=0,
        le=1,
        description="Share of questions answered or marked not applicable, 0-1, four decimals.",
    )
    answered: int = Field(description="How many questions have a level.")
    not_applicable: int = Field(description="How many questions were marked not applicable.")
    unanswered: tuple[str, ...] = Field(
        description="Ids of the questions with no answer, in questionnaire order."
    )
    overall: Overall = Field(description="Overall maturity over the five process groups.")
    process_groups: tuple[GroupResult, ...] = Field(
        description="The five process groups, in their fixed order."
    )
    other_groups: tuple[GroupResult, ...] = Field(
        description="The questionnaire's other groups (intimacy, the disciplines, "
        "readiness), in questionnaire order."
    )
    disciplines: tuple[DisciplineResult, ...] = Field(
        description="The three value disciplines' scores, in questionnaire order."
    )
    placement: Placement = Field(description="The company's place on the value-discipline map.")
    priorities: tuple[Priority, ...] = Field(
        description="Every answered question below its target level, largest weighted gap first."
    )
    red_flags: tuple[RedFlagResult, ...] = Field(
        description="The transformation-readiness warnings raised, in questionnaire order."
    )
    answers: tuple[AnswerRow, ...] = Field(
        description="Every question with its answer, in questionnaire order (the appendix)."
    )
    method: Method = Field(description="The scale, thresholds and target profile used.")
    gates: tuple[GateResult, ...] | None = Field(
        None,
        description="Outcome of each --fail-under check, in the order given; null when none "
        "was asked for.",
    )
