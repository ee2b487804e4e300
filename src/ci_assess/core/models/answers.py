"""The answers file: one respondent's answers to one questionnaire.

The file is a contract (see the README): consultants write it by hand, the
interview writes it, and several respondents' files for one company can later
be combined, so each file names its company, questionnaire and respondent.
"""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import (
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    Tag,
    field_validator,
    model_validator,
)

from ci_assess.core.language import TAG_PATTERN
from ci_assess.core.models.base import StrictModel, empty_dict, empty_list
from ci_assess.core.models.catalogue import KpiId
from ci_assess.core.models.questionnaire import (
    UNDECIDED,
    DisciplineId,
    Identifier,
    Intent,
    OperatingModelTag,
    Score,
)

if TYPE_CHECKING:
    from ci_assess.core.models.key_accounts import KeyAccount
    from ci_assess.core.models.outcomes import Outcome
else:
    from ci_assess.core.models.deferred import deferred

    # Only a file with outcomes or key accounts has these: the answers' validator is
    # built without their classes' schemas (core/models/deferred.py).
    KeyAccount = deferred("ci_assess.core.models.key_accounts", "KeyAccount")
    Outcome = deferred("ci_assess.core.models.outcomes", "Outcome")

CompanySize = Literal["micro", "small", "mid", "large"]
"""A company's size by employees: under 10, 10-49, 50-249, 250 and more."""


class Respondent(StrictModel):
    """Who answered. A role is enough; a name is optional."""

    name: str | None = None
    """The respondent's name, if it may be recorded."""
    role: str | None = None
    """The respondent's role, e.g. 'Head of Sales'."""


class NotALevel(ValueError):
    """A bare value that is no level: ``yes`` (YAML's true), ``2.5``, ``"3"``.

    pydantic keeps the exception in the error's context, so that loading can show the
    value as the file wrote it (``yes``, not ``true``) and say how to fix it.
    """

    def __init__(self, value: bool | float | str) -> None:
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        if len(shown) > 80:  # a value may be a whole file's worth of text
            shown = shown[:80] + "…"
        super().__init__(
            f"{shown} is not a level: give a whole number on the scale, "
            "{level: N, note: ..., evidence: ...}, or {na: reason}"
        )
        self.value = value


class Answer(StrictModel):
    """One question's answer: a level, or not applicable with a reason."""

    level: StrictInt | None = None
    """The chosen level on the scale."""
    na: str | None = Field(None, min_length=1)
    """Not applicable, with the reason why."""
    note: str | None = None
    """What the respondent said."""
    evidence: str | None = None
    """Documents or facts seen that support it."""

    @model_validator(mode="before")
    @classmethod
    def _from_bare_level(cls, value: Any) -> Any:
        # `id: 3` is shorthand for `id: {level: 3}`. YAML reads `yes` as a bool (an int
        # in Python) and `2.5` as a float: both are refused with the accepted forms.
        if isinstance(value, bool | float | str):
            raise NotALevel(value)
        if isinstance(value, int):
            return {"level": value}
        return value

    @model_validator(mode="after")
    def _level_or_na(self) -> Self:
        if (self.level is None) == (self.na is None):
            raise ValueError("give either 'level' or 'na' (with the reason it does not apply)")
        return self

    @property
    def is_na(self) -> bool:
        """True when the question was marked not applicable."""
        return self.na is not None


class EngagementEntry(StrictModel):
    """One initiative of the engagement inventory: does it run, and what did it change?"""

    runs: StrictBool
    """True when the initiative runs at the company."""
    changed: list[OperatingModelTag] = Field(default_factory=empty_list)
    """Which of structure, metrics, rewards and hiring it changed (when it runs)."""

    @model_validator(mode="after")
    def _changed_only_when_run(self) -> Self:
        if self.changed and not self.runs:
            raise ValueError("an initiative that does not run changed nothing: remove 'changed'")
        return self


def _answer_forms(schema: dict[str, Any]) -> None:
    """Publish the shorthand forms an answers file may use: a bare level, or empty."""
    schema["additionalProperties"] = {
        "anyOf": [{"type": "integer"}, schema["additionalProperties"], {"type": "null"}]
    }


def _accounts_form(value: Any) -> str:
    """Which form ``key_accounts`` takes: a CSV file's path, or the list itself."""
    return "file" if isinstance(value, str) else "list"


# Tagged, so that a wrong account is reported once, not also as "not a string".
KeyAccountsGiven = Annotated[
    Annotated[tuple[KeyAccount, ...], Tag("list")] | Annotated[str, Tag("file")],
    Discriminator(_accounts_form),
]


class AnswersFile(StrictModel):
    """An answers file as read from YAML."""

    questionnaire: str = Field(min_length=1)
    """A bundled questionnaire id, or a path to a questionnaire file."""
    company: str = Field(min_length=1)
    """The assessed company."""
    assessed_on: dt.date | None = None
    """Date of the interview (YYYY-MM-DD)."""
    assessor: str | None = None
    """Who ran the assessment."""
    respondent: Respondent | None = None
    """Who answered."""
    questionnaire_version: str | None = Field(None, pattern=r"^[0-9]+(\.[0-9]+\.[0-9]+)?$")
    """The questionnaire version the answers were given against: '2.0.0', or a major version such as
    '2' (its newest bundled release). Absent: 1.0.0, since every answers file written before version
    2 lacks it."""
    target_discipline: Identifier | None = None
    """The value discipline the client means to lead in: a discipline id or one of its aliases (e.g.
    oe), or 'undecided' (format 2; absent means undecided)."""
    engagement: dict[Identifier, EngagementEntry] = Field(default_factory=empty_dict)
    """Format 2: the engagement inventory, initiative id -> {runs, changed}."""
    targets: dict[Identifier, Score] = Field(default_factory=empty_dict)
    """Per-group target score overrides (0-100), replacing the profile's."""
    answers: dict[str, Answer] = Field(default_factory=empty_dict, json_schema_extra=_answer_forms)
    """Question id -> level, or {level, note, evidence}, or {na}."""
    industry: str | None = Field(None, min_length=1)
    """The company's industry, free text (e.g. 'distribution'); benchmarks compare it trimmed and
    case-folded."""
    size: CompanySize | None = None
    """The company's size by employees: micro (under 10), small (10-49), mid (50-249) or large (250
    and more)."""

    outcomes: dict[KpiId, Outcome] = Field(default_factory=empty_dict)
    """Outcome indicators: KPI id (catalogue, or custom.<name>) -> {baseline, today, target}; a
    custom KPI also gives title, unit and better."""
    key_accounts: KeyAccountsGiven | None = None
    """The key accounts: a list of {name, revenue, tier, elements, sponsor, reviewed_on}, or the
    path of a CSV file holding them (relative to this file)."""
    customers: str | None = Field(None, min_length=1)
    """Path of a CSV file with every customer's revenue (header customer,revenue), relative to this
    file: the concentration view."""
    total_revenue: float | None = Field(None, gt=0, strict=True)
    """The company's total revenue this year, when no customers file is given."""
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    """ISO 4217 code (e.g. EUR) of every money value in this file."""
    language: str | None = Field(None, pattern=TAG_PATTERN)
    """The language of the report and the interview: a BCP 47 tag such as fr or fr-CH (falls back
    fr-CH -> fr -> en). Absent: English. --lang overrides it."""

    @field_validator("answers", mode="before")
    @classmethod
    def _drop_empty(cls, value: Any) -> Any:
        # A blank template leaves `answers:` and each `question.id:` holding null:
        # those questions are unanswered, not errors.
        if value is None:
            return {}
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if v is not None}
        return value

    @field_validator("outcomes", mode="before")
    @classmethod
    def _no_outcomes(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("engagement", mode="before")
    @classmethod
    def _no_inventory(cls, value: Any) -> Any:
        return {} if value is None else value

    def intent(self) -> Intent | None:
        """The target as an intent, once loading has resolved aliases (None: not given)."""
        if self.target_discipline is None:
            return None
        if self.target_discipline == UNDECIDED:
            return UNDECIDED
        return DisciplineId(self.target_discipline)
