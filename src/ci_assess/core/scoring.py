"""Turn a questionnaire and one answers file into a Report. Pure: no I/O.

Every score is a weighted mean of answered questions, each answer counting
``(level - min) / (max - min)`` of its weight; N/A and unanswered questions leave
both numerator and denominator. Raising one answer can therefore never lower a score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ci_assess.core.models.answers import Answer, AnswersFile
from ci_assess.core.models.questionnaire import (
    PROCESS_GROUP_IDS,
    Condition,
    Discipline,
    DisciplineId,
    Group,
    Question,
    Questionnaire,
)
from ci_assess.core.models.report import (
    AnswerRow,
    Contribution,
    DisciplineResult,
    GroupResult,
    Method,
    Overall,
    Pattern,
    Placement,
    Priority,
    QuestionnaireRef,
    RedFlagResult,
    Report,
    ScaleEntry,
)
from ci_assess.core.rounding import round1

DEFAULT_PROFILE = DisciplineId.customer_intimacy


@dataclass(frozen=True)
class _Index:
    """What depends on the questionnaire alone: worked out once per run, not per file."""

    lo: int
    span: int
    by_group: dict[str, list[Question]]
    by_discipline: dict[DisciplineId, list[Question]]
    process: list[Question]
    discipline_values: dict[str, list[str]]

    def fraction(self, level: int) -> float:
        """The share of a question's weight that ``level`` earns."""
        return (level - self.lo) / self.span


# Keyed by identity (a questionnaire is not hashable); each entry holds its
# questionnaire, so the id cannot be reused by another object while it is cached.
_INDEXES: dict[int, tuple[Questionnaire, _Index]] = {}


def _index(questionnaire: Questionnaire) -> _Index:
    cached = _INDEXES.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    questions = questionnaire.questions
    index = _Index(
        lo=questionnaire.min_level,
        span=questionnaire.max_level - questionnaire.min_level,
        by_group={g.id: [q for q in questions if q.group == g.id] for g in questionnaire.groups},
        by_discipline={
            d.id: [q for q in questions if d.id in q.disciplines] for d in questionnaire.disciplines
        },
        process=[q for q in questions if q.group in PROCESS_GROUP_IDS],
        discipline_values={q.id: [d.value for d in q.disciplines] for q in questions},
    )
    if len(_INDEXES) >= 16:
        _INDEXES.clear()
    _INDEXES[id(questionnaire)] = (questionnaire, index)
    return index


def score(questionnaire: Questionnaire, answers: AnswersFile) -> Report:
    """Score ``answers`` against ``questionnaire``. Assumes both were validated together."""
    index = _index(questionnaire)
    levels = _levels(answers.answers)
    targets = _targets(questionnaire, answers)
    goals = {group: target_level(questionnaire, target) for group, target in targets.items()}
    groups = [_group_result(index, g, levels, targets) for g in questionnaire.groups]
    disciplines = [_discipline_result(index, d, levels) for d in questionnaire.disciplines]
    process = [g for g in groups if g.id in PROCESS_GROUP_IDS]
    unanswered = [q.id for q in questionnaire.questions if q.id not in answers.answers]
    total = len(questionnaire.questions)
    return Report(
        company=answers.company,
        assessed_on=answers.assessed_on,
        assessor=answers.assessor,
        respondent=_respondent(answers),
        questionnaire=QuestionnaireRef(
            id=questionnaire.id, version=questionnaire.version, title=questionnaire.title
        ),
        completeness=round((total - len(unanswered)) / total, 4),
        answered=len(levels),
        not_applicable=sum(1 for a in answers.answers.values() if a.is_na),
        unanswered=unanswered,
        overall=_overall(questionnaire, index, levels),
        process_groups=sorted(process, key=lambda g: PROCESS_GROUP_IDS.index(g.id)),
        other_groups=[g for g in groups if g.id not in PROCESS_GROUP_IDS],
        disciplines=disciplines,
        placement=_placement(questionnaire, disciplines, answers.target_discipline),
        priorities=_priorities(questionnaire, answers, goals),
        red_flags=_red_flags(questionnaire, levels, groups),
        answers=[
            _answer_row(questionnaire, index, q, answers.answers.get(q.id), goals)
            for q in questionnaire.questions
        ],
        method=_method(questionnaire, answers),
    )


def _levels(answers: dict[str, Answer]) -> dict[str, int]:
    return {qid: a.level for qid, a in answers.items() if a.level is not None}


def _targets(questionnaire: Questionnaire, answers: AnswersFile) -> dict[str, float]:
    """The target profile of the intended discipline, with the file's overrides on top."""
    profile = questionnaire.targets.get(answers.target_discipline or DEFAULT_PROFILE, {})
    return {**profile, **answers.targets}


def _weighted_score(
    index: _Index, questions: list[Question], levels: dict[str, int]
) -> tuple[float | None, list[tuple[Question, int]]]:
    """Weighted mean (0-100) of the answered questions, and those questions' levels."""
    answered = [(q, levels[q.id]) for q in questions if q.id in levels]
    weight = sum(q.weight for q, _ in answered)
    if not weight:
        return None, answered
    earned = sum(q.weight * index.fraction(level) for q, level in answered)
    return round1(100 * earned / weight), answered


def _group_result(
    index: _Index, group: Group, levels: dict[str, int], targets: dict[str, float]
) -> GroupResult:
    questions = index.by_group[group.id]
    value, answered = _weighted_score(index, questions, levels)
    contributions = [
        Contribution(
            question=q.id,
            weight=q.weight,
            level=level,
            points=round(q.weight * index.fraction(level), 4),
        )
        for q, level in answered
    ]
    target = targets.get(group.id)
    gap = None if value is None or target is None else round1(max(0.0, target - value))
    return GroupResult(
        id=group.id,
        title=group.title,
        kind=group.kind,
        score=value,
        target=target,
        gap=gap,
        answered=len(contributions),
        total=len(questions),
        contributions=contributions,
    )


def _discipline_result(
    index: _Index, discipline: Discipline, levels: dict[str, int]
) -> DisciplineResult:
    questions = index.by_discipline[discipline.id]
    value, answered = _weighted_score(index, questions, levels)
    return DisciplineResult(
        id=discipline.id.value,
        title=discipline.title,
        score=value,
        answered=len(answered),
        total=len(questions),
    )


def _overall(questionnaire: Questionnaire, index: _Index, levels: dict[str, int]) -> Overall:
    """Maturity: the weighted mean over every question of the five process groups."""
    value, _ = _weighted_score(index, index.process, levels)
    if value is None:
        return Overall(score=None, level=None)
    band = [m for m in questionnaire.maturity_levels if m.min_score <= value][-1]
    return Overall(score=value, level=band.name, level_description=band.description)


def _placement(
    questionnaire: Questionnaire,
    disciplines: list[DisciplineResult],
    intended: DisciplineId | None,
) -> Placement:
    """Place the company on the value-discipline map (rules in the README)."""
    scores = {d.id: d.score for d in disciplines}
    pattern, lead = classify(questionnaire, scores)
    return Placement(
        lead=lead,
        intended=intended.value if intended else None,
        pattern=pattern,
        matches_intent=None if intended is None else lead == intended.value,
    )


def classify(
    questionnaire: Questionnaire, scores: Mapping[str, float | None]
) -> tuple[Pattern, str | None]:
    """Return the map pattern and the leading discipline (or None).

    Decided in this order: below_parity, unfocused, the two leader patterns,
    otherwise stuck_in_the_middle. A discipline with no answer makes it undecidable.
    """
    known = {k: v for k, v in scores.items() if v is not None}
    if len(known) < len(scores) or not known:
        return "insufficient_data", None
    t = questionnaire.thresholds
    values = sorted(known.values(), reverse=True)
    if all(v < t.parity for v in values):
        return "below_parity", None
    if all(v >= t.leadership for v in values):
        return "unfocused", None
    leader = max(known, key=lambda k: known[k])
    if values[0] >= t.leadership and values[0] - values[1] >= t.lead_margin:
        others_at_parity = all(v >= t.parity for v in values[1:])
        return ("focused_leader" if others_at_parity else "leader_below_parity"), leader
    return "stuck_in_the_middle", None


def target_level(questionnaire: Questionnaire, target: float) -> int:
    """The lowest scale level whose score reaches ``target`` (0-100)."""
    span = questionnaire.max_level - questionnaire.min_level
    # The epsilon keeps exact fractions (75% of 4 = 3.0) from rounding up a level.
    return questionnaire.min_level + math.ceil(target / 100 * span - 1e-9)


def _priorities(
    questionnaire: Questionnaire, answers: AnswersFile, goals: dict[str, int]
) -> list[Priority]:
    """Answered questions below their group's target level, largest gap x weight first.

    ``goals`` holds each targeted group's target level (see ``target_level``).
    """
    found = []
    for order, q in enumerate(questionnaire.questions):
        answer = answers.answers.get(q.id)
        if answer is None or answer.level is None or q.group not in goals:
            continue
        goal = goals[q.group]
        gap = goal - answer.level
        if gap > 0:
            found.append((-(gap * q.weight), -q.weight, order, q, answer, goal, gap))
    found.sort(key=lambda item: item[:3])
    return [
        Priority(
            rank=rank,
            question=q.id,
            text=q.text,
            group=q.group,
            phase=questionnaire.group_map[q.group].phase,
            level=answer.level or 0,
            target=goal,
            gap=gap,
            weight=q.weight,
            weighted_gap=gap * q.weight,
            recommendation=q.recommendation,
            note=answer.note,
            evidence=answer.evidence,
        )
        for rank, (_, _, _, q, answer, goal, gap) in enumerate(found, start=1)
    ]


def _holds(cond: Condition, levels: dict[str, int], group_scores: dict[str, float | None]) -> bool:
    """A condition on something unanswered never holds: we do not guess."""
    value: float | None = (
        levels.get(cond.question) if cond.question else group_scores.get(cond.group or "")
    )
    if value is None:
        return False
    if cond.below is not None:
        return value < cond.below
    return cond.at_least is not None and value >= cond.at_least


def _red_flags(
    questionnaire: Questionnaire, levels: dict[str, int], groups: list[GroupResult]
) -> list[RedFlagResult]:
    group_scores = {g.id: g.score for g in groups}
    return [
        RedFlagResult(id=f.id, title=f.title, message=f.message)
        for f in questionnaire.red_flags
        if all(_holds(c, levels, group_scores) for c in f.when)
    ]


def _answer_row(
    questionnaire: Questionnaire,
    index: _Index,
    q: Question,
    answer: Answer | None,
    goals: dict[str, int],
) -> AnswerRow:
    # One model per row, built with exactly the fields that apply to its status.
    common: dict[str, Any] = {
        "question": q.id,
        "group": q.group,
        "text": q.text,
        "weight": q.weight,
        "disciplines": index.discipline_values[q.id],  # validation copies the list
        "target": goals.get(q.group),
    }
    if answer is None:
        return AnswerRow(status="unanswered", **common)
    if answer.level is None:
        return AnswerRow(
            status="not_applicable",
            na=answer.na,
            note=answer.note,
            evidence=answer.evidence,
            **common,
        )
    return AnswerRow(
        status="answered",
        level=answer.level,
        level_name=questionnaire.level_name(answer.level),
        level_description=q.levels[answer.level],
        note=answer.note,
        evidence=answer.evidence,
        **common,
    )


def _respondent(answers: AnswersFile) -> str | None:
    r = answers.respondent
    if r is None:
        return None
    parts = [p for p in (r.name, r.role) if p]
    return ", ".join(parts) or None


def _method(questionnaire: Questionnaire, answers: AnswersFile) -> Method:
    t = questionnaire.thresholds
    profile = (answers.target_discipline or DEFAULT_PROFILE).value
    source = f"{profile} profile" + (" with per-group overrides" if answers.targets else "")
    return Method(
        scale=[ScaleEntry(level=s.level, name=s.name) for s in questionnaire.scale],
        leadership=t.leadership,
        parity=t.parity,
        lead_margin=t.lead_margin,
        target_source=source,
    )
