"""Perception gaps: how differently the roles see each process group, and the senior
role's blind spots. Pure.

A role's score in a group is the engine's score (``scoring.group_scores``, the scores
``score_input`` reports) of that role's mean
levels, under the combined assessment's target, so that it is comparable with the
combined score. A group is ``flagged`` when its highest and lowest role lie at least one
level's worth of score apart (100 / (max - min) points: 25 on a 0-4 scale); a
``blind_spot`` when the senior role's score exceeds everyone else's combined by as much.
Scores are compared as the report shows them (one decimal).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ci_assess.core.anonymity import POOL_MIN, Roles
from ci_assess.core.combine import Voice, role_key, subset_input
from ci_assess.core.models.questionnaire import PROCESS_GROUP_IDS, Questionnaire
from ci_assess.core.models.report import PerceptionGap, Report
from ci_assess.core.rounding import difference1
from ci_assess.core.scoring import group_scores
from ci_assess.core.scoring_input import ScoringInput


@dataclass(frozen=True)
class Senior:
    """Who the senior side is, or why there is none to compare."""

    label: str | None
    voices: tuple[Voice, ...]
    note: str | None = None
    """Why blind spots are not computed (None: they are)."""


def level_worth(questionnaire: Questionnaire) -> Fraction:
    """One level's worth of score: 100 / (max - min) points."""
    return Fraction(100, questionnaire.max_level - questionnaire.min_level)


def senior_side(
    questionnaire: Questionnaire,
    voices: Sequence[Voice],
    roles: Roles,
    *,
    override: str | None = None,
    anonymous: bool = False,
) -> Senior:
    """The respondents holding a senior role: ``override`` (``--senior-role``), else one of
    the questionnaire's ``senior_roles``."""
    names = [override] if override else questionnaire.senior_roles
    keys = {role_key(n) for n in names}
    found = tuple(v for v in voices if role_key(v.role) in keys)
    if not found:
        listed = ", ".join(names) if names else "none listed in the questionnaire"
        return Senior(
            None,
            (),
            f"No respondent holds a senior role ({listed}), so there is no blind spot to "
            "measure; name the senior role with --senior-role ROLE.",
        )
    label = " and ".join(dict.fromkeys(v.role for v in found))
    if anonymous and not _shown_apart(found, roles):
        return Senior(
            label,
            found,
            f"Under --anonymous a role needs {POOL_MIN} respondents to be shown apart; the "
            f"senior role ({label}) has {len(found)}, so blind spots are withheld.",
        )
    return Senior(label, found)


def _shown_apart(senior: Sequence[Voice], roles: Roles) -> bool:
    """Whether the senior respondents are exactly the members of their own groups."""
    if roles.withheld:
        return False
    groups = [g for g in roles.groups if any(v in g.voices for v in senior)]
    return all(set(g.voices) <= set(senior) for g in groups) and len(senior) >= POOL_MIN


def perception_gaps(
    questionnaire: Questionnaire,
    base: ScoringInput,
    combined: Report,
    roles: Roles,
    senior: Senior,
) -> tuple[PerceptionGap, ...]:
    """The five process groups as each role, the senior role and the others see them."""
    worth = level_worth(questionnaire)
    answered = {a.question for a in combined.answers if a.status == "answered"}
    shown = () if roles.withheld else roles.groups
    by_role = {g.label: _scores(questionnaire, base, g.voices) for g in shown}
    computed = senior.note is None
    others = tuple(v for g in roles.groups for v in g.voices if v not in senior.voices)
    senior_scores = _scores(questionnaire, base, senior.voices) if computed else {}
    other_scores = _scores(questionnaire, base, others) if computed and others else {}
    everyone = tuple(v for g in roles.groups for v in g.voices)
    gaps = []
    for gid in PROCESS_GROUP_IDS:
        if gid not in questionnaire.group_map:
            continue
        questions = {q.id for q in questionnaire.questions if q.group == gid} & answered
        scores = {label: by_role[label].get(gid) for label in by_role}
        known = [s for s in scores.values() if s is not None]
        spread = difference1(max(known), min(known)) if len(known) >= 2 else None
        high, low = senior_scores.get(gid), other_scores.get(gid)
        blind: bool | None
        if not senior.voices:
            blind = False
        elif not computed or high is None or low is None:
            blind = None
        else:
            blind = _at_least(difference1(high, low), worth)
        gaps.append(
            PerceptionGap(
                group=gid,
                roles=scores,
                counts={g.label: _giving(g.voices, questions) for g in shown},
                respondents=_giving(everyone, questions),
                spread=spread,
                flagged=spread is not None and _at_least(spread, worth),
                senior=high,
                others=low,
                blind_spot=blind,
            )
        )
    return tuple(gaps)


def _scores(
    questionnaire: Questionnaire, base: ScoringInput, voices: Sequence[Voice]
) -> dict[str, float | None]:
    """The groups' scores of ``voices``' mean levels, as the engine makes them."""
    return group_scores(questionnaire, subset_input(base, voices))


def _giving(voices: Sequence[Voice], questions: Collection[str]) -> int:
    """How many of ``voices`` gave a level to one of ``questions``."""
    return sum(
        any(a.level is not None and qid in questions for qid, a in v.answers.answers.items())
        for v in voices
    )


def _at_least(shown: float, worth: Fraction) -> bool:
    """A difference as the report shows it (one decimal) against an exact bound."""
    return Fraction(repr(shown)) >= worth
