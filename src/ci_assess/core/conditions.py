"""Red-flag and criterion conditions, evaluated against what a report has worked out.

A condition on something unanswered, unscored or not applicable never holds: the tool
does not guess. Threshold names (parity, leadership, engagement) are read from the
questionnaire's thresholds, so they stay data.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

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
    return all(_holds(_test(c), facts) for c in conditions)


def holds(cond: Condition, facts: Facts) -> bool:
    """True when ``cond`` holds for ``facts``."""
    return _holds(_test(cond), facts)


class _Test:
    """A condition's fields, read once: a pydantic model's attribute read is slow, and
    every file of a batch tests every red flag's and criterion's conditions."""

    __slots__ = ("among", "any_of", "at_least", "below", "category", "key", "subject")

    def __init__(
        self,
        any_of: tuple[_Test, ...],
        category: str | None,
        among: Collection[Any],
        subject: str,
        key: str | None,
        below: Limit | None,
        at_least: Limit | None,
    ) -> None:
        self.any_of = any_of
        self.category = category
        """The fact a categorical condition tests: verdict, intent or pattern."""
        self.among = among
        """The values it holds for."""
        self.subject = subject
        """A numeric condition's: question, group, position, engagement_index or
        operating_model."""
        self.key = key
        self.below = below
        self.at_least = at_least


# Keyed by identity (a condition is not hashable); each entry holds its condition, so
# the id cannot be reused by another object while it is cached.
_TESTS: dict[int, tuple[Condition, _Test]] = {}


def _test(cond: Condition) -> _Test:
    cached = _TESTS.get(id(cond))
    if cached is not None and cached[0] is cond:
        return cached[1]
    made = _made(cond)
    if len(_TESTS) >= 4096:  # many questionnaires or languages in one process
        _TESTS.clear()
    _TESTS[id(cond)] = (cond, made)
    return made


def _made(cond: Condition) -> _Test:
    """The test of ``cond``, its subject decided in the order ``holds`` always has."""
    any_of = tuple(_test(c) for c in cond.any_of) if cond.any_of else ()
    category: str | None = None
    among: Collection[Any] = ()
    for name in ("verdict", "intent", "pattern"):
        if not any_of and getattr(cond, name) is not None:
            category, among = name, getattr(cond, name)
            break
    subject, key = "operating_model", None
    if cond.question:
        subject, key = "question", cond.question
    elif cond.group:
        subject, key = "group", cond.group
    elif cond.position:
        subject, key = "position", cond.position.value
    elif cond.engagement_index:
        subject = "engagement_index"
    return _Test(any_of, category, among, subject, key, cond.below, cond.at_least)


def _holds(test: _Test, facts: Facts) -> bool:
    if test.any_of:
        return any(_holds(t, facts) for t in test.any_of)
    if test.category is not None:
        return getattr(facts, test.category) in test.among
    return _compare(_value(test, facts), test, facts.thresholds)


def _value(test: _Test, facts: Facts) -> Exact | float | None:
    subject = test.subject
    if subject == "question":
        return facts.levels.get(test.key)  # type: ignore[arg-type]  # a key: never None
    if subject == "group":
        return facts.group_scores.get(test.key)  # type: ignore[arg-type]
    if subject == "position":
        return facts.positions.get(test.key)  # type: ignore[arg-type]
    if subject == "engagement_index":
        return facts.engagement_index
    return facts.operating_model_score


def _compare(value: Exact | float | None, test: _Test, thresholds: Thresholds) -> bool:
    if value is None:
        return False
    if test.below is not None:
        return value < _limit(test.below, thresholds)
    return test.at_least is not None and value >= _limit(test.at_least, thresholds)


def _limit(limit: Limit, thresholds: Thresholds) -> float:
    return limit if isinstance(limit, int | float) else float(getattr(thresholds, limit))
