"""Which gaps become priorities, and in what order (Method principles 3 and 4).

A priority is an answered, applicable question below the level its group's target
implies (``target_level``), in a group the intent makes a priority. Format 2 ranks
them: (1) never before a prerequisite that is itself a priority; (2) phase; (3) gap x
weight; (4) weight; (5) questionnaire order. A prerequisite is ranked by the most urgent
priority waiting on it when that comes before its own place (it inherits the urgency of
its dependants), so a large gap is not pushed back by the small one it waits for.
A prerequisite that is met, N/A or not
applicable holds nothing back; an unanswered one holds its dependants back: they come
after every other priority ("answer X first"). Format 1 ranks by gap x weight, weight
and questionnaire order, as it always has.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Container, Mapping
from fractions import Fraction
from functools import lru_cache

from ci_assess.core.exact import Exact, shown
from ci_assess.core.items import Item
from ci_assess.core.models.questionnaire import (
    MATURITY_KINDS,
    UNDECIDED,
    DisciplineId,
    Intent,
    Questionnaire,
)
from ci_assess.core.models.report import Priority, Reason
from ci_assess.core.models.trusted import built, built_from
from ci_assess.core.scoring_input import Remark

STRATEGIC_CHOICE = "direction.strategic_choice"
_NO_REMARK = Remark()


def target_level(questionnaire: Questionnaire, target: float) -> int:
    """The lowest scale level whose score reaches ``target`` (0-100)."""
    return at_target(questionnaire.min_level, questionnaire.max_level, target)


@lru_cache(maxsize=1024)
def at_target(lo: int, hi: int, target: float) -> int:
    """``target_level`` on a scale from ``lo`` to ``hi``."""
    # Exact: the target as written (75% of 4 is 3, not a hair above it). Cached: the
    # same few targets recur in every file of a batch.
    return lo + math.ceil(Fraction(repr(target)) / 100 * (hi - lo))


def eligible_groups(
    questionnaire: Questionnaire, intent: Intent, positions: Mapping[str, float | None]
) -> set[str]:
    """Format 2: the groups whose gaps the intent makes priorities.

    Lead in one, parity in two: a position block counts for the intended discipline and
    for any discipline under parity; for an operational-excellence or product-leadership
    intent the maturity groups count only when the customer-intimacy position is under
    parity.
    """
    parity = questionnaire.thresholds.parity
    ci = positions.get(DisciplineId.customer_intimacy.value)
    ci_under_parity = ci is not None and ci < parity
    found: set[str] = set()
    for gid, kind, discipline in _groups(questionnaire):
        if kind == "position":
            score = positions.get(discipline.value if discipline else "")
            if discipline == intent or (score is not None and score < parity):
                found.add(gid)
        elif kind in MATURITY_KINDS and intent in (
            DisciplineId.operational_excellence,
            DisciplineId.product_leadership,
        ):
            if ci_under_parity:
                found.add(gid)
        else:
            found.add(gid)
    return found


# Keyed by identity (a questionnaire is not hashable); each entry holds its
# questionnaire, so the id cannot be reused by another object while it is cached.
_GROUPS: dict[int, tuple[Questionnaire, tuple[tuple[str, str, DisciplineId | None], ...]]] = {}


def _groups(questionnaire: Questionnaire) -> tuple[tuple[str, str, DisciplineId | None], ...]:
    """Each group's id, kind and discipline, read once per questionnaire (a pydantic
    model's attribute read is slow, and every file of a batch reads them); a tuple, as
    it is shared by every file."""
    cached = _GROUPS.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    found = tuple((g.id, g.kind, g.discipline) for g in questionnaire.groups)
    if len(_GROUPS) >= 16:
        _GROUPS.clear()
    _GROUPS[id(questionnaire)] = (questionnaire, found)
    return found


class Gap:
    """A question below its target level."""

    # Slotted, not a dataclass (or a NamedTuple): either builds its methods at import,
    # in every process; scoring makes some 25 gaps per answers file.
    __slots__ = ("goal", "level", "order", "points", "question")

    def __init__(self, order: int, question: Item, level: Exact, goal: int) -> None:
        self.order = order
        self.question = question
        self.level = level
        self.goal = goal
        # Gap x weight, how many weighted levels are missing: worked out once, as
        # ranking and the reasons compare it some 500 times per report.
        self.points: Exact = (goal - level) * question.weight

    def __repr__(self) -> str:
        return f"Gap({self.question.id!r}, level={self.level!r}, goal={self.goal!r})"


class Ranked:
    """A gap at its rank, with why it sits there."""

    __slots__ = ("gap", "reason")

    def __init__(self, gap: Gap, reason: Reason) -> None:
        self.gap = gap
        self.reason = reason


def gaps(
    questions: list[Item],
    levels: Mapping[str, Exact],
    goals: Mapping[str, int],
    groups: set[str],
) -> list[Gap]:
    """Answered questions of ``groups`` below their group's target level (``questions``:
    the questionnaire's, in its order)."""
    found = []
    for q in questions:
        level = levels.get(q.id)
        if level is None or q.gate or q.group not in goals or q.group not in groups:
            continue
        if goals[q.group] > level:
            found.append(Gap(q.order, q, level, goals[q.group]))
    return found


def rank_by_size(found: list[Gap]) -> list[Ranked]:
    """Format 1: largest gap x weight first, then weight, then questionnaire order."""
    ordered = sorted(found, key=lambda g: (-g.points, -g.question.weight, g.order))
    return [Ranked(g, _gap_reason(g)) for g in ordered]


def rank_in_sequence(
    has_strategic_choice: bool,
    found: list[Gap],
    intent: Intent,
    answered: Container[str],
    applicable: Container[str],
) -> list[Ranked]:
    """Format 2: prerequisites first, then phase, gap x weight, weight, order
    (``has_strategic_choice``: the questionnaire asks ``STRATEGIC_CHOICE``)."""
    by_id = {g.question.id: g for g in found}
    undecided = has_strategic_choice and intent == UNDECIDED
    needs = {qid: _prerequisites(g.question, undecided) for qid, g in by_id.items()}
    blockers = {qid: [p for p in pres if p in by_id] for qid, pres in needs.items()}
    missing = {
        qid: [p for p in pres if p not in answered and p in applicable]
        for qid, pres in needs.items()
    }
    own = {qid: _sequence_key(g, bool(missing[qid])) for qid, g in by_id.items()}
    urgency = _inherited(own, blockers)
    placed = _placement_order(by_id, blockers, {q: (urgency[q], own[q]) for q in by_id})
    dependants: dict[str, list[str]] = {qid: [] for qid in placed}
    for later in placed:  # in rank order, as the reasons list them
        for pre in dict.fromkeys(blockers[later]):  # each dependant once
            dependants[pre].append(later)
    ordered = [by_id[qid] for qid in placed]
    return [
        Ranked(g, _reason(g, blockers[qid], missing[qid], dependants[qid], ordered, rank + 1))
        for rank, (qid, g) in enumerate(zip(placed, ordered, strict=True))
    ]


def _placement_order(
    by_id: Mapping[str, Gap],
    blockers: Mapping[str, list[str]],
    keys: Mapping[str, tuple[tuple[bool, int, Exact, int, int], tuple[bool, int, Exact, int, int]]],
) -> list[str]:
    """The priorities in rank order: each time the smallest key among those whose
    prerequisites are all placed (among all that are left, should none be).

    A heap of the ready ones, each released when its last prerequisite is placed, rather
    than a scan of every pending priority per rank (keys are unique: they end with the
    question's order).
    """
    waiting = {qid: set(pres) for qid, pres in blockers.items()}
    released: dict[str, list[str]] = {qid: [] for qid in by_id}
    for qid, pres in waiting.items():
        for pre in pres:
            released[pre].append(qid)
    ready = [(keys[qid], qid) for qid, pres in waiting.items() if not pres]
    heapq.heapify(ready)
    placed: list[str] = []
    pending = set(by_id)
    while pending:
        # None ready means prerequisites in a cycle: the smallest of what is left.
        best = heapq.heappop(ready)[1] if ready else min(pending, key=keys.__getitem__)
        placed.append(best)
        pending.discard(best)
        for later in released[best]:
            pres = waiting[later]
            if best in pres:
                pres.discard(best)
                if not pres and later in pending:
                    heapq.heappush(ready, (keys[later], later))
    return placed


def _inherited(
    own: Mapping[str, tuple[bool, int, Exact, int, int]], blockers: Mapping[str, list[str]]
) -> dict[str, tuple[bool, int, Exact, int, int]]:
    """Each priority's urgency: its own sort key, or that of the most urgent priority
    waiting on it (directly or through others), whichever comes first.

    A prerequisite is done as early as what depends on it needs: selecting the right
    account managers comes first when coaching them is the largest gap.
    """
    urgency = dict(own)
    changed = True
    while changed:  # the graph is acyclic and small: relax until nothing moves
        changed = False
        for qid, pres in blockers.items():
            for pre in pres:
                if urgency[qid] < urgency[pre]:
                    urgency[pre] = urgency[qid]
                    changed = True
    return urgency


def _prerequisites(q: Item, undecided: bool) -> list[str]:
    """The question's prerequisites; for an undecided company the strategic choice too
    (``undecided``: the intent is undecided and the questionnaire asks that choice)."""
    pres = list(q.prerequisites)
    if undecided and q.id != STRATEGIC_CHOICE and STRATEGIC_CHOICE not in pres:
        pres.append(STRATEGIC_CHOICE)
    return pres


def _sequence_key(g: Gap, held: bool) -> tuple[bool, int, Exact, int, int]:
    return (held, g.question.phase_index, -g.points, -g.question.weight, g.order)


def _reason(
    g: Gap,
    blockers: list[str],
    missing: list[str],
    dependants: list[str],
    ordered: list[Gap],
    after: int,
) -> Reason:
    """Why ``g`` sits where it does (``ordered[after:]``: the gaps ranked after it)."""
    if missing:
        return built(
            Reason,
            code="prerequisite",
            questions=tuple(missing),
            text=f"answer {_listed(missing)} first: it is a prerequisite",
        )
    if blockers:
        return built(
            Reason,
            code="prerequisite",
            questions=tuple(blockers),
            text=f"follows its prerequisite{'s' if len(blockers) > 1 else ''} {_listed(blockers)}",
        )
    if dependants:
        return built(
            Reason,
            code="prerequisite",
            questions=tuple(dependants),
            text=f"comes first: {_count(len(dependants), 'later priority')} depend"
            f"{'s' if len(dependants) == 1 else ''} on it",
        )
    points = g.points
    bigger = [h.question.id for h in ordered[after:] if h.points > points]
    if bigger:
        return built(
            Reason,
            code="phase",
            questions=tuple(bigger),
            text=f"a {g.question.phase} step: it comes before larger gaps of later phases",
        )
    return _gap_reason(g)


def _gap_reason(g: Gap) -> Reason:
    return _gap_reason_of(g.question.id, g.points, g.level, g.goal)


@lru_cache(maxsize=4096)
def _gap_reason_of(qid: str, points: Exact, level: Exact, goal: int) -> Reason:
    """A gap's reason: the same immutable object for every file of a batch with that gap
    (bounded: a mean's fractional levels are many)."""
    return built(
        Reason,
        code="gap",
        questions=(qid,),
        text=f"gap x weight {shown(points)} (level {shown(level)}, target {goal})",
    )


def _count(n: int, noun: str) -> str:
    return (
        f"{n} {noun}" if n == 1 else f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"
    )


def _listed(ids: list[str]) -> str:
    return ", ".join(ids)


def priority(rank: int, ranked: Ranked, remarks: Mapping[str, Remark]) -> Priority:
    """The report's row for a ranked gap."""
    g = ranked.gap
    remark = remarks.get(g.question.id, _NO_REMARK)
    return built_from(
        g.question.priority,
        rank=rank,
        level=shown(g.level),
        target=g.goal,
        gap=shown(g.goal - g.level),
        weighted_gap=shown(g.points),
        note=remark.note,
        evidence=remark.evidence,
        reason=ranked.reason,
    )
