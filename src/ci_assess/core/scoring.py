"""Turn a questionnaire and a scoring input into a Report. Pure: no I/O.

Every score is a weighted mean of answered questions, each answer counting
``(level - min) / (max - min)`` of its weight; N/A and unanswered questions leave
both numerator and denominator. Raising one answer can therefore never lower a score.

The engine (``score_input``) takes each question's level as an exact fraction (one
respondent gives whole levels, a mean of several respondents may not) and computes
with fractions throughout; a score is rounded once, half up, when it is made
(``round1``), so no order of inputs and no floating-point error can change a result.
``score`` is the one-answers-file case.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ci_assess.core.models.answers import AnswersFile
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
    LevelValue,
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
from ci_assess.core.rounding import round1, round_half_up
from ci_assess.core.scoring_input import (
    Levels,
    NotApplicable,
    Remark,
    ScoringInput,
    from_answers,
)

DEFAULT_PROFILE = DisciplineId.customer_intimacy
Exact = int | Fraction
"""A level or a sum of points, exactly: an int while it is whole (integer arithmetic is
fast), a Fraction once a mean of several respondents makes it fractional."""
_NO_REMARK = Remark()


@dataclass(frozen=True)
class _Index:
    """What depends on the questionnaire alone: worked out once per run, not per file."""

    lo: int
    span: int
    by_group: dict[str, list[Question]]
    by_discipline: dict[DisciplineId, list[Question]]
    process: list[Question]
    discipline_values: dict[str, tuple[str, ...]]

    def units(self, weight: int, level: Exact) -> Exact:
        """The points ``level`` earns on a question of ``weight``, times ``span``: exact."""
        return weight * (level - self.lo)


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
        discipline_values={q.id: tuple(d.value for d in q.disciplines) for q in questions},
    )
    if len(_INDEXES) >= 16:
        _INDEXES.clear()
    _INDEXES[id(questionnaire)] = (questionnaire, index)
    return index


def score(questionnaire: Questionnaire, answers: AnswersFile) -> Report:
    """Score one answers file against ``questionnaire``. Assumes both were validated together."""
    return score_input(questionnaire, from_answers(answers))


def score_input(questionnaire: Questionnaire, data: ScoringInput) -> Report:
    """Score ``data`` (levels, remarks, metadata) against ``questionnaire``.

    Every question id in ``data.levels`` must be the questionnaire's and every level on
    its scale (``ValueError`` otherwise: the loaders check answers files before this).
    """
    index = _index(questionnaire)
    levels = _answered(questionnaire, data.levels)
    targets = {**questionnaire.targets.get(_discipline_intent(data) or DEFAULT_PROFILE, {})}
    targets.update(data.targets)
    goals = {group: target_level(questionnaire, target) for group, target in targets.items()}
    groups = [_group_result(index, g, levels, targets) for g in questionnaire.groups]
    disciplines = [_discipline_result(index, d, levels) for d in questionnaire.disciplines]
    process = [g for g in groups if g.id in PROCESS_GROUP_IDS]
    unanswered = tuple(q.id for q in questionnaire.questions if q.id not in data.levels)
    total = len(questionnaire.questions)
    return Report(
        company=data.company,
        assessed_on=data.assessed_on,
        assessor=data.assessor,
        respondent=data.respondent,
        questionnaire=QuestionnaireRef(
            id=questionnaire.id, version=questionnaire.version, title=questionnaire.title
        ),
        completeness=round_half_up(Fraction(total - len(unanswered), total), 4),
        answered=len(levels),
        not_applicable=len(data.levels) - len(levels),
        unanswered=unanswered,
        overall=_overall(questionnaire, index, levels),
        process_groups=tuple(sorted(process, key=lambda g: PROCESS_GROUP_IDS.index(g.id))),
        other_groups=tuple(g for g in groups if g.id not in PROCESS_GROUP_IDS),
        disciplines=tuple(disciplines),
        placement=_placement(questionnaire, disciplines, _discipline_intent(data)),
        priorities=_priorities(questionnaire, data, levels, goals),
        red_flags=_red_flags(questionnaire, levels, groups),
        answers=tuple(
            _answer_row(questionnaire, index, q, data, levels, goals)
            for q in questionnaire.questions
        ),
        method=_method(questionnaire, data),
    )


def _discipline_intent(data: ScoringInput) -> DisciplineId | None:
    intent = data.target_discipline
    return intent if isinstance(intent, DisciplineId) else None


def _answered(questionnaire: Questionnaire, levels: Levels) -> dict[str, Exact]:
    """The questions with a level, whole levels as ints (fast, exact integer sums).

    Refuses what no validated input holds: an unknown question, a level off the scale.
    """
    lo, hi = questionnaire.min_level, questionnaire.max_level
    answered: dict[str, Exact] = {}
    for qid, given in levels.items():
        if qid not in questionnaire.question_map:
            raise ValueError(f"{qid}: not a question of {questionnaire.id}")
        if isinstance(given, NotApplicable):
            continue
        level = given.numerator if given.denominator == 1 else given
        if not lo <= level <= hi:
            raise ValueError(f"{qid}: level {level} is outside the scale {lo}-{hi}")
        answered[qid] = level
    return answered


def _ratio(numerator: Exact, denominator: int) -> Fraction:
    """``numerator / denominator`` as an exact fraction (never a float)."""
    if isinstance(numerator, int):
        return Fraction(numerator, denominator)
    return numerator / denominator


def _shown(value: Exact) -> LevelValue:
    """A level (or a gap in levels) as the report shows it: whole, or to two decimals."""
    if isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else round_half_up(value, 2)


def _weighted_score(
    index: _Index, questions: list[Question], levels: dict[str, Exact]
) -> tuple[float | None, list[tuple[Question, Exact]]]:
    """Weighted mean (0-100) of the answered questions, and those questions' levels.

    Summed exactly and rounded once: the mean is exact until it becomes a score.
    """
    answered = [(q, levels[q.id]) for q in questions if q.id in levels]
    weight = sum(q.weight for q, _ in answered)
    if not weight:
        return None, answered
    earned: Exact = sum(index.units(q.weight, level) for q, level in answered)
    return round1(_ratio(100 * earned, index.span * weight)), answered


def _group_result(
    index: _Index, group: Group, levels: dict[str, Exact], targets: dict[str, float]
) -> GroupResult:
    questions = index.by_group[group.id]
    value, answered = _weighted_score(index, questions, levels)
    contributions = tuple(
        Contribution(
            question=q.id,
            weight=q.weight,
            level=_shown(level),
            points=round_half_up(_ratio(index.units(q.weight, level), index.span), 4),
        )
        for q, level in answered
    )
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
    index: _Index, discipline: Discipline, levels: dict[str, Exact]
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


def _overall(questionnaire: Questionnaire, index: _Index, levels: dict[str, Exact]) -> Overall:
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
    # Exact: the target as written (75% of 4 is 3, not a hair above it).
    return questionnaire.min_level + math.ceil(Fraction(repr(target)) / 100 * span)


def _priorities(
    questionnaire: Questionnaire,
    data: ScoringInput,
    levels: dict[str, Exact],
    goals: dict[str, int],
) -> tuple[Priority, ...]:
    """Answered questions below their group's target level, largest gap x weight first.

    ``goals`` holds each targeted group's target level (see ``target_level``).
    """
    found = []
    for order, q in enumerate(questionnaire.questions):
        level = levels.get(q.id)
        if level is None or q.group not in goals:
            continue
        goal = goals[q.group]
        gap = goal - level
        if gap > 0:
            found.append((-(gap * q.weight), -q.weight, order, q, level, goal, gap))
    found.sort(key=lambda item: item[:3])
    return tuple(
        _priority(questionnaire, data, rank, q, level, goal, gap)
        for rank, (_, _, _, q, level, goal, gap) in enumerate(found, start=1)
    )


def _priority(
    questionnaire: Questionnaire,
    data: ScoringInput,
    rank: int,
    q: Question,
    level: Exact,
    goal: int,
    gap: Exact,
) -> Priority:
    remark = data.remarks.get(q.id, _NO_REMARK)
    return Priority(
        rank=rank,
        question=q.id,
        text=q.text,
        group=q.group,
        phase=questionnaire.group_map[q.group].phase,
        level=_shown(level),
        target=goal,
        gap=_shown(gap),
        weight=q.weight,
        weighted_gap=_shown(gap * q.weight),
        recommendation=q.recommendation,
        note=remark.note,
        evidence=remark.evidence,
    )


def _holds(
    cond: Condition, levels: dict[str, Exact], group_scores: dict[str, float | None]
) -> bool:
    """A condition on something unanswered never holds: we do not guess."""
    value: Exact | float | None = (
        levels.get(cond.question) if cond.question else group_scores.get(cond.group or "")
    )
    if value is None:
        return False
    if isinstance(cond.below, int | float):
        return value < cond.below
    return isinstance(cond.at_least, int | float) and value >= cond.at_least


def _red_flags(
    questionnaire: Questionnaire, levels: dict[str, Exact], groups: list[GroupResult]
) -> tuple[RedFlagResult, ...]:
    group_scores = {g.id: g.score for g in groups}
    return tuple(
        RedFlagResult(id=f.id, title=f.title, message=f.message)
        for f in questionnaire.red_flags
        if all(_holds(c, levels, group_scores) for c in f.when)
    )


def _answer_row(
    questionnaire: Questionnaire,
    index: _Index,
    q: Question,
    data: ScoringInput,
    levels: dict[str, Exact],
    goals: dict[str, int],
) -> AnswerRow:
    # One model per row, built with exactly the fields that apply to its status.
    given = data.levels.get(q.id)
    remark = data.remarks.get(q.id, _NO_REMARK)
    common: dict[str, Any] = {
        "question": q.id,
        "group": q.group,
        "text": q.text,
        "weight": q.weight,
        "disciplines": index.discipline_values[q.id],
        "target": goals.get(q.group),
    }
    if given is None:
        return AnswerRow(status="unanswered", **common)
    common.update(note=remark.note, evidence=remark.evidence)
    if isinstance(given, NotApplicable):
        return AnswerRow(status="not_applicable", na=given.reason, **common)
    # A level between two of the scale's (a mean) has no name or description of its own.
    level = levels[q.id]
    return AnswerRow(
        status="answered",
        level=_shown(level),
        level_name=questionnaire.level_name(level) if isinstance(level, int) else None,
        level_description=q.levels[level] if isinstance(level, int) else None,
        **common,
    )


def _method(questionnaire: Questionnaire, data: ScoringInput) -> Method:
    t = questionnaire.thresholds
    profile = (_discipline_intent(data) or DEFAULT_PROFILE).value
    source = f"{profile} profile" + (" with per-group overrides" if data.targets else "")
    return Method(
        scale=tuple(ScaleEntry(level=s.level, name=s.name) for s in questionnaire.scale),
        leadership=t.leadership,
        parity=t.parity,
        lead_margin=t.lead_margin,
        target_source=source,
    )
