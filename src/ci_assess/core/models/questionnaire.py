"""The questionnaire: scale, groups, disciplines, questions, targets and red flags.

Everything a consultant may want to tune (the scale, the thresholds, the target
profiles, the red-flag rules) is data here, never a constant in code.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, StrictInt, model_validator

from ci_assess.core.models.base import StrictModel
from ci_assess.core.rounding import one_decimal

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case id")]
QuestionId = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", description="'<group>.<name>'")
]
# One decimal at most: what every report shows is then exactly what was written.
Score = Annotated[
    float,
    Field(ge=0, le=100, description="A score from 0 to 100, with at most one decimal."),
    AfterValidator(one_decimal),
]

PROCESS_GROUP_IDS = (
    "direction",
    "operational",
    "evaluation",
    "support",
    "organizational_behaviour",
)


class DisciplineId(StrEnum):
    """The three value disciplines of Treacy & Wiersema."""

    operational_excellence = "operational_excellence"
    customer_intimacy = "customer_intimacy"
    product_leadership = "product_leadership"


class ScaleLevel(StrictModel):
    """One named level of the answer scale."""

    level: StrictInt = Field(description="Integer value a respondent answers with.")
    name: str = Field(min_length=1, description="Short name shown beside the level.")


class Thresholds(StrictModel):
    """Placement thresholds on the value-discipline map (scores 0-100)."""

    leadership: Score = Field(70, description="A discipline at or above this leads the market.")
    parity: Score = Field(50, description="Below this a discipline is under industry parity.")
    lead_margin: Score = Field(
        10, description="How far the leader must be ahead of the next discipline."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.parity > self.leadership:
            raise ValueError("parity must not be above leadership")
        return self


class MaturityLevel(StrictModel):
    """A named band of the overall maturity score."""

    min_score: Score = Field(description="Lowest overall score in this band.")
    name: str = Field(min_length=1)
    description: str = Field("", description="What a company in this band looks like.")


class Group(StrictModel):
    """A section of the questionnaire: a process group, a discipline or readiness."""

    id: Identifier
    kind: Literal["process", "discipline", "readiness"] = Field(
        description="process: one of the five process groups (scored as maturity); "
        "discipline: evidences a value discipline; readiness: transformation readiness."
    )
    title: str = Field(min_length=1)
    description: str = ""
    phase: Literal["understand", "test", "learn", "implement"] = Field(
        "test", description="Roadmap phase in which this group's gaps are addressed."
    )


class Discipline(StrictModel):
    """A value discipline the company can lead in."""

    id: DisciplineId
    title: str = Field(min_length=1)
    description: str = ""


class Question(StrictModel):
    """One assessed activity with a behaviourally anchored description per level."""

    id: QuestionId
    group: Identifier = Field(description="Id of the group; must equal the id's prefix.")
    disciplines: list[DisciplineId] = Field(
        min_length=1, description="Value disciplines this question evidences."
    )
    weight: StrictInt = Field(ge=1, le=5, description="Relative importance, 1 to 5.")
    text: str = Field(min_length=1, description="The question put to the respondent.")
    help: str = Field("", description="What to look for when choosing a level.")
    levels: dict[int, str] = Field(
        description="What each scale level looks like in a real company, keyed by level."
    )
    recommendation: str = Field(min_length=1, description="How to move up a level.")


class Condition(StrictModel):
    """One test on an answered question's level or a scored group's score."""

    question: QuestionId | None = None
    group: Identifier | None = None
    below: float | None = Field(None, description="Holds when the value is below this.")
    at_least: float | None = Field(None, description="Holds when the value is at least this.")

    @model_validator(mode="after")
    def _one_subject_one_test(self) -> Self:
        if (self.question is None) == (self.group is None):
            raise ValueError("give exactly one of 'question' or 'group'")
        if (self.below is None) == (self.at_least is None):
            raise ValueError("give exactly one of 'below' or 'at_least'")
        return self


class RedFlag(StrictModel):
    """A named warning raised when all its conditions hold."""

    id: Identifier
    title: str = Field(min_length=1)
    message: str = Field(min_length=1)
    when: list[Condition] = Field(min_length=1, description="All must hold to raise the flag.")


class Questionnaire(StrictModel):
    """A whole questionnaire, as read from YAML."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Stable questionnaire id.")
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    scale: list[ScaleLevel] = Field(min_length=2, description="Ascending, contiguous levels.")
    thresholds: Thresholds = Field(default_factory=Thresholds)
    maturity_levels: list[MaturityLevel] = Field(min_length=1)
    targets: dict[DisciplineId, dict[Identifier, Score]] = Field(
        description="Target profile per intended discipline: group id -> target score."
    )
    groups: list[Group] = Field(min_length=1)
    disciplines: list[Discipline] = Field(min_length=3, max_length=3)
    questions: list[Question] = Field(min_length=1)
    red_flags: list[RedFlag] = Field(default_factory=list)

    @cached_property
    def question_map(self) -> dict[str, Question]:
        """Questions by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def group_map(self) -> dict[str, Group]:
        """Groups by id."""
        return {g.id: g for g in self.groups}

    @property
    def min_level(self) -> int:
        """Lowest level of the scale."""
        return self.scale[0].level

    @property
    def max_level(self) -> int:
        """Highest level of the scale."""
        return self.scale[-1].level

    def level_name(self, level: int) -> str:
        """Name of a scale level."""
        return self.scale[level - self.min_level].name

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = [
            *_scale_problems(self),
            *_group_problems(self),
            *_question_problems(self),
            *_reference_problems(self),
        ]
        if problems:
            raise InconsistentQuestionnaire(problems)
        return self


Loc = tuple[str | int, ...]


class InconsistentQuestionnaire(ValueError):
    """Rules across fields, each problem with the key path it is about.

    pydantic keeps the exception in the error's context, so that loading can give
    every problem the line of its key rather than one line for the whole file.
    """

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


def _scale_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    levels = [s.level for s in q.scale]
    problems: list[tuple[Loc, str]] = []
    if levels != list(range(levels[0], levels[0] + len(levels))):
        problems.append(
            (("scale",), f"scale levels must be ascending and contiguous, got {levels}")
        )
    mins = [m.min_score for m in q.maturity_levels]
    if mins[0] != 0 or mins != sorted(set(mins)):
        problems.append(
            (("maturity_levels",), "maturity_levels must start at min_score 0 and ascend")
        )
    return problems


def _group_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    seen: set[str] = set()
    for n, g in enumerate(q.groups):
        if g.id in seen:
            problems.append((("groups", n, "id"), f"group {g.id!r} is declared twice"))
        seen.add(g.id)
        if (g.id in PROCESS_GROUP_IDS) != (g.kind == "process"):
            problems.append(
                (
                    ("groups", n, "kind"),
                    f"group {g.id!r}: only the five process groups have kind 'process'",
                )
            )
    missing = [p for p in PROCESS_GROUP_IDS if p not in seen]
    if missing:
        problems.append((("groups",), f"the five process groups are required; missing {missing}"))
    if sorted(d.id for d in q.disciplines) != sorted(DisciplineId):
        problems.append(
            (("disciplines",), f"disciplines must be exactly {[d.value for d in DisciplineId]}")
        )
    return problems


def _question_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    seen: set[str] = set()
    levels = {s.level for s in q.scale}
    for n, question in enumerate(q.questions):
        if question.id in seen:
            problems.append((("questions", n, "id"), f"question {question.id!r} is declared twice"))
        seen.add(question.id)
        prefix = question.id.split(".", 1)[0]
        if question.group not in q.group_map:
            problems.append(
                (
                    ("questions", n, "group"),
                    f"question {question.id!r}: unknown group {question.group!r}",
                )
            )
        elif prefix != question.group:
            problems.append(
                (
                    ("questions", n, "id"),
                    f"question {question.id!r}: id must start with its group {question.group!r}",
                )
            )
        if set(question.levels) != levels:
            problems.append(
                (
                    ("questions", n, "levels"),
                    f"question {question.id!r}: describe every level {sorted(levels)}, "
                    f"got {sorted(question.levels)}",
                )
            )
    return problems


def _reference_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for discipline, profile in q.targets.items():
        for group_id in profile:
            if group_id not in q.group_map:
                problems.append(
                    (
                        ("targets", discipline.value, group_id),
                        f"targets.{discipline}: unknown group {group_id!r}",
                    )
                )
    for f, flag in enumerate(q.red_flags):
        for c, cond in enumerate(flag.when):
            at: Loc = ("red_flags", f, "when", c)
            if cond.question and cond.question not in q.question_map:
                problems.append(
                    ((*at, "question"), f"red flag {flag.id!r}: unknown question {cond.question!r}")
                )
            if cond.group and cond.group not in q.group_map:
                problems.append(
                    ((*at, "group"), f"red flag {flag.id!r}: unknown group {cond.group!r}")
                )
    return problems
