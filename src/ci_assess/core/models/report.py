"""The frozen report model: everything a renderer needs, and nothing it must compute.

Scores are rounded to one decimal once, in scoring, so that every format, every chart
and every gate shows and compares exactly the same number.

The model is the JSON report's contract (``schemas/report.schema.json`` is generated
from it): every field is described here, by the docstring under it (see
``core/models/described.py``), every list is a tuple so that a built report cannot be
changed, and every key is always written (null for an absent value, an
empty array for an empty list). ``SCHEMA_VERSION`` names the contract: adding keys
bumps its minor number, changing a key's meaning or type its major number
(``tests/core/test_report_model.py`` fails on a schema change without a bump).
"""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ConfigDict, Field

from ci_assess.core.models.base import FrozenModel

if TYPE_CHECKING:
    from ci_assess.core.models import combined as _combined

    # Re-exported for type checkers; at run time ``__getattr__`` below hands them out.
    from ci_assess.core.models.combined import AgreementRow as AgreementRow  # noqa: PLC0414
    from ci_assess.core.models.combined import AssessedRange as AssessedRange  # noqa: PLC0414
    from ci_assess.core.models.combined import Attributed as Attributed  # noqa: PLC0414
    from ci_assess.core.models.combined import FollowUp as FollowUp  # noqa: PLC0414
    from ci_assess.core.models.combined import GivenLevel as GivenLevel  # noqa: PLC0414
    from ci_assess.core.models.combined import GroupAgreement as GroupAgreement  # noqa: PLC0414
    from ci_assess.core.models.combined import PerceptionGap as PerceptionGap  # noqa: PLC0414
    from ci_assess.core.models.combined import RespondentEntry as RespondentEntry  # noqa: PLC0414
    from ci_assess.core.models.compared import Benchmark, Progress
    from ci_assess.core.models.outcome_report import KeyAccountsResult, OutcomeResult
else:
    from ci_assess.core.models.deferred import deferred

    # Only `report --baseline` and `--benchmark` fill these: their 11 classes (the
    # store's) are made when such a report is, not by every report (core/models/deferred).
    Progress = deferred("ci_assess.core.models.compared", "Progress")
    Benchmark = deferred("ci_assess.core.models.compared", "Benchmark")
    # Only an answers file with outcomes or key accounts fills these: the report's
    # validator is built without their 6 classes' schemas.
    OutcomeResult = deferred("ci_assess.core.models.outcome_report", "OutcomeResult")
    KeyAccountsResult = deferred("ci_assess.core.models.outcome_report", "KeyAccountsResult")

    class _combined:  # type checkers see the module of this name
        """Only combined reports fill these: their 8 classes are made when one is."""

        AgreementRow = deferred("ci_assess.core.models.combined", "AgreementRow")
        AssessedRange = deferred("ci_assess.core.models.combined", "AssessedRange")
        Attributed = deferred("ci_assess.core.models.combined", "Attributed")
        FollowUp = deferred("ci_assess.core.models.combined", "FollowUp")
        GivenLevel = deferred("ci_assess.core.models.combined", "GivenLevel")
        GroupAgreement = deferred("ci_assess.core.models.combined", "GroupAgreement")
        PerceptionGap = deferred("ci_assess.core.models.combined", "PerceptionGap")
        RespondentEntry = deferred("ci_assess.core.models.combined", "RespondentEntry")


SCHEMA_VERSION = "2.2"
"""The JSON report's schema version, "MAJOR.MINOR" (see the CHANGELOG for each bump)."""

Pattern = Literal[
    "focused_leader",
    "leader_below_parity",
    "dual_strength",
    "stuck_in_the_middle",
    "unfocused",
    "below_parity",
    "insufficient_data",
]
Status = Literal["answered", "not_applicable", "not_applicable_by_rule", "unanswered"]
Verdict = Literal[
    "operating_model",
    "in_transition",
    "engagement_without_intimacy",
    "neither",
    "insufficient_data",
    "not_assessed",
]
ReasonCode = Literal["prerequisite", "phase", "gap"]
FollowUpReason = Literal["disagree", "high_deviation", "applicability_disputed"]

# A level on the scale: a whole number for one respondent's answer; a mean of several
# respondents' answers can lie between two levels (shown to two decimals).
LevelValue = int | float


class ReportModel(FrozenModel):
    """A part of the report: frozen, and every key written even when it has a default."""

    # The published schema is the serialised form: a default does not make a key optional.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class QuestionnaireRef(ReportModel):
    """Which questionnaire the answers were scored against."""

    id: str
    """The questionnaire's id, e.g. 'customer-intimacy'."""
    version: str
    """The questionnaire's version, e.g. '1.0.0'."""
    title: str
    """The questionnaire's title."""


class Overall(ReportModel):
    """Overall operating-model maturity (axis a)."""

    score: float | None
    """Overall maturity, 0-100 with one decimal, over the applicable questions of the maturity axis:
    format 2 the five process groups plus key_accounts and tailoring; format 1 the five process
    groups. Null when nothing was answered."""
    level: str | None
    """Name of the maturity level the score falls in; null when there is no score."""
    level_description: str = ""
    """What that maturity level means; empty when there is no score."""
    answered: int = 0
    """How many of the maturity axis's questions have a level."""
    applicable: int = 0
    """How many of them count: the axis's questions less those marked not applicable or not
    applicable by rule (the 'total' the report shows beside the score)."""
    provisional: bool = False
    """True when there is a score but it rests on fewer than half of its applicable questions (0 <
    answered < applicable / 2): the report marks it provisional. Gates still apply."""


class Contribution(ReportModel):
    """How one answered question adds to a score: points = weight x (level - min) / span."""

    question: str
    """The question's id."""
    weight: int
    """The question's weight (1-5): the most points it can earn."""
    level: LevelValue
    """The level answered (a whole number; a mean of several respondents may have two decimals)."""
    points: float
    """Points earned, out of `weight`: weight x (level - lowest level) / (highest - lowest level),
    four decimals."""


class GroupResult(ReportModel):
    """A group's score against its target, with the answers behind it."""

    id: str
    """The group's id, e.g. 'direction'."""
    title: str
    """The group's title."""
    kind: str
    """'process' for the five process groups, otherwise as the questionnaire declares: 'maturity',
    'position' or 'readiness' (format 2), 'discipline' or 'readiness' (format 1)."""
    score: float | None
    """0-100 with one decimal; null when no question of the group was answered."""
    target: float | None
    """Target score (0-100) from the intent's profile (format 2: undecided when no discipline is
    named) or the answers file; null when the group has none or does not apply to the intent."""
    gap: float | None
    """How far the score is below the target: max(0, target - score); null when either is
    missing."""
    answered: int
    """How many of the group's questions have a level."""
    total: int
    """How many questions the group has."""
    contributions: tuple[Contribution, ...]
    """Each answered question's part of the score, in questionnaire order."""
    applicable: int = 0
    """How many of those questions count: total less those marked not applicable or not applicable
    by rule (the 'total' the report shows beside the score)."""
    provisional: bool = False
    """True when there is a score but it rests on fewer than half of its applicable questions (0 <
    answered < applicable / 2): the report marks it provisional. Gates still apply."""


class DisciplineResult(ReportModel):
    """A value discipline's measured strength."""

    id: str
    """The discipline's id: operational_excellence, customer_intimacy or product_leadership."""
    title: str
    """The discipline's title."""
    score: float | None
    """0-100 with one decimal. Format 2: the score of the discipline's position block (six questions
    relative to competitors). Format 1: over every question that evidences the discipline
    (indicative: the blocks are not equal). Null when none was answered."""
    answered: int
    """How many of those questions have a level."""
    total: int
    """How many questions evidence the discipline."""
    applicable: int = 0
    """How many of those questions count: total less those marked not applicable or not applicable
    by rule (the 'total' the report shows beside the score)."""
    provisional: bool = False
    """True when there is a score but it rests on fewer than half of its applicable questions (0 <
    answered < applicable / 2): the report marks it provisional. Gates still apply."""


class Placement(ReportModel):
    """Position on the value-discipline map (axis b)."""

    lead: str | None
    """Id of the leading discipline for the two leader patterns; null otherwise."""
    intended: str | None
    """The intent: a discipline id, or 'undecided' (format 2, also when the answers file names
    none); format 1: null when the answers file names none."""
    pattern: Pattern
    """Where the company stands, decided in this order: insufficient_data (a discipline has no
    answer), below_parity, unfocused, dual_strength, focused_leader, leader_below_parity, otherwise
    stuck_in_the_middle."""
    strengths: tuple[str, ...]
    """Every discipline at or above leadership, highest score first."""
    under_parity: tuple[str, ...]
    """Every discipline under parity, in questionnaire order."""
    matches_intent: bool | None
    """dual_strength: whether the intended discipline is among the strengths; otherwise whether the
    lead is the intended discipline. Null without an intent (or undecided) and for
    insufficient_data."""
    borderline: tuple[str, ...]
    """Disciplines for which moving one answered question of theirs by one level, up or down,
    changes the pattern or the lead (re-placed on rounded scores)."""
    borderline_questions: tuple[str, ...]
    """The question ids whose one-level move does so, in questionnaire order."""
    indicative: bool
    """True for a format-1 questionnaire: its discipline blocks are not equal, so the placement is
    indicative only."""


class Initiative(ReportModel):
    """One initiative of the engagement inventory."""

    id: str
    """The initiative's id in the questionnaire's catalogue."""
    title: str
    """The initiative's title."""
    runs: bool | None
    """Whether it runs; null when not answered."""
    changed: tuple[str, ...]
    """Which of structure, metrics, rewards and hiring it changed."""
    runs_share: float | None = None
    """Combined reports: the share (0-1, four decimals) of the respondents who answered this
    initiative that say it runs (it runs at a half or more); null for one answers file or when
    nobody answered it."""


class Engagement(ReportModel):
    """Engagement is not intimacy: the inventory against the operating model."""

    index: float | None
    """100 x initiatives run / initiatives in the catalogue, one decimal; null when the inventory is
    empty or not assessed."""
    verdict: Verdict
    """operating_model (operating-model score at or above leadership), in_transition (between parity
    and leadership), engagement_without_intimacy (index at or above the engagement threshold, score
    under parity), neither, insufficient_data (empty inventory or no tagged question answered), or
    not_assessed (a format-1 questionnaire has no inventory)."""
    score: float | None
    """Operating-model score: maturity over the questions tagged operating_model (structure,
    metrics, rewards, hiring); null when none is answered."""
    initiatives: tuple[Initiative, ...]
    """Every catalogue initiative, in catalogue order."""


class Reason(ReportModel):
    """Why a priority sits where it does."""

    code: ReasonCode
    """prerequisite (held back by, or ahead of, prerequisites), phase (an earlier roadmap phase than
    larger gaps) or gap (its gap x weight)."""
    questions: tuple[str, ...]
    """The question ids the reason names."""
    text: str
    """The reason in words."""


class RoadmapAction(ReportModel):
    """An action of the roadmap: listed when one of its questions is a priority."""

    id: str
    """The action's id (format 1: the priority's question id)."""
    title: str
    """What to do."""
    questions: tuple[str, ...]
    """Its questions that are priorities."""


class CriterionResult(ReportModel):
    """An Implement go/no-go criterion."""

    id: str
    """The criterion's id."""
    text: str
    """What must be true to roll out."""
    met: bool
    """Whether the answers meet it now."""


class RoadmapSection(ReportModel):
    """One section of the roadmap."""

    phase: str
    """understand, test, learn or implement; 'parity' for the one section of an
    operational-excellence or product-leadership intent."""
    title: str
    """The section's heading."""
    actions: tuple[RoadmapAction, ...]
    """Its actions, in library order."""
    criteria: tuple[CriterionResult, ...]
    """The go/no-go criteria (Implement of a transformation only; else empty)."""


class BiggestRisk(ReportModel):
    """The one risk the executive summary names."""

    source: Literal["red_flag", "pattern"]
    """red_flag: the highest-severity raised flag; pattern: leader_below_parity or below_parity when
    no flag is raised."""
    id: str
    """The red flag's id or the pattern's id."""
    title: str
    """A short title."""
    message: str
    """What it means."""


class Priority(ReportModel):
    """A question below its target level, in the order to address it."""

    rank: int
    """1 first. Format 2: never before a prerequisite that is itself a priority, then by phase, gap
    x weight, weight and questionnaire order; one with an unanswered prerequisite comes after the
    others. Format 1: gap x weight, weight, questionnaire order."""
    question: str
    """The question's id."""
    text: str
    """The question as asked."""
    group: str
    """Id of the question's group."""
    phase: str
    """Roadmap phase the gap belongs to: understand, test, learn or implement."""
    level: LevelValue
    """The level answered (a mean of several respondents may have two decimals)."""
    target: int
    """The target level: the lowest level whose score reaches the group's target."""
    gap: LevelValue
    """How many levels the answer lies below: target - level."""
    weight: int
    """The question's weight (1-5)."""
    weighted_gap: LevelValue
    """gap x weight: what the ranking sorts by, largest first."""
    recommendation: str
    """The questionnaire's advice for closing the gap."""
    note: str | None = None
    """The answer's note; null when there is none."""
    evidence: str | None = None
    """The evidence recorded with the answer; null when there is none."""
    reason: Reason
    """Why it sits at this rank."""
    owner: str | None
    """The role that owns the gap; null in format 1."""
    horizon: str | None
    """When it can be closed: 0-3m, 3-12m or 12m+; null in format 1."""


class RedFlagResult(ReportModel):
    """A warning that was raised."""

    id: str
    """The red flag's id in the questionnaire."""
    title: str
    """The red flag's short title."""
    message: str
    """What the warning means for the client."""
    severity: int
    """1 to 3, 3 the most severe (format 1: 2 unless given)."""


class ScaleEntry(ReportModel):
    """A level of the answer scale."""

    level: int
    """The level's number."""
    name: str
    """The level's name, e.g. 'Absent' or 'Leading'."""


class AnswerRow(ReportModel):
    """One question and its answer, for the appendix."""

    question: str
    """The question's id."""
    group: str
    """Id of the question's group."""
    text: str
    """The question as asked."""
    weight: int
    """The question's weight (1-5)."""
    disciplines: tuple[str, ...]
    """Ids of the value disciplines the question evidences."""
    status: Status
    """answered, not_applicable (marked N/A), not_applicable_by_rule (the question does not apply to
    the intent; an answer given is kept) or unanswered."""
    level: LevelValue | None = None
    """The level answered (a mean of several respondents may have two decimals); null unless
    answered."""
    level_name: str | None = None
    """The name of that level; null unless answered with a whole level."""
    level_description: str | None = None
    """What that level means for this question; null unless answered with a whole level."""
    target: int | None = None
    """The target level for the question's group; null when it has none or the question does not
    apply."""
    na: str | None = None
    """Why the question does not apply: the reason given, or the rule; null unless not_applicable or
    not_applicable_by_rule."""
    note: str | None = None
    """The answer's note; null when there is none."""
    evidence: str | None = None
    """The evidence recorded with the answer; null when there is none."""
    levels: tuple[_combined.GivenLevel, ...] | None = None
    """Combined reports: what each respondent answered, in respondent order (under --anonymous one
    entry per distinct answer with its count, unattributed); null for one answers file."""
    notes: tuple[_combined.Attributed, ...] | None = None
    """Combined reports: every respondent's note on the question, in respondent order (under
    --anonymous unattributed, sorted by text); null for one answers file."""
    evidence_items: tuple[_combined.Attributed, ...] | None = None
    """Combined reports: every respondent's evidence, as `notes`; null for one answers file."""


class Method(ReportModel):
    """The rules the numbers came from, for the report's method appendix."""

    scale: tuple[ScaleEntry, ...]
    """The answer scale, lowest level first."""
    leadership: float
    """Score (0-100) at or above which a discipline counts as leading."""
    parity: float
    """Score (0-100) below which a discipline is under parity."""
    lead_margin: float
    """How many points a leader must be ahead of the next discipline."""
    engagement: float
    """Engagement index at or above which many engagement initiatives run."""
    format: int
    """The questionnaire's format: 1 or 2."""
    target_source: str
    """Which discipline's target profile was used, and whether the answers file overrode it per
    group."""


class GateResult(ReportModel):
    """One `--fail-under` check."""

    subject: str
    """What was checked: 'overall', a group id or a discipline id."""
    threshold: float
    """The score it had to reach (0-100)."""
    score: float | None
    """The score as the report shows it; null when it could not be computed."""
    passed: bool
    """True when the score reached the threshold; a missing score fails."""


class Report(ReportModel):
    """The gap report for one assessment."""

    schema_version: str = Field(SCHEMA_VERSION, pattern=r"^[0-9]+\.[0-9]+$")
    """Version of this report format, 'MAJOR.MINOR': the minor number grows when keys are added, the
    major number when a key changes meaning or type."""
    company: str
    """The assessed company, from the answers file."""
    assessed_on: dt.date | None
    """Date of the interview (YYYY-MM-DD); null when not given."""
    assessor: str | None
    """Who ran the assessment; null when not given."""
    respondent: str | None
    """The respondent's name and role as one string, e.g. 'Dana Whitfield, Head of Sales'; null when
    not given."""
    questionnaire: QuestionnaireRef
    """The questionnaire the answers were scored against."""
    completeness: float = Field(ge=0, le=1)
    """Share of questions answered, marked not applicable or not applicable by rule, 0-1, four
    decimals."""
    answered: int
    """How many applicable questions have a level."""
    not_applicable: int
    """How many questions were marked not applicable or do not apply by rule."""
    unanswered: tuple[str, ...]
    """Ids of the questions with no answer, in questionnaire order."""
    overall: Overall
    """The operating-model maturity score and its band (axis a)."""
    process_groups: tuple[GroupResult, ...]
    """The five process groups, in their fixed order."""
    other_groups: tuple[GroupResult, ...]
    """The questionnaire's other groups (format 2: key_accounts, tailoring, the position blocks,
    readiness; format 1: intimacy, the disciplines, readiness), in questionnaire order."""
    disciplines: tuple[DisciplineResult, ...]
    """The three value disciplines' scores, in questionnaire order."""
    placement: Placement
    """The company's place on the value-discipline map."""
    engagement: Engagement
    """The engagement verdict and its inventory."""
    priorities: tuple[Priority, ...]
    """Every answered, applicable question below its target level that the intent makes a priority,
    in the order to address them."""
    roadmap: tuple[RoadmapSection, ...]
    """Format 2: the action library's actions for the priorities, by phase (one parity section for
    an operational-excellence or product-leadership intent). Format 1: the priorities listed by
    phase."""
    red_flags: tuple[RedFlagResult, ...]
    """The warnings raised, in questionnaire order."""
    biggest_risk: BiggestRisk | None
    """The highest-severity raised flag (ties by questionnaire order), else a leader_below_parity or
    below_parity pattern; null when there is neither."""
    answers: tuple[AnswerRow, ...]
    """Every question with its answer, in questionnaire order (the appendix)."""
    method: Method
    """The scale, thresholds and target profile used."""
    gates: tuple[GateResult, ...] | None = None
    """Outcome of each --fail-under check, in the order given; null when none was asked for."""
    draft: bool = False
    """True when completeness is below the --draft-below fraction (default 1.0: any unanswered
    question); the HTML and Markdown reports then say 'Draft' in their title and on every printed
    page."""
    assessed_range: _combined.AssessedRange | None = None
    """Combined reports: the earliest and latest interview dates; null for one answers file or when
    no file gives a date."""
    respondents: tuple[_combined.RespondentEntry, ...] | None = None
    """Combined reports: every respondent, sorted by role, then by the content hash of their
    answers; null for one answers file."""
    agreement: tuple[_combined.AgreementRow, ...] | None = None
    """Combined reports: each applicable question with a level from two or more respondents, in
    questionnaire order; null for one answers file."""
    group_agreement: tuple[_combined.GroupAgreement, ...] | None = None
    """Combined reports: the mean AD of every group, in questionnaire order; null for one answers
    file."""
    perception_gaps: tuple[_combined.PerceptionGap, ...] | None = None
    """Combined reports: the five process groups as each role sees them; null for one answers
    file."""
    follow_up: tuple[_combined.FollowUp, ...] | None = None
    """Combined reports: the questions to take back to the respondents: those in disagreement (by
    AD, weight, questionnaire order; at most 10), made up to three with the highest-AD others, then
    those whose applicability is disputed; null for one answers file."""
    senior_role: str | None = None
    """Combined reports: the senior role the blind spots compare with everyone else (from the
    questionnaire's senior_roles or --senior-role); null when none of the respondents holds one."""
    perception_note: str | None = None
    """Combined reports: why per-role scores or blind spots are withheld or not computed; null when
    they all are."""
    anonymous: bool | None = None
    """Combined reports: true under --anonymous (no names, small roles pooled); null for one answers
    file."""
    outcomes: tuple[OutcomeResult, ...] = ()
    """The outcome indicators recorded in the answers file, catalogue order first, then the custom
    ones; empty when none. They never change a score."""
    key_accounts: KeyAccountsResult | None = None
    """Key accounts, the value journey and revenue concentration; null without key_accounts in the
    answers file. They never change a score."""
    currency: str | None = None
    """ISO 4217 code of every money value (the answers file's); null."""
    progress: Progress | None = None
    """This assessment against a baseline (report --baseline); null when none was asked for."""
    benchmark: Benchmark | None = None
    """Percentile ranks among other companies' stored assessments (report --benchmark); null when
    none was asked for."""
    language: str = "en"
    """The language of the report's human-readable fields (BCP 47: en, fr, fr-CH). Ids, numbers,
    booleans and dates are the same in every language, so reports in different languages compare key
    by key."""
    language_note: str | None = None
    """Combined reports: why the report is in English when the respondents' files ask for different
    languages and --lang chose none; null otherwise."""


_DEFERRED_NAMES = frozenset(
    {
        "AgreementRow",
        "AssessedRange",
        "Attributed",
        "FollowUp",
        "GivenLevel",
        "GroupAgreement",
        "PerceptionGap",
        "RespondentEntry",
    }
)


def __getattr__(name: str) -> Any:
    """The combined reports' classes, from ``core.models.combined`` on first use (PEP 562)."""
    if name in _DEFERRED_NAMES:
        from ci_assess.core.models import combined

        return getattr(combined, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
