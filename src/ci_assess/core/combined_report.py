"""The combined report: several respondents scored as one company, with who said what.

Puts the parts together: ``combine`` (the mean levels, the facts), the same engine as a
single file (``scoring.score_input``), then ``agreement`` (AD, follow-up), ``anonymity``
(role groups, names) and ``perception`` (per-role scores, blind spots) add the
combined report's own keys. Pure; ``app.combine`` loads and checks the files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ci_assess.core import agreement, anonymity, perception
from ci_assess.core.combine import Combined, Voice, Vote, combine, dates, ordered
from ci_assess.core.models.questionnaire import Intent, Questionnaire
from ci_assess.core.models.report import (
    AnswerRow,
    AssessedRange,
    Attributed,
    Engagement,
    GivenLevel,
    Report,
    RespondentEntry,
)
from ci_assess.core.rounding import round_half_up
from ci_assess.core.scoring import score_input


@dataclass(frozen=True)
class Options:
    """How to combine: ``--target``, ``--anonymous``, ``--senior-role``."""

    target: Intent | None = None
    anonymous: bool = False
    senior_role: str | None = None


@dataclass(frozen=True)
class CombinedReport:
    """The combined assessment and its report."""

    combined: Combined
    report: Report


def combined_report(
    questionnaire: Questionnaire, voices: Sequence[Voice], options: Options = Options()
) -> CombinedReport:
    """Score ``voices`` (free of ``combine.mismatches``) as one assessment."""
    people = ordered(voices)
    names = anonymity.labels(people, anonymous=options.anonymous)
    combined = combine(people, target=options.target, labels=names, anonymous=options.anonymous)
    report = score_input(questionnaire, combined.input)
    roles = anonymity.roles(people, anonymous=options.anonymous)
    senior = perception.senior_side(
        questionnaire, people, roles, override=options.senior_role, anonymous=options.anonymous
    )
    answered = {a.question for a in report.answers if a.status == "answered"}
    spreads = agreement.spreads(questionnaire, combined.votes, answered)
    disputed = combined.disputed & answered
    notes = [senior.note] if senior.note else []
    if roles.withheld:
        notes.insert(
            0,
            f"Under --anonymous no role has {anonymity.POOL_MIN} respondents or more, so "
            "per-role scores and blind spots are withheld.",
        )
    span = dates(people)
    update = {
        "answers": tuple(
            _row(row, combined.votes.get(row.question, ()), names, options.anonymous)
            for row in report.answers
        ),
        "engagement": _engagement(report.engagement, combined),
        "assessed_range": AssessedRange(first=span[0], last=span[1]) if span else None,
        "respondents": tuple(_entry(v, names, roles, options.anonymous) for v in people),
        "agreement": agreement.rows(spreads),
        "group_agreement": agreement.group_agreement(
            questionnaire, spreads, combined.votes, answered
        ),
        "perception_gaps": perception.perception_gaps(
            questionnaire, combined.input, report, roles, senior
        ),
        "follow_up": agreement.follow_up(questionnaire, spreads, combined.votes, disputed),
        "senior_role": senior.label if senior.voices else None,
        "perception_note": " ".join(dict.fromkeys(notes)) or None,
        "anonymous": options.anonymous,
    }
    return CombinedReport(combined, report.model_copy(update=update))


def _entry(
    voice: Voice, names: Mapping[str, str | None], roles: anonymity.Roles, anonymous: bool
) -> RespondentEntry:
    a = voice.answers
    return RespondentEntry(
        name=names.get(voice.digest),
        role=roles.label_of(voice) if anonymous else voice.role,
        file=None if anonymous else voice.source,
        answered=len(a.answers),
        assessed_on=a.assessed_on,
        assessor=a.assessor,
        target_discipline=a.target_discipline,
    )


def _row(
    row: AnswerRow, votes: Sequence[Vote], names: Mapping[str, str | None], anonymous: bool
) -> AnswerRow:
    """An appendix row with each respondent's answer, notes and evidence."""
    qid = row.question
    if anonymous:
        counts = Counter(v.level for v in votes)
        given = tuple(
            GivenLevel(respondent=None, role=None, level=level, na=level is None, count=n)
            for level, n in sorted(counts.items(), key=lambda i: (i[0] is None, i[0] or 0))
        )
    else:
        given = tuple(
            GivenLevel(
                respondent=names.get(v.voice.digest),
                role=v.voice.role,
                level=v.level,
                na=v.level is None,
                count=1,
            )
            for v in votes
        )
    return row.model_copy(
        update={
            "levels": given,
            "notes": _attributed(
                [(v, v.voice.answers.answers[qid].note) for v in votes], names, anonymous
            ),
            "evidence_items": _attributed(
                [(v, v.voice.answers.answers[qid].evidence) for v in votes], names, anonymous
            ),
        }
    )


def _attributed(
    items: Sequence[tuple[Vote, str | None]], names: Mapping[str, str | None], anonymous: bool
) -> tuple[Attributed, ...]:
    found = [
        Attributed(
            respondent=None if anonymous else names.get(v.voice.digest),
            role=None if anonymous else v.voice.role,
            text=text,
        )
        for v, text in items
        if text
    ]
    return tuple(sorted(found, key=lambda a: a.text)) if anonymous else tuple(found)


def _engagement(engagement: Engagement, combined: Combined) -> Engagement:
    shares = combined.runs_share
    return engagement.model_copy(
        update={
            "initiatives": tuple(
                i.model_copy(
                    update={
                        "runs_share": round_half_up(shares[i.id], 4) if i.id in shares else None
                    }
                )
                for i in engagement.initiatives
            )
        }
    )
