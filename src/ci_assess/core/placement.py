"""Placement on the value-discipline map: the pattern, the lead, strengths, and whether
the verdict is close to the line (Method principle 5).

Thresholds are data (``questionnaire.thresholds``). Borderline: every answered question
of a discipline's block is moved one level up and one level down, the block re-scored
(rounded, as the report shows it) and the company re-placed; a move that changes the
pattern or the lead makes that discipline and question borderline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from ci_assess.core.exact import Exact
from ci_assess.core.models.questionnaire import (
    UNDECIDED,
    DisciplineId,
    Intent,
    PatternId,
    Thresholds,
)
from ci_assess.core.models.report import Placement
from ci_assess.core.models.trusted import built
from ci_assess.core.rounding import round_ratio


# Slotted classes, not dataclasses (or NamedTuples): either builds its methods at
# import, in every process (issue 17).
class Block:
    """A discipline's answered questions, as exact sums (``span`` units per point)."""

    __slots__ = ("discipline", "earned", "questions", "weight")

    def __init__(
        self,
        discipline: str,
        earned: Exact,
        weight: int,
        questions: tuple[tuple[str, int, Exact], ...],
    ) -> None:
        self.discipline = discipline
        self.earned = earned
        self.weight = weight
        self.questions = questions
        """Answered questions: id, weight, level."""


class Scale:
    """The answer scale's ends, and the levels from the lowest to the highest."""

    __slots__ = ("hi", "lo", "span")

    def __init__(self, lo: int, hi: int) -> None:
        self.lo = lo
        self.hi = hi
        self.span = hi - lo


class _Limits:
    """The thresholds ``classify`` reads, as plain numbers: a pydantic model's attribute
    read is slow, and borderline tests classify some 16 times per answers file."""

    __slots__ = ("lead_margin", "leadership", "parity")

    def __init__(self, parity: float, leadership: float, lead_margin: float) -> None:
        self.parity = parity
        self.leadership = leadership
        self.lead_margin = lead_margin


def block_score(earned: Exact, weight: int, span: int) -> float | None:
    """The block's score, rounded once; None when nothing in it was answered."""
    return round_ratio(100 * earned, span * weight, 1) if weight else None


def classify(
    thresholds: Thresholds, scores: Mapping[str, float | None]
) -> tuple[PatternId, str | None]:
    """The map pattern and the leading discipline (or None), decided in the spec's order."""
    return _classify(_limits(thresholds), scores)


def _limits(t: Thresholds) -> _Limits:
    return _Limits(t.parity, t.leadership, t.lead_margin)


def _classify(t: _Limits, scores: Mapping[str, float | None]) -> tuple[PatternId, str | None]:
    if not scores or None in scores.values():
        return "insufficient_data", None
    known = cast("Mapping[str, float]", scores)  # no None: checked above
    parity, leadership, margin = t.parity, t.leadership, t.lead_margin
    values = sorted(known.values(), reverse=True)
    # Sorted, highest first: "all below" reads the highest, "all at or above" the lowest.
    if values[0] < parity:
        return "below_parity", None
    if values[-1] >= leadership:
        return "unfocused", None
    strong = sum(1 for v in values if v >= leadership)
    if strong == 2 and values[0] - values[1] < margin:
        return "dual_strength", None
    if values[0] >= leadership and values[0] - values[1] >= margin:
        leader = max(known, key=known.__getitem__)
        return ("focused_leader" if values[-1] >= parity else "leader_below_parity"), leader
    return "stuck_in_the_middle", None


def place(
    thresholds: Thresholds,
    blocks: list[Block],
    scale: Scale,
    intent: Intent | None,
    *,
    indicative: bool,
    steps: Mapping[str, Exact] | None = None,
) -> Placement:
    """The placement of a company whose disciplines have these ``blocks``.

    ``steps`` is how far one answer moves a question's level (default 1: one
    respondent; a mean of n respondents moves by 1/n when one of them moves).
    """
    limits = _limits(thresholds)
    span = scale.span
    scores = {b.discipline: block_score(b.earned, b.weight, span) for b in blocks}
    pattern, lead = _classify(limits, scores)
    strengths = sorted(
        (d for d, v in scores.items() if v is not None and v >= limits.leadership),
        key=lambda d: -(scores[d] or 0),
    )
    borderline, questions = _borderline(limits, blocks, scale, (pattern, lead), steps or {}, scores)
    # Every field already of its type: no second validation (see models/trusted.py).
    return built(
        Placement,
        lead=lead,
        # The field is a str: validation made the intent's enum member its value.
        intended=intent.value if isinstance(intent, DisciplineId) else intent,
        pattern=pattern,
        strengths=tuple(strengths),
        under_parity=tuple(d for d, v in scores.items() if v is not None and v < limits.parity),
        matches_intent=_matches(intent, pattern, lead, strengths),
        borderline=borderline,
        borderline_questions=questions,
        indicative=indicative,
    )


def _matches(
    intent: Intent | None, pattern: PatternId, lead: str | None, strengths: list[str]
) -> bool | None:
    if intent is None or intent == UNDECIDED or pattern == "insufficient_data":
        return None
    if pattern == "dual_strength":
        return intent in strengths
    return lead == intent


def _borderline(
    limits: _Limits,
    blocks: list[Block],
    scale: Scale,
    verdict: tuple[PatternId, str | None],
    steps: Mapping[str, Exact],
    scores: dict[str, float | None],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Disciplines and questions one one-level move away from another pattern or lead
    (``scores``: each block's score as placed)."""
    if verdict[0] == "insufficient_data":
        return (), ()
    flipped_disciplines: set[str] = set()
    flipped_questions: list[str] = []
    holders: dict[str, list[str]] = {}  # question -> the disciplines whose block holds it
    for block in blocks:
        for qid, _, _ in block.questions:
            holding = holders.setdefault(qid, [])
            if block.discipline not in holding:
                holding.append(block.discipline)
    changes: dict[tuple[tuple[str, ...], Exact], bool] = {}
    seen: set[str] = set()
    for block in blocks:
        for qid, weight, level in block.questions:
            if qid in seen:
                continue
            seen.add(qid)
            step = steps.get(qid, 1)
            moved = _flips(
                limits,
                blocks,
                scale,
                verdict,
                (weight, level, holders[qid]),
                step,
                changes,
                scores,
            )
            if moved:
                flipped_questions.append(qid)
                flipped_disciplines.update(moved)
    order = [b.discipline for b in blocks]
    return tuple(d for d in order if d in flipped_disciplines), tuple(flipped_questions)


def _flips(
    limits: _Limits,
    blocks: list[Block],
    scale: Scale,
    verdict: tuple[PatternId, str | None],
    question: tuple[int, Exact, list[str]],
    size: Exact,
    changes: dict[tuple[tuple[str, ...], Exact], bool],
    placed: dict[str, float | None],
) -> list[str]:
    """The disciplines of the question when moving one answer to it by one level (its
    level by ``size``) changes the verdict, else [].

    ``question`` is its weight, level and the disciplines holding it. Whether a move
    changes the verdict depends only on those disciplines and on weight x step, so it is
    decided once per pair (``changes``): most questions of a block share a weight. Only
    the blocks holding the question are scored again; the others keep their ``placed``
    score (the same dict order, so ties resolve as in the placement).
    """
    weight, level, holding = question
    key_holding = tuple(holding)
    span = scale.span
    for step in (size, -size):
        if not scale.lo <= level + step <= scale.hi:
            continue
        key = (key_holding, weight * step)
        changed = changes.get(key)
        if changed is None:
            scores = placed.copy()
            for b in blocks:
                if b.discipline in holding:
                    scores[b.discipline] = block_score(b.earned + weight * step, b.weight, span)
            changed = changes[key] = _classify(limits, scores) != verdict
        if changed:
            return holding
    return []
