"""The combined reports' classes: respondents, agreement, perception gaps, follow-ups.

Part of the JSON report's contract (``Report.respondents`` and the other combined
keys, ``AnswerRow.levels`` and ``notes``); in their own module so that a report of one
answers file makes none of them (``core.models.deferred``): ``core.models.report``
hands them out on first use.
"""

import datetime as dt

from ci_assess.core.models.report import FollowUpReason, ReportModel


class GivenLevel(ReportModel):
    """One respondent's answer to a question (combined reports), or under --anonymous one
    distinct answer and how many gave it."""

    respondent: str | None
    """The respondent's name, or 'Respondent N' under --anonymous for a named respondent; null when
    unattributed (--anonymous counts) or the file names nobody."""
    role: str | None
    """The respondent's role; null when unattributed."""
    level: int | None
    """The level given; null for N/A."""
    na: bool
    """True when the respondent marked the question N/A."""
    count: int
    """How many respondents gave this answer (1 unless --anonymous)."""


class Attributed(ReportModel):
    """A note or a piece of evidence and who gave it."""

    respondent: str | None
    """Who gave it (name, or 'Respondent N'); null under --anonymous or when the file names
    nobody."""
    role: str | None
    """The respondent's role; null under --anonymous."""
    text: str
    """What was written down."""


class AssessedRange(ReportModel):
    """The interview dates of a combined assessment."""

    first: dt.date
    """The earliest interview date."""
    last: dt.date
    """The latest interview date (the report's assessed_on)."""


class RespondentEntry(ReportModel):
    """One respondent of a combined report."""

    name: str | None
    """The respondent's name ('Respondent N' under --anonymous); null when the file names nobody."""
    role: str
    """The role as first written (under --anonymous the pooled role group)."""
    file: str | None
    """The answers file; null under --anonymous."""
    answered: int
    """How many questions this respondent gave a level or N/A."""
    assessed_on: dt.date | None
    """Date of this interview; null when not given."""
    assessor: str | None
    """Who ran this interview; null when not given."""
    target_discipline: str | None
    """The target discipline this file states (a discipline id or undecided); null when it states
    none."""


class AgreementRow(ReportModel):
    """How far the respondents agree on one question."""

    question: str
    """The question's id."""
    n: int
    """How many respondents gave it a level (at least two)."""
    mean: float
    """The mean of their levels, two decimals."""
    ad: float
    """Average deviation from the mean, in levels (Burke & Dunlap 2002): sum |level - mean| / n, two
    decimals."""
    disagree: bool
    """True when the exact AD exceeds c/6, c = the number of levels on the scale (5/6 = 0.83 on a
    0-4 scale)."""


class GroupAgreement(ReportModel):
    """The mean disagreement within one group."""

    group: str
    """The group's id."""
    ad: float | None
    """Unweighted mean AD of the group's questions with two or more levels, two decimals; null when
    there is none."""
    respondents: int
    """How many respondents gave a level to one of the group's questions: the n behind its combined
    score."""


class PerceptionGap(ReportModel):
    """How differently the roles see one process group."""

    group: str
    """The process group's id."""
    roles: dict[str, float | None]
    """Role -> the score of that role's mean levels (null: the role answered nothing in the group);
    empty when withheld under --anonymous."""
    counts: dict[str, int]
    """Role -> how many of its respondents gave a level in the group."""
    respondents: int
    """How many respondents gave a level in the group."""
    spread: float | None
    """Highest minus lowest role score; null with fewer than two roles scored."""
    flagged: bool
    """True when the spread is at least one level's worth of score (100 / (max - min) points: 25 on
    a 0-4 scale), with at least two roles."""
    senior: float | None
    """The score of the senior role's mean levels; null when it has none."""
    others: float | None
    """The score of every other respondent's mean levels; null when none."""
    blind_spot: bool | None
    """True when senior minus others is at least one level's worth of score; null when either side
    has nothing in the group or it is withheld; false without a senior role (perception_note says
    why)."""


class FollowUp(ReportModel):
    """A question to take back to the respondents."""

    question: str
    """The question's id."""
    text: str
    """The question as asked."""
    group: str
    """Id of the question's group."""
    reason: FollowUpReason
    """disagree (AD above c/6), high_deviation (among the highest AD, listed to make up three) or
    applicability_disputed (some gave a level, others N/A)."""
    n: int
    """How many respondents gave it a level."""
    na: int
    """How many marked it N/A."""
    mean: float | None
    """The mean level, two decimals; null with no level."""
    ad: float | None
    """The AD, two decimals; null with fewer than two levels."""
