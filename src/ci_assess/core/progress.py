"""Progress: an assessment against an earlier one of the same company. Pure: no I/O.

Within one major questionnaire version both sides are re-scored on their common
questions (asked by both questionnaires and answered, with a level or as not
applicable, on both sides), so that a question answered only this time cannot move a
score by itself: "compared on K of N questions". Across major versions the method
changed, so scores are shown side by side without deltas, and only the common
questions' answers are compared (docs/history.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from ci_assess.core.models.history import (
    Baseline,
    Change,
    ComparedOn,
    PatternChange,
    Progress,
    QuestionChange,
    SubjectChange,
)
from ci_assess.core.models.outcomes import Outcome
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.core.outcomes import outcome_changes
from ci_assess.core.rounding import difference1, round_half_up
from ci_assess.core.scoring import score_input
from ci_assess.core.scoring_input import Level, Levels, NotApplicable, ScoringInput


@dataclass(frozen=True)
class Side:
    """One side of a comparison: what was scored, against what, and its report."""

    questionnaire: Questionnaire
    data: ScoringInput
    report: Report
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    """The outcome indicators as given (a combined assessment's: from the file giving each)."""


def major_of(version: str) -> int:
    """The major number of a questionnaire version ('2.0.0' -> 2)."""
    return int(version.split(".", 1)[0])


def compare(current: Side, baseline: Side, where: Baseline) -> Progress:
    """``current`` against ``baseline`` (same company and questionnaire id: the caller checks)."""
    asked = _ids(current.questionnaire) & _ids(baseline.questionnaire)
    common = {q for q in asked if q in current.data.levels and q in baseline.data.levels}
    comparable = major_of(current.questionnaire.version) == major_of(baseline.questionnaire.version)
    after, before = current.report, baseline.report
    if comparable:
        after = score_input(current.questionnaire, _only(current.data, common))
        before = score_input(baseline.questionnaire, _only(baseline.data, common))
    order = [q.id for q in current.questionnaire.questions]
    return Progress(
        baseline=where,
        comparable=comparable,
        overall=_change(before.overall.score, after.overall.score, comparable),
        groups=tuple(_subjects(_groups(before), _groups(after), comparable)),
        disciplines=tuple(
            _subjects(
                {d.id: d.score for d in before.disciplines},
                {d.id: d.score for d in after.disciplines},
                comparable,
            )
        ),
        pattern=PatternChange(from_=before.placement.pattern, to=after.placement.pattern),
        questions=tuple(_changed(order, asked, baseline.data.levels, current.data.levels)),
        compared_on=ComparedOn(questions=len(common), of=len(order)),
        # Outcomes are measured, not scored by the method: compared across versions too.
        outcomes=outcome_changes(
            current.questionnaire.outcomes, baseline.outcomes, current.outcomes
        ),
    )


def _ids(questionnaire: Questionnaire) -> set[str]:
    return {q.id for q in questionnaire.questions}


def _only(data: ScoringInput, common: set[str]) -> ScoringInput:
    """``data`` with only the common questions answered."""
    kept = {qid: level for qid, level in data.levels.items() if qid in common}
    return data.replace(levels=Levels(kept))


def _groups(report: Report) -> dict[str, float | None]:
    return {g.id: g.score for g in (*report.process_groups, *report.other_groups)}


def _change(before: float | None, after: float | None, comparable: bool) -> Change:
    delta = None
    if comparable and before is not None and after is not None:
        delta = difference1(after, before)
    return Change(from_=before, to=after, delta=delta)


def _subjects(
    before: dict[str, float | None], after: dict[str, float | None], comparable: bool
) -> Iterable[SubjectChange]:
    """One change per subject of this assessment, in its order."""
    for sid, score in after.items():
        change = _change(before.get(sid), score, comparable)
        yield SubjectChange(id=sid, from_=change.from_, to=change.to, delta=change.delta)


def _changed(
    order: list[str], asked: set[str], before: Levels, after: Levels
) -> Iterable[QuestionChange]:
    """The questions both questionnaires ask whose answer differs, in this one's order."""
    for qid in order:
        if qid not in asked:
            continue
        was, now = _shown(before.get(qid)), _shown(after.get(qid))
        if was != now:
            yield QuestionChange(question=qid, from_=was, to=now)


def _shown(level: Level | None) -> float | str | None:
    """A level as the report shows it: a number (two decimals for a mean), 'na' or null."""
    if level is None:
        return None
    if isinstance(level, NotApplicable):
        return "na"
    if isinstance(level, Fraction):
        return round_half_up(level, 2)
    return level
