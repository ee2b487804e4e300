"""The roadmap: Understand -> Test -> Learn -> Implement, from the action library.

An action is listed when one of its questions is a priority, in library order within
its phase; Implement shows the go/no-go criteria. An operational-excellence or
product-leadership intent gets one section, "Keep customer practices at parity", with
no transformation step (pilot, change leader, go/no-go), its actions in the order of
their first priority (one section spans the phases, so the priorities' sequence orders
it). Format 1 has no library: its
roadmap lists the priorities by phase (their groups' phases).
"""

from __future__ import annotations

from functools import lru_cache

from ci_assess.core.conditions import Facts, holds_all
from ci_assess.core.models.questionnaire import PHASES, UNDECIDED, Action, Intent, Questionnaire
from ci_assess.core.models.report import (
    CriterionResult,
    Priority,
    RoadmapAction,
    RoadmapSection,
)
from ci_assess.core.models.trusted import built

PARITY_PHASE = "parity"
PARITY_TITLE = "Keep customer practices at parity"
PHASE_TITLES = {
    "understand": "Understand",
    "test": "Test (a pilot)",
    "learn": "Learn",
    "implement": "Implement",
}


def transformation(intent: Intent | None) -> bool:
    """Whether the intent calls for a customer-intimacy transformation."""
    return intent in (None, UNDECIDED, "customer_intimacy")


class _Action:
    """A library action's fields, read once per questionnaire: a pydantic model's
    attribute read is slow, and every file of a batch reads every action. (Slotted, not
    a NamedTuple: that builds its methods at import, in every process.)"""

    __slots__ = ("asked", "id", "phase", "questions", "title", "transformation")

    def __init__(self, action: Action) -> None:
        self.id: str = action.id
        self.title: str = action.title
        self.phase: str = action.phase
        self.transformation: bool = action.transformation
        self.questions = tuple(action.questions)
        self.asked = frozenset(action.questions)


# Keyed by identity (a questionnaire is not hashable); each entry holds its
# questionnaire, so the id cannot be reused by another object while it is cached.
_LIBRARIES: dict[int, tuple[Questionnaire, list[_Action]]] = {}


def _library(questionnaire: Questionnaire) -> list[_Action]:
    cached = _LIBRARIES.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    library = [_Action(a) for a in questionnaire.actions]
    if len(_LIBRARIES) >= 16:
        _LIBRARIES.clear()
    _LIBRARIES[id(questionnaire)] = (questionnaire, library)
    return library


def roadmap(
    questionnaire: Questionnaire,
    priorities: tuple[Priority, ...],
    intent: Intent | None,
    facts: Facts,
) -> tuple[RoadmapSection, ...]:
    """The roadmap sections for these priorities."""
    if questionnaire.format == 1:
        return _by_phase(priorities)
    wanted = {p.question for p in priorities}
    library = _library(questionnaire)
    if not transformation(intent):
        # One section across phases: its actions follow the priorities' sequence (the
        # rank of each action's first priority), then library order.
        rank = {p.question: p.rank for p in priorities}
        listed = [a for a in library if not a.transformation and not a.asked.isdisjoint(wanted)]
        listed.sort(key=lambda a: min(rank[q] for q in a.questions if q in rank))
        actions = tuple(_listed(a, wanted) for a in listed)
        return (_section(PARITY_PHASE, PARITY_TITLE, actions, ()),)
    return tuple(
        _section(
            phase,
            PHASE_TITLES[phase],
            tuple(
                _listed(a, wanted)
                for a in library
                if a.phase == phase and not a.asked.isdisjoint(wanted)
            ),
            _criteria(questionnaire, facts) if phase == "implement" else (),
        )
        for phase in PHASES
    )


def _section(
    phase: str,
    title: str,
    actions: tuple[RoadmapAction, ...],
    criteria: tuple[CriterionResult, ...],
) -> RoadmapSection:
    # Every field already of its type: no second validation (see models/trusted.py).
    return built(RoadmapSection, phase=phase, title=title, actions=actions, criteria=criteria)


def _listed(a: _Action, wanted: set[str]) -> RoadmapAction:
    return _action(a.id, a.title, tuple(q for q in a.questions if q in wanted))


@lru_cache(maxsize=4096)
def _action(aid: str, title: str, questions: tuple[str, ...]) -> RoadmapAction:
    """A roadmap action: the same immutable object for every file of a batch that lists
    it with these questions (bounded: a questionnaire's actions and their subsets)."""
    return built(RoadmapAction, id=aid, title=title, questions=questions)


def _criteria(questionnaire: Questionnaire, facts: Facts) -> tuple[CriterionResult, ...]:
    return tuple(_criterion(c.id, c.text, holds_all(c.when, facts)) for c in questionnaire.criteria)


@lru_cache(maxsize=1024)
def _criterion(cid: str, text: str, met: bool) -> CriterionResult:
    """A criterion's result, met or not: the same object for every file of a batch."""
    return built(CriterionResult, id=cid, text=text, met=met)


def _by_phase(priorities: tuple[Priority, ...]) -> tuple[RoadmapSection, ...]:
    """Format 1: each phase lists its priorities, in rank order."""
    return tuple(
        _section(
            phase,
            PHASE_TITLES[phase],
            tuple(
                _action(p.question, p.text, (p.question,)) for p in priorities if p.phase == phase
            ),
            (),
        )
        for phase in PHASES
    )
