"""Turn a questionnaire and one answers file into a Report. Pure: no I/O.

Every score is a weighted mean of answered questions, each answer counting
``(level - min) / (max - min)`` of its weight; N/A and unanswered questions leave
both numerator and denominator. Raising one answer can therefore never lower a score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from ci_assess.models.answers import Answer, AnswersFile
from ci_assess.models.questionnaire import (
    PROCESS_GROUP_IDS,
    Condition,
    DisciplineId,
    Group,
    Question,
    Questionnaire,
)
from ci_assess.models.report import (
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

DEFAULT_PROFILE = DisciplineId.customer_intimacy


def round1(value: float) -> float:
    """Round half up to one decimal: the precision every report shows."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def score(questionnaire: Questionnaire, answers: AnswersFile) -> Report:
    """Score ``answers`` against ``questionnaire``. Assumes both were validated together."""
    levels = _levels(answers.answers)
    targets = _targets(questionnaire, answers)
    groups = [_group_result(questionnaire, g, levels, targets) for g in questionnaire.groups]
    disciplines = [
        _discipline_result(questionnaire, d.id, levels) for d in questionnaire.disciplines
    ]
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
        overall=_overall(questionnaire, levels),
        process_groups=sorted(process, key=lambda g: PROCESS_GROUP_IDS.index(g.id)),
        other_groups=[g for g in groups if g.id not in PROCESS_GROUP_IDS],
        disciplines=disciplines,
        placement=_placement(questionnaire, disciplines, answers.target_discipline),
        priorities=_priorities(questionnaire, answers, targets),
        red_flags=_red_flags(questionnaire, levels, groups),
        answers=[
            _answer_row(questionnaire, q, answers.answers.get(q.id), targets)
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


def _fraction(questionnaire: Questionnaire, level: int) -> float:
    span = questionnaire.max_level - questionnaire.min_level
    return (level - questionnaire.min_level) / span


def _weighted_score(
    questionnaire: Questionnaire, questions: Iterable[Question], levels: dict[str, int]
) -> tuple[float | None, list[Contribution]]:
    """Weighted mean (0-100) of the answered questions, and each one's contribution."""
    contributions = [
        Contribution(
            question=q.id,
            weight=q.weight,
            level=levels[q.id],
            points=round(q.weight * _fraction(questionnaire, levels[q.id]), 4),
        )
        for q in questions
        if q.id in levels
    ]
    weight = sum(c.weight for c in contributions)
    if not weight:
        return None, contributions
    earned = sum(c.weight * _fraction(questionnaire, c.level) for c in contributions)
    return round1(100 * earned / weight), contributions


def _group_result(
    questionnaire: Questionnaire, group: Group, levels: dict[str, int], targets: dict[str, float]
) -> GroupResult:
    questions = [q for q in questionnaire.questions if q.group == group.id]
    value, contributions = _weighted_score(questionnaire, questions, levels)
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
    questionnaire: Questionnaire, discipline: DisciplineId, levels: dict[str, int]
) -> DisciplineResult:
    questions = [q for q in questionnaire.questions if discipline in q.disciplines]
    value, contributions = _weighted_score(questionnaire, questions, levels)
    title = next(d.title for d in questionnaire.disciplines if d.id == discipline)
    return DisciplineResult(
        id=discipline.value,
        title=title,
        score=value,
        answered=len(contributions),
        total=len(questions),
    )


def _overall(questionnaire: Questionnaire, levels: dict[str, int]) -> Overall:
    """Maturity: the weighted mean over every question of the five process groups."""
    questions = [q for q in questionnaire.questions if q.group in PROCESS_GROUP_IDS]
    value, _ = _weighted_score(questionnaire, questions, levels)
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
    questionnaire: Questionnaire, answers: AnswersFile, targets: dict[str, float]
) -> list[Priority]:
    """Answered questions below their group's target level, largest gap x weight first."""
    found = []
    for order, q in enumerate(questionnaire.questions):
        answer = answers.answers.get(q.id)
        if answer is None or answer.level is None or q.group not in targets:
            continue
        goal = target_level(questionnaire, targets[q.group])
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
    q: Question,
    answer: Answer | None,
    targets: dict[str, float],
) -> AnswerRow:
    goal = target_level(questionnaire, targets[q.group]) if q.group in targets else None
    row = AnswerRow(
        question=q.id,
        group=q.group,
        text=q.text,
        weight=q.weight,
        disciplines=[d.value for d in q.disciplines],
        status="unanswered",
        target=goal,
    )
    if answer is None:
        return row
    if answer.level is None:
        return row.model_copy(
            update={
                "status": "not_applicable",
                "na": answer.na,
                "note": answer.note,
                "evidence": answer.evidence,
            }
        )
    return row.model_copy(
        update={
            "status": "answered",
            "level": answer.level,
            "level_name": questionnaire.level_name(answer.level),
            "level_description": q.levels[answer.level],
            "note": answer.note,
            "evidence": answer.evidence,
        }
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
