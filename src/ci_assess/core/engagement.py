"""The engagement verdict (Method principle 2: engagement is not intimacy).

Engagement index = 100 x initiatives run / initiatives in the catalogue. The
operating-model score is the maturity score over the questions tagged
``operating_model`` (structure, metrics, rewards, hiring). The inventory counts in
neither axis; thresholds are data.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Engagement, Initiative, Verdict
from ci_assess.core.models.trusted import built
from ci_assess.core.rounding import round1
from ci_assess.core.scoring_input import Initiative as Answered

# Made without validation (see models/trusted.py): validated here, at import, it built
# the Engagement model's validator in every run, which nothing else needs (every other
# verdict is built without validation too). tests/core/test_trusted.py compares it.
NOT_ASSESSED = built(Engagement, index=None, verdict="not_assessed", score=None, initiatives=())

# Each initiative's row as answered, made once and shared by every file of a batch that
# answers it the same way (frozen objects; at most 3 x 16 per catalogue entry).
_ROWS: dict[tuple[str, str, bool | None, tuple[str, ...]], Initiative] = {}


def engagement(
    questionnaire: Questionnaire,
    inventory: Mapping[str, Answered],
    operating_model_score: float | None,
) -> Engagement:
    """The verdict for this inventory and operating-model score."""
    catalogue = _catalogue(questionnaire)
    if not catalogue:
        return NOT_ASSESSED
    index = None
    if inventory:
        runs = sum(1 for iid, _ in catalogue if iid in inventory and inventory[iid].runs)
        index = round1(Fraction(100 * runs, len(catalogue)))
    # Every field already of its type: no second validation (see models/trusted.py).
    return built(
        Engagement,
        index=index,
        verdict=verdict(questionnaire, index, operating_model_score),
        score=operating_model_score,
        initiatives=tuple(_row(iid, title, inventory.get(iid)) for iid, title in catalogue),
    )


# Keyed by identity (a questionnaire is not hashable); each entry holds its
# questionnaire, so the id cannot be reused by another object while it is cached.
_CATALOGUES: dict[int, tuple[Questionnaire, tuple[tuple[str, str], ...]]] = {}


def _catalogue(questionnaire: Questionnaire) -> tuple[tuple[str, str], ...]:
    """Each catalogue initiative's id and title, read once per questionnaire (a pydantic
    model's attribute read is slow, and every file of a batch reads them); a tuple, as
    it is shared by every file."""
    cached = _CATALOGUES.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    found = tuple((e.id, e.title) for e in questionnaire.engagement_initiatives)
    if len(_CATALOGUES) >= 16:
        _CATALOGUES.clear()
    _CATALOGUES[id(questionnaire)] = (questionnaire, found)
    return found


def _row(iid: str, title: str, answered: Answered | None) -> Initiative:
    key = (iid, title, None, ()) if answered is None else (iid, title, *answered.astuple())
    row = _ROWS.get(key)
    if row is None:
        if len(_ROWS) >= 4096:  # many questionnaires or languages in one process
            _ROWS.clear()
        row = _ROWS[key] = built(Initiative, id=iid, title=title, runs=key[2], changed=key[3])
    return row


def verdict(questionnaire: Questionnaire, index: float | None, score: float | None) -> Verdict:
    """operating_model, in_transition, engagement_without_intimacy, neither, or
    insufficient_data when the inventory or the tagged questions are unanswered."""
    t = questionnaire.thresholds
    if index is None or score is None:
        return "insufficient_data"
    if score >= t.leadership:
        return "operating_model"
    if score >= t.parity:
        return "in_transition"
    if index >= t.engagement:
        return "engagement_without_intimacy"
    return "neither"
