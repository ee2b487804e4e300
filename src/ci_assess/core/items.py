"""Each question's fields as a plain slotted object, made once per questionnaire.

Scoring reads a question's id, group and weight in every loop, some 6,000 times per
answers file. On a pydantic model each read costs ~900 instructions: the model's
``__getattr__`` hook makes CPython take its slow attribute path. A slot read costs a
small fraction of that (issue 17, docs/performance.md), so the scoring modules loop
over these items, never over ``Questionnaire.questions``.
"""

from __future__ import annotations

from ci_assess.core.exact import Exact
from ci_assess.core.models.questionnaire import PHASES, AppliesWhen, Question, Questionnaire
from ci_assess.core.models.report import AnswerRow, Contribution, Priority
from ci_assess.core.models.trusted import Prepared, prepared

__all__ = ["Item", "items"]


class Item:
    """One question, as scoring reads it."""

    __slots__ = (
        "contributions",
        "disciplines",
        "gate",
        "group",
        "horizon",
        "id",
        "level_names",
        "levels",
        "operating_model",
        "order",
        "owner",
        "phase",
        "phase_index",
        "prerequisites",
        "priority",
        "recommendation",
        "row",
        "rows",
        "rule",
        "rule_text",
        "shown_phase",
        "text",
        "weight",
    )

    def __init__(
        self, questionnaire: Questionnaire, order: int, q: Question, level_names: dict[int, str]
    ) -> None:
        self.id: str = q.id
        self.group: str = q.group
        self.weight: int = q.weight
        self.text: str = q.text
        self.order = order
        self.gate: bool = q.gate
        self.phase = q.phase
        # A priority's phase: its own (format 2) or its group's (format 1).
        self.shown_phase: str = q.phase or questionnaire.group_map[q.group].phase
        # The sequence's phase rank: a question without a phase after every phase.
        self.phase_index = PHASES.index(q.phase) if q.phase else len(PHASES)
        self.prerequisites: tuple[str, ...] = tuple(q.prerequisites)
        self.recommendation: str = q.recommendation
        self.owner: str | None = q.owner
        self.horizon: str | None = q.horizon
        self.levels: dict[int, str] = q.levels
        self.level_names = level_names  # the scale's, shared by every item
        self.operating_model = q.operating_model is not None
        self.rule: AppliesWhen | None = questionnaire.applies_when(q)
        self.rule_text = None if self.rule is None else _rule_text(questionnaire, self.rule)
        self.disciplines: tuple[str, ...] = questionnaire.disciplines_of(q)
        # The answer row's fields that no answer changes.
        self.row: Prepared[AnswerRow] = prepared(
            AnswerRow,
            question=self.id,
            group=self.group,
            text=self.text,
            weight=self.weight,
            disciplines=self.disciplines,
        )
        # A priority's fields that its gap does not change.
        self.priority: Prepared[Priority] = prepared(
            Priority,
            question=self.id,
            text=self.text,
            group=self.group,
            phase=self.shown_phase,
            weight=self.weight,
            recommendation=self.recommendation,
            owner=self.owner,
            horizon=self.horizon,
        )
        # Each level's contribution, and each answer row without a remark, made on
        # first use: the same immutable object for every file of a batch that has it.
        self.contributions: dict[Exact, Contribution] = {}
        self.rows: dict[tuple[int | None, int | None, str], AnswerRow] = {}


def _rule_text(questionnaire: Questionnaire, rule: AppliesWhen) -> str:
    titles = {d.id: d.title.lower() for d in questionnaire.disciplines}
    names = [titles[d] for d in rule.intended] + (["undecided"] if rule.undecided else [])
    return "applies only when the intent is " + " or ".join(names)


def items(questionnaire: Questionnaire) -> list[Item]:
    """The questionnaire's questions as items, in questionnaire order."""
    names = {s.level: s.name for s in questionnaire.scale}
    return [Item(questionnaire, order, q, names) for order, q in enumerate(questionnaire.questions)]
