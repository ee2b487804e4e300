"""The questionnaire: scale, groups, disciplines, questions, targets and red flags.

Everything a consultant may want to tune (the scale, the thresholds, the target
profiles, the red-flag rules, the roadmap's actions and criteria) is data here,
never a constant in code.

Two formats share one model. Format 1 (no ``format`` key: the bundled 1.0.0 and
consultants' own files) has discipline groups and questions tagged with the
disciplines they evidence. Format 2 (``format: 2``, method v2) has two axes kept apart
(maturity groups; three equal ``position`` blocks), readiness apart, intent-dependent
applicability, sequencing metadata on every question, an engagement inventory, a
roadmap action library and go/no-go criteria. The cross-field rules of each format
are checked below, every problem with the key path of the offending key.
"""

from enum import StrEnum
from functools import cached_property
from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, Field, StrictInt, model_validator

from ci_assess.core.models.base import StrictModel, empty_list
from ci_assess.core.models.catalogue import KeyAccountElement, KeyAccountRules, Kpi, Tier
from ci_assess.core.models.catalogue_rules import catalogue_problems
from ci_assess.core.models.text import ID, Text
from ci_assess.core.rounding import one_decimal

Identifier = Annotated[str, ID, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case id")]
QuestionId = Annotated[
    str, ID, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", description="'<group>.<name>'")
]
# One decimal at most: what every report shows is then exactly what was written.
Score = Annotated[
    float,
    Field(ge=0, le=100, description="A score from 0 to 100, with at most one decimal."),
    AfterValidator(one_decimal),
]

UNDECIDED: Literal["undecided"] = "undecided"
Phase = Literal["understand", "test", "learn", "implement"]
PHASES: tuple[Phase, ...] = ("understand", "test", "learn", "implement")
Horizon = Literal["0-3m", "3-12m", "12m+"]
OperatingModelTag = Literal["structure", "metrics", "rewards", "hiring"]
ThresholdName = Literal["parity", "leadership", "engagement"]
EngagementVerdict = Literal[
    "operating_model",
    "in_transition",
    "engagement_without_intimacy",
    "neither",
    "insufficient_data",
]
PatternId = Literal[
    "focused_leader",
    "leader_below_parity",
    "dual_strength",
    "stuck_in_the_middle",
    "unfocused",
    "below_parity",
    "insufficient_data",
]
POSITION_BLOCK_SIZE = 6
MATURITY_KINDS = ("process", "maturity")

PROCESS_GROUP_IDS = (
    "direction",
    "operational",
    "evaluation",
    "support",
    "organizational_behaviour",
)


class DisciplineId(StrEnum):
    """The three value disciplines of Treacy & Wiersema."""

    operational_excellence = "operational_excellence"
    customer_intimacy = "customer_intimacy"
    product_leadership = "product_leadership"


Intent = DisciplineId | Literal["undecided"]
"""What the client means to lead in: a discipline, or ``undecided``."""


class ScaleLevel(StrictModel):
    """One named level of the answer scale."""

    overlay_key: ClassVar[str] = "level"  # what keys it in a language overlay
    level: StrictInt
    """Integer value a respondent answers with."""
    name: Text = Field(min_length=1)
    """Short name shown beside the level."""


class Thresholds(StrictModel):
    """Placement thresholds on the value-discipline map (scores 0-100)."""

    leadership: Score = 70
    """A discipline at or above this leads the market."""
    parity: Score = 50
    """Below this a discipline is under industry parity."""
    lead_margin: Score = 10
    """How far the leader must be ahead of the next discipline."""
    engagement: Score = 40
    """Engagement index (0-100) at or above which many engagement initiatives run (format 2: the
    'engagement without intimacy' verdict)."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.parity > self.leadership:
            raise ValueError("parity must not be above leadership")
        return self


class MaturityLevel(StrictModel):
    """A named band of the overall maturity score."""

    overlay_key: ClassVar[str] = "min_score"  # what keys it in a language overlay
    min_score: Score
    """Lowest overall score in this band."""
    name: Text = Field(min_length=1)
    description: Text = ""
    """What a company in this band looks like."""


class AppliesWhen(StrictModel):
    """When a group or question applies, by the client's intent only (never by levels)."""

    intended: list[DisciplineId] = Field(default_factory=empty_list)
    """Applies when the intended discipline is one of these."""
    undecided: bool = False
    """Applies when the client is undecided."""

    def holds(self, intent: Intent) -> bool:
        """True when a client with ``intent`` is asked this."""
        return self.undecided if intent == UNDECIDED else intent in self.intended


class Group(StrictModel):
    """A section of the questionnaire."""

    id: Identifier
    kind: Literal["process", "maturity", "position", "readiness", "discipline"]
    """process: one of the five process groups (maturity axis); maturity (format 2): another group
    of the maturity axis; position (format 2): a discipline's block on the value-discipline map;
    readiness: transformation readiness, in neither axis; discipline (format 1): evidences a value
    discipline."""
    discipline: DisciplineId | None = None
    """Format 2, kind position only: the discipline this block places."""
    title: Text = Field(min_length=1)
    description: Text = ""
    phase: Phase = "test"
    """Format 1: roadmap phase in which this group's gaps are addressed (format 2 puts a phase on
    every question)."""
    applies_when: AppliesWhen | None = None
    """Format 2: the intents the group applies to; its questions inherit it."""


class Discipline(StrictModel):
    """A value discipline the company can lead in."""

    id: DisciplineId
    title: Text = Field(min_length=1)
    description: Text = ""
    aliases: list[Identifier] = Field(default_factory=empty_list)
    """Other names an answers file may use for it in target_discipline (e.g. oe)."""


class Question(StrictModel):
    """One assessed activity with a behaviourally anchored description per level."""

    id: QuestionId
    group: Identifier
    """Id of the group; must equal the id's prefix."""
    disciplines: list[DisciplineId] = Field(default_factory=empty_list)
    """Format 1 (required there): value disciplines this question evidences. Format 2 takes a
    position question's discipline from its block."""
    weight: StrictInt = Field(ge=1, le=5)
    """Relative importance, 1 to 5."""
    text: Text = Field(min_length=1)
    """The question put to the respondent."""
    help: Text = ""
    """What to look for when choosing a level."""
    levels: dict[int, Text]
    """What each scale level looks like in a real company, keyed by level."""
    recommendation: Text = Field(min_length=1)
    """How to move up a level."""
    phase: Phase | None = None
    """Format 2 (required): the roadmap phase in which the gap is closed."""
    prerequisites: list[QuestionId] = Field(default_factory=empty_list)
    """Format 2: questions whose gap must be closed first (acyclic, known ids)."""
    owner: Text | None = Field(None, min_length=1)
    """Format 2 (required): the role that owns the gap."""
    horizon: Horizon | None = None
    """Format 2 (required): when the gap can be closed: 0-3m, 3-12m, 12m+."""
    operating_model: OperatingModelTag | None = None
    """Format 2: the question evidences the operating model (structure, metrics, rewards or hiring);
    it counts in the operating-model score."""
    applies_when: AppliesWhen | None = None
    """Format 2: the intents it applies to (overrides its group's)."""
    gate: bool = False
    """Format 2: a question that only says whether something exists (e.g. readiness.programme, which
    red flags with requires_programme read). It is scored but never a priority by itself: its gap is
    closed by the questions it gates."""


FORMAT_2_QUESTION_KEYS = ("phase", "prerequisites", "owner", "horizon", "operating_model", "gate")
REQUIRED_FORMAT_2_KEYS = ("phase", "owner", "horizon")

Limit = float | ThresholdName
_NUMERIC_SUBJECTS = ("question", "group", "position", "engagement_index", "operating_model_score")
_CATEGORIES = ("verdict", "intent", "pattern")


class Condition(StrictModel):
    """One subject and one test; or ``any_of``, a list of conditions of which one must hold.

    Numeric subjects: ``question`` (its level), ``group`` (its score), ``position`` (a
    discipline's block score), ``engagement_index: true``, ``operating_model_score:
    true``; tested with ``below`` or ``at_least``, a number or a threshold name (not for
    a question's level). Categorical subjects hold when the value is in the list:
    ``verdict`` (engagement verdict), ``intent``, ``pattern``. Something unanswered or
    unscored never holds.
    """

    question: QuestionId | None = None
    group: Identifier | None = None
    position: DisciplineId | None = None
    engagement_index: Literal[True] | None = None
    operating_model_score: Literal[True] | None = None
    verdict: list[EngagementVerdict] | None = None
    intent: list[Intent] | None = None
    pattern: list[PatternId] | None = None
    any_of: list["Condition"] | None = Field(None, min_length=2)
    """Holds when at least one of these holds."""
    below: Limit | None = None
    """Holds when the value is below this."""
    at_least: Limit | None = None
    """Holds when the value is at least this."""

    @property
    def subject(self) -> str:
        """The key naming what the condition tests (validated to be exactly one)."""
        return next(k for k in (*_NUMERIC_SUBJECTS, *_CATEGORIES, "any_of") if getattr(self, k))

    @model_validator(mode="after")
    def _one_subject_one_test(self) -> Self:
        subjects = [k for k in (*_NUMERIC_SUBJECTS, *_CATEGORIES, "any_of") if getattr(self, k)]
        if len(subjects) != 1:
            raise ValueError(
                "give exactly one subject: question, group, position, engagement_index, "
                "operating_model_score, verdict, intent, pattern or any_of"
            )
        tests = [t for t in (self.below, self.at_least) if t is not None]
        if subjects[0] in _NUMERIC_SUBJECTS:
            if len(tests) != 1:
                raise ValueError("give exactly one of 'below' or 'at_least'")
            if subjects[0] == "question" and isinstance(tests[0], str):
                raise ValueError("a question's level is tested against a number, not a threshold")
        elif tests:
            raise ValueError(f"'{subjects[0]}' takes no 'below' or 'at_least'")
        return self

    def leaves(self) -> list["Condition"]:
        """This condition and, for ``any_of``, every condition inside it."""
        return [self, *(leaf for c in self.any_of or [] for leaf in c.leaves())]


class RedFlag(StrictModel):
    """A named warning raised when all its conditions hold."""

    id: Identifier
    title: Text = Field(min_length=1)
    message: Text = Field(min_length=1)
    severity: int = Field(2, ge=1, le=3)
    """1 to 3 (3 = most severe); the biggest risk is the highest."""
    requires_programme: bool = False
    """Format 2: raised only when readiness.programme is answered at level 1 or more (the flag
    assumes a programme exists)."""
    when: list[Condition] = Field(min_length=1)
    """All must hold to raise the flag."""


class EngagementInitiative(StrictModel):
    """A customer-facing initiative the sources call engagement, not intimacy."""

    id: Identifier
    title: Text = Field(min_length=1)
    help: Text = ""
    """When the initiative counts as running."""


class Action(StrictModel):
    """A roadmap action: listed when one of its questions is a priority."""

    id: Identifier
    phase: Phase
    title: Text = Field(min_length=1)
    """What to do, in the imperative."""
    questions: list[QuestionId] = Field(min_length=1)
    transformation: bool = False
    """A customer-intimacy transformation step (pilot, change leader, go/no-go): left out for an
    operational-excellence or product-leadership intent."""


class Criterion(StrictModel):
    """An Implement go/no-go criterion, met when all its conditions hold."""

    id: Identifier
    text: Text = Field(min_length=1)
    when: list[Condition] = Field(min_length=1)
    """All must hold."""


class Questionnaire(StrictModel):
    """A whole questionnaire, as read from YAML."""

    format: Literal[1, 2] = 1
    """Questionnaire format: 1 (absent) or 2 (method v2, two axes)."""
    id: Annotated[str, ID] = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Stable questionnaire id."""
    version: Annotated[str, ID] = Field(min_length=1)
    title: Text = Field(min_length=1)
    description: Text = ""
    scale: list[ScaleLevel] = Field(min_length=2)
    """Ascending, contiguous levels."""
    thresholds: Thresholds = Field(default_factory=Thresholds)
    maturity_levels: list[MaturityLevel] = Field(min_length=1)
    targets: dict[Intent, dict[Identifier, Score]]
    """Target profile per intent (a discipline, or undecided in format 2): group id -> target
    score."""
    groups: list[Group] = Field(min_length=1)
    disciplines: list[Discipline] = Field(min_length=3, max_length=3)
    engagement_initiatives: list[EngagementInitiative] = Field(default_factory=empty_list)
    """Format 2: the engagement inventory's catalogue."""
    questions: list[Question] = Field(min_length=1)
    actions: list[Action] = Field(default_factory=empty_list)
    """Format 2: the roadmap action library, in order."""
    criteria: list[Criterion] = Field(default_factory=empty_list)
    """Format 2: the Implement go/no-go criteria."""
    red_flags: list[RedFlag] = Field(default_factory=empty_list)
    senior_roles: list[Text] = Field(default_factory=empty_list)
    """Roles that count as the senior voice when respondents are combined (a blind spot is the
    senior role rating a group higher than everyone else), matched after trimming and case-folding,
    e.g. CEO, managing director."""
    outcomes: list[Kpi] = Field(default_factory=empty_list)
    """The outcome indicators (KPIs) an answers file may record, in report order."""
    key_account_elements: list[KeyAccountElement] = Field(default_factory=empty_list)
    """The seven elements of a key-account strategy, scored per key account."""
    value_journey: list[Tier] = Field(default_factory=empty_list)
    """The four tiers of the value journey, 4 (price) to 1."""
    key_account_rules: KeyAccountRules = Field(default_factory=KeyAccountRules)
    """Thresholds of the per-account flags."""

    @cached_property
    def question_map(self) -> dict[str, Question]:
        """Questions by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def group_map(self) -> dict[str, Group]:
        """Groups by id."""
        return {g.id: g for g in self.groups}

    @property
    def min_level(self) -> int:
        """Lowest level of the scale."""
        return self.scale[0].level

    @property
    def max_level(self) -> int:
        """Highest level of the scale."""
        return self.scale[-1].level

    def level_name(self, level: int) -> str:
        """Name of a scale level."""
        return self.scale[level - self.min_level].name

    def resolve_intent(self, name: str) -> Intent | None:
        """A discipline id or alias, or ``undecided``, as an intent; None when unknown."""
        if name == UNDECIDED and self.format == 2:
            return UNDECIDED
        for d in self.disciplines:
            if name == d.id.value or name in d.aliases:
                return d.id
        return None

    def disciplines_of(self, question: Question) -> tuple[str, ...]:
        """The disciplines a question scores: format 1 as tagged; format 2 a position
        question its block's, any other none (maturity and readiness place nothing)."""
        if self.format == 1:
            return tuple(d.value for d in question.disciplines)
        block = self.group_map[question.group].discipline
        return (block.value,) if block else ()

    def applies_when(self, question: Question) -> AppliesWhen | None:
        """The question's applicability rule, or its group's (None: always applies)."""
        return question.applies_when or self.group_map[question.group].applies_when

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = [
            *_scale_problems(self),
            *_group_problems(self),
            *_question_problems(self),
            *_reference_problems(self),
            *catalogue_problems(self),
        ]
        if self.format == 2:
            from ci_assess.core.models.questionnaire_v2 import format_2_problems

            problems.extend(format_2_problems(self))
        else:
            problems.extend(_format_1_problems(self))
        if problems:
            raise InconsistentQuestionnaire(problems)
        return self


Loc = tuple[str | int, ...]


class InconsistentQuestionnaire(ValueError):
    """Rules across fields, each problem with the key path it is about.

    pydantic keeps the exception in the error's context, so that loading can give
    every problem the line of its key rather than one line for the whole file.
    """

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


def _scale_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    levels = [s.level for s in q.scale]
    problems: list[tuple[Loc, str]] = []
    if levels != list(range(levels[0], levels[0] + len(levels))):
        problems.append(
            (("scale",), f"scale levels must be ascending and contiguous, got {levels}")
        )
    mins = [m.min_score for m in q.maturity_levels]
    if mins[0] != 0 or mins != sorted(set(mins)):
        problems.append(
            (("maturity_levels",), "maturity_levels must start at min_score 0 and ascend")
        )
    return problems


def _group_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    seen: set[str] = set()
    for n, g in enumerate(q.groups):
        if g.id in seen:
            problems.append((("groups", n, "id"), f"group {g.id!r} is declared twice"))
        seen.add(g.id)
        if (g.id in PROCESS_GROUP_IDS) != (g.kind == "process"):
            problems.append(
                (
                    ("groups", n, "kind"),
                    f"group {g.id!r}: only the five process groups have kind 'process'",
                )
            )
    missing = [p for p in PROCESS_GROUP_IDS if p not in seen]
    if missing:
        problems.append((("groups",), f"the five process groups are required; missing {missing}"))
    if sorted(d.id for d in q.disciplines) != sorted(DisciplineId):
        problems.append(
            (("disciplines",), f"disciplines must be exactly {[d.value for d in DisciplineId]}")
        )
    return problems


def _question_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    seen: set[str] = set()
    levels = {s.level for s in q.scale}
    for n, question in enumerate(q.questions):
        if question.id in seen:
            problems.append((("questions", n, "id"), f"question {question.id!r} is declared twice"))
        seen.add(question.id)
        prefix = question.id.split(".", 1)[0]
        if question.group not in q.group_map:
            problems.append(
                (
                    ("questions", n, "group"),
                    f"question {question.id!r}: unknown group {question.group!r}",
                )
            )
        elif prefix != question.group:
            problems.append(
                (
                    ("questions", n, "id"),
                    f"question {question.id!r}: id must start with its group {question.group!r}",
                )
            )
        if set(question.levels) != levels:
            problems.append(
                (
                    ("questions", n, "levels"),
                    f"question {question.id!r}: describe every level {sorted(levels)}, "
                    f"got {sorted(question.levels)}",
                )
            )
    return problems


def _reference_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for intent, profile in q.targets.items():
        for group_id in profile:
            if group_id not in q.group_map:
                problems.append(
                    (
                        ("targets", str(intent), group_id),
                        f"targets.{intent}: unknown group {group_id!r}",
                    )
                )
    for f, flag in enumerate(q.red_flags):
        for c, cond in enumerate(flag.when):
            problems.extend(
                condition_problems(q, cond, ("red_flags", f, "when", c), f"red flag {flag.id!r}")
            )
    return problems


def condition_problems(
    q: Questionnaire, cond: Condition, at: Loc, who: str
) -> list[tuple[Loc, str]]:
    """Unknown ids a condition (or any condition inside its ``any_of``) refers to."""
    problems: list[tuple[Loc, str]] = []
    if cond.question and cond.question not in q.question_map:
        problems.append(((*at, "question"), f"{who}: unknown question {cond.question!r}"))
    if cond.group and cond.group not in q.group_map:
        problems.append(((*at, "group"), f"{who}: unknown group {cond.group!r}"))
    for n, inner in enumerate(cond.any_of or []):
        problems.extend(condition_problems(q, inner, (*at, "any_of", n), who))
    return problems


_FORMAT_2_ONLY_CONDITIONS = (
    "position",
    "engagement_index",
    "operating_model_score",
    "verdict",
    "intent",
    "pattern",
)


def _format_1_problems(q: Questionnaire) -> list[tuple[Loc, str]]:
    """Keys that only format 2 understands: refused, with the key that needs ``format: 2``."""
    hint = "add 'format: 2' at the top of the file, or remove it"
    found: list[tuple[Loc, str]] = []
    for n, g in enumerate(q.groups):
        if g.kind in ("maturity", "position") or g.discipline or g.applies_when:
            found.append((("groups", n), f"group {g.id!r}: a format-2 group; {hint}"))
    for n, question in enumerate(q.questions):
        if not question.disciplines:
            found.append(
                (("questions", n), f"question {question.id!r}: name the disciplines it evidences")
            )
        keys = [
            k for k in (*FORMAT_2_QUESTION_KEYS, "applies_when") if k in question.model_fields_set
        ]
        if keys:
            found.append(
                (
                    ("questions", n, keys[0]),
                    f"question {question.id!r}: {keys[0]!r} is format 2; {hint}",
                )
            )
    for key in ("engagement_initiatives", "actions", "criteria"):
        if getattr(q, key):
            found.append(((key,), f"{key!r} is format 2; {hint}"))
    if "undecided" in q.targets:
        found.append((("targets", "undecided"), f"an 'undecided' profile is format 2; {hint}"))
    for f, flag in enumerate(q.red_flags):
        if flag.requires_programme:
            found.append(
                (
                    ("red_flags", f, "requires_programme"),
                    f"red flag {flag.id!r}: format 2 only; {hint}",
                )
            )
        for c, cond in enumerate(flag.when):
            if (
                any(
                    getattr(leaf, k)
                    for leaf in cond.leaves()
                    for k in (*_FORMAT_2_ONLY_CONDITIONS, "any_of")
                )
                or isinstance(cond.below, str)
                or isinstance(cond.at_least, str)
            ):
                found.append(
                    (
                        ("red_flags", f, "when", c),
                        f"red flag {flag.id!r}: a format-2 condition; {hint}",
                    )
                )
    return found
