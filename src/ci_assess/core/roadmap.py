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

from ci_assess.core.conditions import Facts, holds_all
from ci_assess.core.models.questionnaire import PHASES, UNDECIDED, Intent, Questionnaire
from ci_assess.core.models.report import (
    CriterionResult,
    Priority,
    RoadmapAction,
    RoadmapSection,
)

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
    if not transformation(intent):
        # One section across phases: its actions follow the priorities' sequence (the
        # rank of each action's first priority), then library order.
        rank = {p.question: p.rank for p in priorities}
        listed = [
            a for a in questionnaire.actions if not a.transformation and wanted & set(a.questions)
        ]
        listed.sort(key=lambda a: min(rank[q] for q in a.questions if q in rank))
        actions = [_listed(a.id, a.title, a.questions, wanted) for a in listed]
        return (
            RoadmapSection(
                phase=PARITY_PHASE, title=PARITY_TITLE, actions=tuple(actions), criteria=()
            ),
        )
    return tuple(
        RoadmapSection(
            phase=phase,
            title=PHASE_TITLES[phase],
            actions=tuple(
                _listed(a.id, a.title, a.questions, wanted)
                for a in questionnaire.actions
                if a.phase == phase and wanted & set(a.questions)
            ),
            criteria=_criteria(questionnaire, facts) if phase == "implement" else (),
        )
        for phase in PHASES
    )


def _listed(aid: str, title: str, questions: list[str], wanted: set[str]) -> RoadmapAction:
    return RoadmapAction(id=aid, title=title, questions=tuple(q for q in questions if q in wanted))


def _criteria(questionnaire: Questionnaire, facts: Facts) -> tuple[CriterionResult, ...]:
    return tuple(
        CriterionResult(id=c.id, text=c.text, met=holds_all(c.when, facts))
        for c in questionnaire.criteria
    )


def _by_phase(priorities: tuple[Priority, ...]) -> tuple[RoadmapSection, ...]:
    """Format 1: each phase lists its priorities, in rank order."""
    return tuple(
        RoadmapSection(
            phase=phase,
            title=PHASE_TITLES[phase],
            actions=tuple(
                RoadmapAction(id=p.question, title=p.text, questions=(p.question,))
                for p in priorities
                if p.phase == phase
            ),
            criteria=(),
        )
        for phase in PHASES
    )
