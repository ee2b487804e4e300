"""The progress and benchmark sections' classes (see ``core.models.history``).

Imported only by a report that has one of them: ``core.models.history`` hands them out
on first use, and the report names them through ``core.models.deferred``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ci_assess.core.models.history import OutcomeChange, ReportModel, _Aliased


class Baseline(ReportModel):
    """What the report is compared with."""

    assessed_on: dt.date | None
    """The baseline's assessment date."""
    milestone: str | None
    """The baseline's milestone in the store (e.g. 'baseline'); null for a file."""
    source: str
    """Where it came from: the file or folder given, or 'store:ID' for a stored assessment."""


class Change(_Aliased):
    """A score before and after."""

    from_: float | None = Field(alias="from")
    """The baseline's score (0-100)."""
    to: float | None
    """This assessment's score (0-100)."""
    delta: float | None
    """to - from, one decimal; null when either is missing or the method changed (a new major
    questionnaire version: not comparable)."""


class SubjectChange(_Aliased):
    """A group's or discipline's score before and after."""

    id: str
    """The group's or discipline's id."""
    from_: float | None = Field(alias="from")
    """The baseline's score."""
    to: float | None
    """This assessment's score."""
    delta: float | None
    """to - from; null as for the overall score."""


class PatternChange(_Aliased):
    """The value-discipline pattern before and after."""

    from_: str = Field(alias="from")
    """The baseline's pattern."""
    to: str
    """This assessment's pattern."""


class QuestionChange(_Aliased):
    """A question whose answer changed."""

    question: str
    """The question's id."""
    from_: int | float | str | None = Field(alias="from")
    """The baseline's level, 'na' (not applicable) or null (unanswered)."""
    to: int | float | str | None
    """This assessment's level, 'na' or null."""


class ComparedOn(ReportModel):
    """How many questions the comparison rests on."""

    questions: int
    """Questions both sides answered (a level or not applicable) and both questionnaires ask: the
    scores are re-scored on these."""
    of: int
    """How many questions this assessment's questionnaire has."""


class Progress(ReportModel):
    """This assessment against a baseline: what moved, what did not, what got worse."""

    baseline: Baseline
    """The earlier assessment: its date, milestone and where it came from."""
    comparable: bool
    """False when the two sides were scored against different major questionnaire versions: the
    scores are shown side by side, without deltas ('method changed: not comparable'), and only
    common questions are compared."""
    overall: Change
    """The overall maturity score before and after."""
    groups: tuple[SubjectChange, ...]
    """Every group of this assessment's questionnaire, in its order."""
    disciplines: tuple[SubjectChange, ...]
    """The three value disciplines, in questionnaire order."""
    pattern: PatternChange
    """The placement pattern before and after."""
    questions: tuple[QuestionChange, ...]
    """The common questions whose answer changed, in questionnaire order."""
    compared_on: ComparedOn
    """What the comparison rests on."""
    outcomes: tuple[OutcomeChange, ...] = Field(default=())
    """Each outcome indicator with a `today` value on both sides, in this report's outcome order;
    compared across major questionnaire versions too."""


class Segment(ReportModel):
    """Which stored assessments a benchmark compares with."""

    industry: str | None
    """Only companies of this industry (compared trimmed and case-folded); null: every industry."""
    size: str | None
    """Only companies of this size (micro, small, mid, large); null: every size."""


class Figure(ReportModel):
    """The percentile rank of one score."""

    percentile: float | None
    """(peers below + half the peers equal) / n x 100, one decimal, ties judged on the one-decimal
    scores; null when n < 5 ('too few to compare') or this assessment has no such score."""
    n: int
    """How many other companies have this score in the segment."""


class SubjectFigure(ReportModel):
    """The percentile rank of a group's or discipline's score."""

    id: str
    """The group's or discipline's id."""
    percentile: float | None
    """As for the overall figure."""
    n: int
    """How many other companies have this score in the segment."""


class Benchmark(ReportModel):
    """Where the scores stand among the latest assessment of every other company."""

    segment: Segment
    """The companies compared with."""
    n: int
    """How many other companies the segment holds (the latest stored assessment of each, same
    questionnaire id, major version and method)."""
    suppressed: bool
    """True when n < 5: every figure is suppressed."""
    overall: Figure
    """The overall maturity score's rank."""
    groups: tuple[SubjectFigure, ...]
    """Each group's rank, in questionnaire order."""
    disciplines: tuple[SubjectFigure, ...]
    """Each discipline's (position) rank, in questionnaire order; empty unless the segment is one
    industry, since positions are judged against competitors."""
