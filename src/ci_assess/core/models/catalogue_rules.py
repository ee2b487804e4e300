"""Cross-field rules of the outcome and key-account catalogues, each with its key path.

Kept apart from the questionnaire model (as ``questionnaire_v2`` is) so that each rule
is one small function; ``Questionnaire`` calls ``catalogue_problems`` with the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ci_assess.core.models.catalogue import TIERS

if TYPE_CHECKING:
    from ci_assess.core.models.questionnaire import Loc, Questionnaire

Problems = list[tuple["Loc", str]]


def catalogue_problems(q: Questionnaire) -> Problems:
    """Known groups and questions, unique ids, levels that cover the scale, four tiers."""
    return [*_kpi_problems(q), *_element_problems(q), *_tier_problems(q)]


def _kpi_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    groups = {g.id for g in q.groups}
    seen: set[str] = set()
    for n, kpi in enumerate(q.outcomes):
        if kpi.id in seen:
            problems.append((("outcomes", n, "id"), f"outcomes: {kpi.id!r} is declared twice"))
        seen.add(kpi.id)
        for m, gid in enumerate(kpi.groups):
            if gid not in groups:
                problems.append(
                    (("outcomes", n, "groups", m), f"outcome {kpi.id!r}: unknown group {gid!r}")
                )
        if kpi.computed_from == "nps_counts" and kpi.unit != "nps":
            problems.append(
                (("outcomes", n, "computed_from"), f"outcome {kpi.id!r}: nps_counts needs unit nps")
            )
        if kpi.computed_from == "clv" and kpi.unit != "currency":
            problems.append(
                (("outcomes", n, "computed_from"), f"outcome {kpi.id!r}: clv needs unit currency")
            )
    return problems


def _element_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    levels = sorted(s.level for s in q.scale)
    questions = {x.id for x in q.questions}
    seen: set[str] = set()
    for n, element in enumerate(q.key_account_elements):
        if element.id in seen:
            problems.append(
                (("key_account_elements", n, "id"), f"element {element.id!r} is declared twice")
            )
        seen.add(element.id)
        if sorted(element.levels) != levels:
            problems.append(
                (
                    ("key_account_elements", n, "levels"),
                    f"element {element.id!r}: describe every level {levels}, "
                    f"got {sorted(element.levels)}",
                )
            )
        if element.question is not None and element.question not in questions:
            problems.append(
                (
                    ("key_account_elements", n, "question"),
                    f"element {element.id!r}: unknown question {element.question!r}",
                )
            )
    return problems


def _tier_problems(q: Questionnaire) -> Problems:
    given = sorted(t.tier for t in q.value_journey)
    if q.value_journey and given != list(TIERS):
        return [(("value_journey",), f"the value journey has tiers 1 to 4 once each, got {given}")]
    if q.key_account_elements and not q.value_journey:
        return [(("value_journey",), "key-account elements need the value journey's four tiers")]
    return []
