"""How far respondents agree: the average deviation per question and group, and the
follow-up agenda. Pure and exact.

The average deviation (Burke & Dunlap 2002) of n levels is AD = sum |x - mean| / n, in
levels. Respondents disagree on a question when AD > c/6, c being the number of levels
on the scale (max - min + 1): 5/6 = 0.83 on a 0-4 scale, the authors' rule of thumb
for the largest AD that still reads as agreement. Only questions with a level from at
least two respondents have an AD; N/A answers count in no AD.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ci_assess.core.combine import Vote
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import AgreementRow, FollowUp, FollowUpReason, GroupAgreement
from ci_assess.core.rounding import round_half_up

FOLLOW_UP_MAX = 10
"""At most this many questions in disagreement go on the agenda."""
FOLLOW_UP_MIN = 3
"""The agenda is made up to this many with the highest-AD other questions."""


def average_deviation(levels: Sequence[int]) -> Fraction:
    """AD = sum |x - mean| / n, exact."""
    mean = Fraction(sum(levels), len(levels))
    return sum((abs(x - mean) for x in levels), start=Fraction(0)) / len(levels)


def threshold(lo: int, hi: int) -> Fraction:
    """The largest AD that still counts as agreement: c/6, c = hi - lo + 1 levels."""
    return Fraction(hi - lo + 1, 6)


@dataclass(frozen=True)
class Spread:
    """One question's levels: how many, their mean and their AD, exactly."""

    question: str
    n: int
    mean: Fraction
    ad: Fraction
    disagree: bool


def spreads(
    questionnaire: Questionnaire,
    votes: Mapping[str, Sequence[Vote]],
    applicable: Collection[str],
) -> list[Spread]:
    """Every ``applicable`` question with two or more levels, in questionnaire order."""
    limit = threshold(questionnaire.min_level, questionnaire.max_level)
    found = []
    for q in questionnaire.questions:
        levels = [v.level for v in votes.get(q.id, ()) if v.level is not None]
        if q.id not in applicable or len(levels) < 2:
            continue
        ad = average_deviation(levels)
        mean = Fraction(sum(levels), len(levels))
        found.append(Spread(q.id, len(levels), mean, ad, ad > limit))
    return found


def rows(found: Sequence[Spread]) -> tuple[AgreementRow, ...]:
    """The JSON report's ``agreement``: two decimals."""
    return tuple(
        AgreementRow(
            question=s.question,
            n=s.n,
            mean=round_half_up(s.mean, 2),
            ad=round_half_up(s.ad, 2),
            disagree=s.disagree,
        )
        for s in found
    )


def group_agreement(
    questionnaire: Questionnaire,
    found: Sequence[Spread],
    votes: Mapping[str, Sequence[Vote]],
    applicable: Collection[str],
) -> tuple[GroupAgreement, ...]:
    """Each group's unweighted mean AD over its questions that have one (None: none), and
    how many respondents gave a level to one of its ``applicable`` questions."""
    by_id = {s.question: s for s in found}
    result = []
    for g in questionnaire.groups:
        questions = [q.id for q in questionnaire.questions if q.group == g.id]
        ads = [by_id[qid].ad for qid in questions if qid in by_id]
        mean = sum(ads, start=Fraction(0)) / len(ads) if ads else None
        giving = {
            v.voice.digest
            for qid in questions
            if qid in applicable
            for v in votes.get(qid, ())
            if v.level is not None
        }
        result.append(
            GroupAgreement(
                group=g.id,
                ad=None if mean is None else round_half_up(mean, 2),
                respondents=len(giving),
            )
        )
    return tuple(result)


def follow_up(
    questionnaire: Questionnaire,
    found: Sequence[Spread],
    votes: Mapping[str, Sequence[Vote]],
    disputed: Collection[str],
) -> tuple[FollowUp, ...]:
    """The questions to take back: in disagreement by AD, then weight, then questionnaire
    order (at most ``FOLLOW_UP_MAX``), made up to ``FOLLOW_UP_MIN`` with the highest-AD
    others (an AD of zero is full agreement and never listed), then every question whose
    applicability is disputed, in questionnaire order."""
    order = {q.id: n for n, q in enumerate(questionnaire.questions)}
    questions = questionnaire.question_map

    def rank(s: Spread) -> tuple[Fraction, int, int]:
        return (-s.ad, -questions[s.question].weight, order[s.question])

    chosen = sorted((s for s in found if s.disagree), key=rank)[:FOLLOW_UP_MAX]
    reasons: dict[str, FollowUpReason] = dict.fromkeys((s.question for s in chosen), "disagree")
    others = sorted((s for s in found if not s.disagree and s.ad > 0), key=rank)
    for s in others[: max(0, FOLLOW_UP_MIN - len(chosen))]:
        reasons[s.question] = "high_deviation"
    for qid in sorted(disputed, key=lambda q: order[q]):
        reasons.setdefault(qid, "applicability_disputed")
    by_id = {s.question: s for s in found}
    return tuple(
        _item(questionnaire, qid, reason, by_id.get(qid), votes) for qid, reason in reasons.items()
    )


def _item(
    questionnaire: Questionnaire,
    qid: str,
    reason: FollowUpReason,
    spread: Spread | None,
    votes: Mapping[str, Sequence[Vote]],
) -> FollowUp:
    q = questionnaire.question_map[qid]
    levels = [v.level for v in votes.get(qid, ()) if v.level is not None]
    na = sum(v.level is None for v in votes.get(qid, ()))
    mean = Fraction(sum(levels), len(levels)) if levels else None
    return FollowUp(
        question=qid,
        text=q.text,
        group=q.group,
        reason=reason,
        n=len(levels),
        na=na,
        mean=None if mean is None else round_half_up(mean, 2),
        ad=None if spread is None else round_half_up(spread.ad, 2),
    )
