"""Red-flag and criterion conditions, evaluated against what a report has worked out.

A condition on something unanswered, unscored or not applicable never holds: the tool
does not guess. Threshold names (parity, leadership, engagement) are read from the
questionnaire's thresholds, so they stay data.
"""

from __future__ import annotations

from collections.abc import Mapping

from ci_assess.core.exact import Exact
from ci_assess.core.models.questionnaire import Condition, Intent, Limit, Thresholds


# Not a dataclass: their methods are compiled from generated source in every process
# (about 3 M instructions each at import, and a report imports this module).
class Facts:
    """Everything a condition may name, for one assessment."""

    __slots__ = (
        "engagement_index",
        "group_scores",
        "intent",
        "levels",
        "operating_model_score",
        "pattern",
        "positions",
        "thresholds",
        "verdict",
    )

    def __init__(
        self,
        levels: Mapping[str, Exact],
        group_scores: Mapping[str, float | None],
        positions: Mapping[str, float | None],
        engagement_index: float | None,
        operating_model_score: float | None,
        verdict: str,
        intent: Intent | None,
        pattern: str,
        thresholds: Thresholds,
    ) -> None:
        # Applicable answered questions' levels.
        self.levels = levels
        self.group_scores = group_scores
        self.positions = positions
        self.engagement_index = engagement_index
        self.operating_model_score = operating_model_score
        self.verdict = verdict
        self.intent = intent
        self.pattern = pattern
        self.thresholds = thresholds


def holds_all(conditions: list[Condition], facts: Facts) -> bool:
    """True when every condition holds."""
    return all(holds(c, facts) for c in conditions)


def holds(cond: Condition, facts: Facts) -> bool:
    """True when ``cond`` holds for ``facts``."""
    if cond.any_of:
        return any(holds(c, facts) for c in cond.any_of)
    if cond.verdict is not None:
        return facts.verdict in cond.verdict
    if cond.intent is not None:
        return facts.intent in cond.intent
    if cond.pattern is not None:
        return facts.pattern in cond.pattern
    return _compare(_value(cond, facts), cond, facts.thresholds)


def _value(cond: Condition, facts: Facts) -> Exact | float | None:
    if cond.question:
        return facts.levels.get(cond.question)
    if cond.group:
        return facts.group_scores.get(cond.group)
    if cond.position:
        return facts.positions.get(cond.position.value)
    if cond.engagement_index:
        return facts.engagement_index
    return facts.operating_model_score


def _compare(value: Exact | float | None, cond: Condition, thresholds: Thresholds) -> bool:
    if value is None:
        return False
    if cond.below is not None:
        return value < _limit(cond.below, thresholds)
    return cond.at_least is not None and value >= _limit(cond.at_least, thresholds)


def _limit(limit: Limit, thresholds: Thresholds) -> float:
    return limit if isinstance(limit, int | float) else float(getattr(thresholds, limit))
