"""Turn a questionnaire and a scoring input into a Report. Pure: no I/O.

Every score is a weighted mean of answered questions, each answer counting
``(level - min) / (max - min)`` of its weight; N/A, unanswered and not-applicable
questions leave both numerator and denominator. Raising one answer can therefore
never lower a score.

The engine (``score_input``) takes each question's level as an exact fraction (one
respondent gives whole levels, a mean of several respondents may not) and computes
with fractions throughout; a score is rounded once, half up, when it is made
(``round1``), so no order of inputs and no floating-point error can change a result.
``score`` is the one-answers-file case.

Method v2 (format 2) keeps two axes apart: operating-model maturity (``overall``, the
seven maturity groups) and the value-discipline position (``disciplines``, one equal
block each), with readiness in neither; the intent decides what applies and what
becomes a priority. The parts live beside this module: ``placement``, ``engagement``,
``priorities``, ``roadmap``, ``conditions``. docs/method.md explains every rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ci_assess.core.conditions import Facts, holds_all
from ci_assess.core.engagement import NOT_ASSESSED, engagement
from ci_assess.core.exact import Exact, shown
from ci_assess.core.items import Item, items
from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import (
    MATURITY_KINDS,
    PROCESS_GROUP_IDS,
    UNDECIDED,
    AppliesWhen,
    Condition,
    DisciplineId,
    Intent,
    PatternId,
    Questionnaire,
)
from ci_assess.core.models.questionnaire_v2 import PROGRAMME_QUESTION
from ci_assess.core.models.report import (
    AnswerRow,
    BiggestRisk,
    Contribution,
    DisciplineResult,
    Engagement,
    GroupResult,
    Method,
    Overall,
    Placement,
    Priority,
    QuestionnaireRef,
    RedFlagResult,
    Report,
    ScaleEntry,
)
from ci_assess.core.models.trusted import Prepared, built, built_from, prepared
from ci_assess.core.placement import Block, Scale, place
from ci_assess.core.placement import classify as classify_scores
from ci_assess.core.priorities import (
    STRATEGIC_CHOICE,
    at_target,
    eligible_groups,
    gaps,
    priority,
    rank_by_size,
    rank_in_sequence,
    target_level,
)
from ci_assess.core.roadmap import roadmap
from ci_assess.core.rounding import difference1, round_ratio
from ci_assess.core.scoring_input import (
    Level,
    NotApplicable,
    Remark,
    ScoringInput,
    from_answers,
)

__all__ = ["classify", "group_scores", "score", "score_input", "target_level"]

DEFAULT_PROFILE = DisciplineId.customer_intimacy
_NO_REMARK = Remark()
_BY_RULE = "not_applicable_by_rule"
PATTERN_RISKS: dict[PatternId, tuple[str, str]] = {
    "leader_below_parity": (
        "A leader below parity",
        "One discipline leads, but another has fallen under the industry standard: "
        "customers leave over the weak one. Bring it back to parity.",
    ),
    "below_parity": (
        "Below parity everywhere",
        "No discipline reaches the industry standard: the strategy must be rethought.",
    ),
}


class _Index:
    """What depends on the questionnaire alone: worked out once per run, not per file.

    Every loop reads plain ``Item`` objects, not the pydantic questions (see
    ``core/items.py``). A slotted class, not a dataclass: a dataclass execs its
    generated methods at import (issue 17)."""

    __slots__ = (
        "applicable",
        "by_discipline",
        "by_group",
        "by_id",
        "groups",
        "hi",
        "items",
        "lo",
        "maturity",
        "methods",
        "operating_model",
        "red_flags",
        "ref",
        "span",
    )

    def __init__(self, questionnaire: Questionnaire, every: list[Item]) -> None:
        # Format 1 scores maturity over the five process groups; format 2 over all seven.
        kinds = MATURITY_KINDS if questionnaire.format == 2 else ("process",)
        maturity_groups = {g.id for g in questionnaire.groups if g.kind in kinds}
        self.lo: int = questionnaire.min_level
        self.hi: int = questionnaire.max_level
        self.span: int = self.hi - self.lo
        self.items = every
        self.by_id: dict[str, Item] = {it.id: it for it in every}
        self.by_group: dict[str, list[Item]] = {
            g.id: [it for it in every if it.group == g.id] for g in questionnaire.groups
        }
        self.by_discipline: dict[DisciplineId, list[Item]] = {
            d.id: [it for it in every if d.id.value in it.disciplines]
            for d in questionnaire.disciplines
        }
        self.maturity = [it for it in every if it.group in maturity_groups]
        self.operating_model = [it for it in every if it.operating_model]
        # Each group's id and its result's fixed fields (id, title, kind, total).
        self.groups: list[tuple[str, Prepared[GroupResult]]] = [
            (
                g.id,
                prepared(
                    GroupResult,
                    id=g.id,
                    title=g.title,
                    kind=g.kind,
                    total=len(self.by_group[g.id]),
                ),
            )
            for g in questionnaire.groups
        ]
        # The applicable question ids of each intent met so far (applicability is by
        # intent alone): filled in on first use.
        self.applicable: dict[Intent | None, frozenset[str]] = {}
        # The method appendix of each target source met so far, and the questionnaire's
        # reference: the same immutable objects for every file of a batch.
        self.methods: dict[str, Method] = {}
        # Each red flag's test and its result when raised, made once.
        self.red_flags: list[tuple[bool, list[Condition], RedFlagResult]] = [
            (
                f.requires_programme,
                f.when,
                built(
                    RedFlagResult, id=f.id, title=f.title, message=f.message, severity=f.severity
                ),
            )
            for f in questionnaire.red_flags
        ]
        self.ref = built(
            QuestionnaireRef,
            id=questionnaire.id,
            version=questionnaire.version,
            title=questionnaire.title,
        )

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
    index = _Index(questionnaire, items(questionnaire))
    if len(_INDEXES) >= 16:
        _INDEXES.clear()
    _INDEXES[id(questionnaire)] = (questionnaire, index)
    return index


def classify(
    questionnaire: Questionnaire, scores: Mapping[str, float | None]
) -> tuple[PatternId, str | None]:
    """The map pattern and the leading discipline for these discipline scores."""
    return classify_scores(questionnaire.thresholds, scores)


def score(questionnaire: Questionnaire, answers: AnswersFile) -> Report:
    """Score one answers file against ``questionnaire``. Assumes both were validated together."""
    return score_input(questionnaire, from_answers(answers))


class _Run:
    """One assessment being scored: what every part of the report is made from."""

    __slots__ = (
        "applicable",
        "counted",
        "data",
        "given",
        "goals",
        "index",
        "intent",
        "levels",
        "questionnaire",
        "targets",
    )

    def __init__(
        self,
        questionnaire: Questionnaire,
        index: _Index,
        data: ScoringInput,
        intent: Intent | None,
        applicable: frozenset[str],
        levels: dict[str, Exact],
        targets: dict[str, float],
        goals: dict[str, int],
        given: Mapping[str, Level],
        counted: frozenset[str],
    ) -> None:
        self.questionnaire = questionnaire
        self.index = index
        self.data = data
        self.intent = intent
        self.applicable = applicable
        self.levels = levels
        self.targets = targets
        self.goals = goals
        self.given = given
        """``data.levels`` as its plain mapping (its lookups in C)."""
        self.counted = counted
        """The applicable questions not answered N/A: what a score's coverage counts."""


def score_input(questionnaire: Questionnaire, data: ScoringInput) -> Report:
    """Score ``data`` (levels, remarks, metadata) against ``questionnaire``.

    Every question id in ``data.levels`` must be the questionnaire's and every level on
    its scale (``ValueError`` otherwise: the loaders check answers files before this).
    """
    run = _prepare(questionnaire, data)
    groups = [_group_result(run, gid, base) for gid, base in run.index.groups]
    disciplines = [_discipline_result(run, d.id, d.title) for d in questionnaire.disciplines]
    placement = _placement(run, disciplines)
    positions = {d.id: d.score for d in disciplines}
    inventory = _engagement(run)
    facts = Facts(
        levels=run.levels,
        group_scores={g.id: g.score for g in groups},
        positions=positions,
        engagement_index=inventory.index,
        operating_model_score=inventory.score,
        verdict=inventory.verdict,
        intent=run.intent,
        pattern=placement.pattern,
        thresholds=questionnaire.thresholds,
    )
    priorities = _priorities(run, positions)
    flags = _red_flags(run, facts)
    unanswered = tuple(
        it.id for it in run.index.items if it.id in run.applicable and it.id not in run.given
    )
    total = len(questionnaire.questions)
    # Every part made by scoring, of its field's type: the report is not validated again
    # (models/trusted.py; the test suite checks it against validation).
    return built(
        Report,
        company=data.company,
        assessed_on=data.assessed_on,
        assessor=data.assessor,
        respondent=data.respondent,
        questionnaire=run.index.ref,
        completeness=round_ratio(total - len(unanswered), total, 4),
        answered=len(run.levels),
        not_applicable=total - len(unanswered) - len(run.levels),
        unanswered=unanswered,
        overall=_overall(run),
        process_groups=tuple(
            sorted(
                (g for g in groups if g.id in PROCESS_GROUP_IDS),
                key=lambda g: PROCESS_GROUP_IDS.index(g.id),
            )
        ),
        other_groups=tuple(g for g in groups if g.id not in PROCESS_GROUP_IDS),
        disciplines=tuple(disciplines),
        placement=placement,
        engagement=inventory,
        priorities=priorities,
        roadmap=roadmap(questionnaire, priorities, run.intent, facts),
        red_flags=flags,
        biggest_risk=_biggest_risk(questionnaire, flags, placement.pattern),
        answers=tuple(_answer_row(run, it) for it in run.index.items),
        method=_method(run),
    )


def group_scores(questionnaire: Questionnaire, data: ScoringInput) -> dict[str, float | None]:
    """Each group's score for ``data``, exactly as ``score_input`` reports it, without the
    rest of the report (a combined report scores every role this way)."""
    run = _prepare(questionnaire, data)
    return {
        g.id: _weighted_score(run.index, run.index.by_group[g.id], run.levels)[0]
        for g in questionnaire.groups
    }


def _prepare(questionnaire: Questionnaire, data: ScoringInput) -> _Run:
    index = _index(questionnaire)
    intent = _intent(questionnaire, data)
    applicable = index.applicable.get(intent)
    if applicable is None:
        applicable = frozenset(it.id for it in index.items if _applies(it.rule, intent))
        index.applicable[intent] = applicable
    given = data.levels.mapping
    levels, na = _answered(index, questionnaire.id, given, applicable)
    profile = questionnaire.targets.get(_profile(intent)) or questionnaire.targets.get(
        DEFAULT_PROFILE, {}
    )
    targets = {**profile, **data.targets}
    # A group none of whose questions apply has no target: nothing in it is asked.
    targets = {
        g: t for g, t in targets.items() if any(it.id in applicable for it in index.by_group[g])
    }
    goals = {group: at_target(index.lo, index.hi, t) for group, t in targets.items()}
    counted = applicable - na if na else applicable
    return _Run(
        questionnaire, index, data, intent, applicable, levels, targets, goals, given, counted
    )


def _intent(questionnaire: Questionnaire, data: ScoringInput) -> Intent | None:
    """Format 2 reads a missing target as undecided; format 1 keeps None (its default
    profile), and has no undecided."""
    given = data.target_discipline
    if questionnaire.format == 2:
        return given or UNDECIDED
    return given if isinstance(given, DisciplineId) else None


def _profile(intent: Intent | None) -> Intent:
    return DEFAULT_PROFILE if intent is None else intent


def _applies(rule: AppliesWhen | None, intent: Intent | None) -> bool:
    """Applicability by metadata only, never by answer levels (monotonicity)."""
    return rule is None or intent is None or rule.holds(intent)


def _answered(
    index: _Index, questionnaire_id: str, levels: Mapping[str, Level], applicable: frozenset[str]
) -> tuple[dict[str, Exact], frozenset[str]]:
    """The applicable questions with a level, whole levels as ints (fast, exact sums),
    and the questions answered N/A.

    Refuses what no validated input holds: an unknown question, a level off the scale.
    """
    lo, hi, known = index.lo, index.hi, index.by_id
    answered: dict[str, Exact] = {}
    na: list[str] = []
    for qid, given in levels.items():
        if qid not in known:
            raise ValueError(f"{qid}: not a question of {questionnaire_id}")
        level: Exact
        if type(given) is int:  # the common case first: isinstance of Fraction is slow
            level = given
        elif isinstance(given, NotApplicable):
            na.append(qid)
            continue
        else:
            level = given.numerator if given.denominator == 1 else given
        if not lo <= level <= hi:
            raise ValueError(f"{qid}: level {level} is outside the scale {lo}-{hi}")
        if qid in applicable:
            answered[qid] = level
    return answered, frozenset(na)


def _weighted_score(
    index: _Index, questions: list[Item], levels: Mapping[str, Exact]
) -> tuple[float | None, list[tuple[Item, Exact]]]:
    """Weighted mean (0-100) of the answered questions, and those questions' levels.

    Summed exactly and rounded once: the mean is exact until it becomes a score.
    """
    answered = [(it, levels[it.id]) for it in questions if it.id in levels]
    weight = sum(it.weight for it, _ in answered)
    if not weight:
        return None, answered
    lo = index.lo  # index.units, inlined: a call per answered question adds up
    earned: Exact = sum(it.weight * (level - lo) for it, level in answered)
    return round_ratio(100 * earned, index.span * weight, 1), answered


def _contribution(index: _Index, it: Item, level: Exact) -> Contribution:
    """What an answered question adds to its group's score: made once per whole level."""
    made = it.contributions.get(level)
    if made is None:
        made = built(
            Contribution,
            question=it.id,
            weight=it.weight,
            level=shown(level),
            points=round_ratio(index.units(it.weight, level), index.span, 4),
        )
        if type(level) is int:  # a mean's fractions are too many to keep
            it.contributions[level] = made
    return made


def _group_result(run: _Run, gid: str, base: Prepared[GroupResult]) -> GroupResult:
    index = run.index
    questions = index.by_group[gid]
    value, answered = _weighted_score(index, questions, run.levels)
    contributions = tuple(_contribution(index, it, level) for it, level in answered)
    target = run.targets.get(gid)
    gap = None if value is None or target is None else max(0.0, difference1(target, value))
    applicable, provisional = _coverage(run, questions, len(contributions))
    return built_from(
        base,
        score=value,
        target=target,
        gap=gap,
        answered=len(contributions),
        contributions=contributions,
        applicable=applicable,
        provisional=provisional,
    )


def _discipline_result(run: _Run, discipline: DisciplineId, title: str) -> DisciplineResult:
    questions = run.index.by_discipline[discipline]
    value, answered = _weighted_score(run.index, questions, run.levels)
    applicable, provisional = _coverage(run, questions, len(answered))
    return built(
        DisciplineResult,
        id=discipline.value,
        title=title,
        score=value,
        answered=len(answered),
        total=len(questions),
        applicable=applicable,
        provisional=provisional,
    )


def _coverage(run: _Run, questions: list[Item], answered: int) -> tuple[int, bool]:
    """How many of a score's questions count (N/A and not applicable by rule do not), and
    whether the score is provisional: a score, but from fewer than half of those."""
    counted = run.counted
    applicable = sum(1 for it in questions if it.id in counted)
    return applicable, answered > 0 and 2 * answered < applicable


def _overall(run: _Run) -> Overall:
    """Operating-model maturity: the weighted mean over the maturity axis's questions."""
    value, answered = _weighted_score(run.index, run.index.maturity, run.levels)
    applicable, provisional = _coverage(run, run.index.maturity, len(answered))
    n = len(answered)
    if value is None:
        return built(
            Overall,
            score=None,
            level=None,
            answered=n,
            applicable=applicable,
            provisional=provisional,
        )
    band = [m for m in run.questionnaire.maturity_levels if m.min_score <= value][-1]
    return built(
        Overall,
        score=value,
        level=band.name,
        level_description=band.description,
        answered=n,
        applicable=applicable,
        provisional=provisional,
    )


def _placement(run: _Run, disciplines: list[DisciplineResult]) -> Placement:
    """Place the company on the value-discipline map (rules in docs/method.md)."""
    index = run.index
    blocks = []
    for d in disciplines:
        questions = [
            (it.id, it.weight, run.levels[it.id])
            for it in index.by_discipline[DisciplineId(d.id)]
            if it.id in run.levels
        ]
        blocks.append(
            Block(
                discipline=d.id,
                earned=sum((index.units(w, lv) for _, w, lv in questions), start=0),
                weight=sum(w for _, w, _ in questions),
                questions=tuple(questions),
            )
        )
    q = run.questionnaire
    return place(
        q.thresholds,
        blocks,
        Scale(q.min_level, q.max_level),
        run.intent,
        indicative=q.format == 1,
        steps=run.data.borderline_steps,
    )


def _engagement(run: _Run) -> Engagement:
    if run.questionnaire.format == 1:
        return NOT_ASSESSED
    score, _ = _weighted_score(run.index, run.index.operating_model, run.levels)
    return engagement(run.questionnaire, run.data.engagement, score)


def _priorities(run: _Run, positions: Mapping[str, float | None]) -> tuple[Priority, ...]:
    q, every = run.questionnaire, run.index.items
    if q.format == 1:
        ranked = rank_by_size(gaps(every, run.levels, run.goals, set(run.goals)))
    else:
        intent = run.intent or UNDECIDED
        found = gaps(every, run.levels, run.goals, eligible_groups(q, intent, positions))
        choice = STRATEGIC_CHOICE in run.index.by_id
        ranked = rank_in_sequence(choice, found, intent, run.given, run.applicable)
    return tuple(
        priority(rank, item, run.data.remarks) for rank, item in enumerate(ranked, start=1)
    )


def _red_flags(run: _Run, facts: Facts) -> tuple[RedFlagResult, ...]:
    programme = run.levels.get(PROGRAMME_QUESTION)
    has_programme = programme is not None and programme >= run.questionnaire.min_level + 1
    return tuple(
        raised
        for needs_programme, when, raised in run.index.red_flags
        if (has_programme or not needs_programme) and holds_all(when, facts)
    )


def _biggest_risk(
    questionnaire: Questionnaire, flags: tuple[RedFlagResult, ...], pattern: PatternId
) -> BiggestRisk | None:
    """The highest-severity raised flag (ties: questionnaire order), else a risky pattern."""
    if flags:
        top = min(enumerate(flags), key=lambda item: (-item[1].severity, item[0]))[1]
        return built(
            BiggestRisk, source="red_flag", id=top.id, title=top.title, message=top.message
        )
    if pattern in PATTERN_RISKS:
        title, message = PATTERN_RISKS[pattern]
        return built(BiggestRisk, source="pattern", id=pattern, title=title, message=message)
    return None


def _answer_row(run: _Run, it: Item) -> AnswerRow:
    # One model per row, built with exactly the fields that apply to its status.
    qid = it.id
    given = run.given.get(qid)
    if it.rule_text is not None and qid not in run.applicable:
        # Kept in the appendix: "answered, not applicable for ..." (counts as N/A).
        if given is None:
            return _shared_row(it, None, None, _BY_RULE)
        remark = run.data.remarks.get(qid, _NO_REMARK)
        return built_from(
            it.row,
            status=_BY_RULE,
            target=None,
            na=it.rule_text,
            note=remark.note,
            evidence=remark.evidence,
            **_level_fields(run, it, given),
        )
    target = run.goals.get(it.group)
    if given is None:
        return _shared_row(it, None, target, "unanswered")
    remark = run.data.remarks.get(qid, _NO_REMARK)
    if remark is _NO_REMARK and type(given) is int:
        return _shared_row(it, given, target, "answered")
    if isinstance(given, NotApplicable):
        return built_from(
            it.row,
            status="not_applicable",
            target=target,
            na=given.reason,
            note=remark.note,
            evidence=remark.evidence,
        )
    if type(given) is int:  # the common case, without _level_fields' dict
        return built_from(
            it.row,
            status="answered",
            target=target,
            note=remark.note,
            evidence=remark.evidence,
            level=given,
            level_name=it.level_names[given],
            level_description=it.levels[given],
        )
    return built_from(
        it.row,
        status="answered",
        target=target,
        note=remark.note,
        evidence=remark.evidence,
        **_level_fields(run, it, given),
    )


def _shared_row(it: Item, level: int | None, target: int | None, status: str) -> AnswerRow:
    """A row that nothing but its level and target tell apart (no note, no evidence, no
    reason for N/A): the same immutable object for every file of a batch that has it.
    At most (levels + 1) x targets x 2 per question."""
    key = (level, target, status)
    row = it.rows.get(key)
    if row is not None:
        return row
    if status == _BY_RULE:
        row = built_from(it.row, status=status, target=None, na=it.rule_text)
    elif level is None:
        row = built_from(it.row, status=status, target=target)
    else:
        row = built_from(
            it.row,
            status=status,
            target=target,
            note=None,
            evidence=None,
            level=level,
            level_name=it.level_names[level],
            level_description=it.levels[level],
        )
    it.rows[key] = row
    return row


def _level_fields(run: _Run, it: Item, given: Exact | NotApplicable) -> dict[str, Any]:
    """A level with its name and description; a level between two (a mean) has neither."""
    if isinstance(given, NotApplicable):
        return {}
    level: Exact = given.numerator if given.denominator == 1 else given
    if not isinstance(level, int):
        return {"level": shown(level), "level_name": None, "level_description": None}
    return {
        "level": level,
        "level_name": it.level_names[level],
        "level_description": it.levels[level],
    }


def _method(run: _Run) -> Method:
    q, t = run.questionnaire, run.questionnaire.thresholds
    source = f"{_profile(run.intent)} profile" + (
        " with per-group overrides" if run.data.targets else ""
    )
    made = run.index.methods.get(source)
    if made is None:
        made = run.index.methods[source] = built(
            Method,
            scale=tuple(built(ScaleEntry, level=s.level, name=s.name) for s in q.scale),
            # float(): what validating them made of a threshold written as a whole number
            leadership=float(t.leadership),
            parity=float(t.parity),
            lead_margin=float(t.lead_margin),
            engagement=float(t.engagement),
            format=q.format,
            target_source=source,
        )
    return made
