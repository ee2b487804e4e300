"""What the scoring engine scores: each question's level or N/A, and whom it is about.

One answers file is one respondent, but the engine does not assume it: a level is an
exact ``Fraction``, so a mean of several respondents' levels (2 and 3 give 5/2) is
scored exactly, and no order of adding up answers can change a result. An answers
file becomes a ``ScoringInput`` through ``from_answers``; combined respondents and
stored assessments build one the same way and call the same engine
(``ci_assess.core.scoring.score_input``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ci_assess.core.models.answers import Answer, AnswersFile
from ci_assess.core.models.questionnaire import Intent, OperatingModelTag
from ci_assess.records import Record, set_field

_init = set_field  # sets a field of an immutable record, in its __init__


class NotApplicable(Record):
    """A question that does not apply to the company, with the reason given."""

    __slots__ = ("reason",)
    _fields = ("reason",)
    reason: str

    def __init__(self, reason: str) -> None:
        _init(self, "reason", reason)


Level = int | Fraction | NotApplicable
"""A question's scoring value: a level on the scale, exact (an int while it is whole, a
Fraction such as a mean of several respondents' levels), or not applicable."""


def _exact(qid: str, value: object) -> Level:
    """A level kept exact; a float (inexact) or a bool is a programming error.

    A whole Fraction becomes its int: both are exact, and integer arithmetic is what
    keeps scoring one answers file fast."""
    if type(value) is int:  # the common case first: isinstance of Fraction (an ABC) is slow
        return value
    if isinstance(value, NotApplicable):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(
        f"{qid}: a level is an int, a Fraction or NotApplicable, not {type(value).__name__}"
    )


class Levels(Mapping[str, Level]):
    """Question id -> its level or N/A; an unanswered question is absent. Immutable."""

    __slots__ = ("_items",)
    _items: Mapping[str, Level]

    def __init__(self, items: Mapping[str, int | Level] | None = None) -> None:
        frozen = MappingProxyType({qid: _exact(qid, v) for qid, v in (items or {}).items()})
        object.__setattr__(self, "_items", frozen)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Levels is immutable: cannot set {name!r}")

    def __getitem__(self, qid: str) -> Level:
        return self._items[qid]

    @property
    def mapping(self) -> Mapping[str, Level]:
        """The levels as a read-only mapping whose lookups run in C (no Python call each)."""
        return self._items

    # The proxy's own lookups, not Mapping's Python ones (a try/except around
    # __getitem__): scoring asks these a few hundred times per answers file.
    def get(self, qid: str, default: Any = None) -> Any:
        return self._items.get(qid, default)

    def __contains__(self, qid: object) -> bool:
        return qid in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Levels({dict(self._items)!r})"

    def __reduce__(self) -> tuple[type[Levels], tuple[dict[str, Level]]]:
        # A mapping proxy cannot be pickled or copied: rebuild from a plain dict.
        return Levels, (dict(self._items),)


class Remark(Record):
    """What was written down with a question's answer."""

    __slots__ = ("evidence", "note")
    _fields = ("note", "evidence")
    note: str | None
    evidence: str | None

    def __init__(self, note: str | None = None, evidence: str | None = None) -> None:
        _init(self, "note", note)
        _init(self, "evidence", evidence)


_NO_ITEMS: Mapping[str, Any] = MappingProxyType({})


def _frozen(items: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A read-only copy of ``items`` (none: one shared empty mapping)."""
    return MappingProxyType(dict(items)) if items else _NO_ITEMS


class Initiative(Record):
    """One engagement initiative as answered: does it run, what did it change."""

    __slots__ = ("changed", "runs")
    _fields = ("runs", "changed")
    runs: bool
    changed: tuple[OperatingModelTag, ...]

    def __init__(self, runs: bool, changed: tuple[OperatingModelTag, ...] = ()) -> None:
        _init(self, "runs", runs)
        _init(self, "changed", changed)

    def astuple(self) -> tuple[bool, tuple[OperatingModelTag, ...]]:
        """Its fields as a tuple (a key to what it makes)."""
        return self.runs, self.changed


class ScoringInput(Record):
    """Everything a report is made from: levels, remarks, and the assessment's metadata.

    Immutable, compared field by field. A slotted class with its own ``__init__``, not a
    frozen dataclass: a dataclass execs its generated methods at import (issue 17).

    ``target_discipline`` None: not given (format 1 uses its default profile, format 2
    reads it as undecided). ``borderline_steps``: question id -> how far one answer moves
    its level when borderline is tested: 1 for one respondent (absent), 1/n for a mean of
    n respondents' levels (one of them moving one level).
    """

    __slots__ = (
        "assessed_on",
        "assessor",
        "borderline_steps",
        "company",
        "engagement",
        "levels",
        "remarks",
        "respondent",
        "target_discipline",
        "targets",
    )
    # In the order of __init__: its repr, equality and pickling.
    _fields = (
        "company",
        "levels",
        "remarks",
        "assessed_on",
        "assessor",
        "respondent",
        "target_discipline",
        "targets",
        "engagement",
        "borderline_steps",
    )
    company: str
    levels: Levels
    remarks: Mapping[str, Remark]
    assessed_on: dt.date | None
    assessor: str | None
    respondent: str | None
    target_discipline: Intent | None
    targets: Mapping[str, float]
    engagement: Mapping[str, Initiative]
    borderline_steps: Mapping[str, Fraction]

    def __init__(
        self,
        company: str,
        levels: Levels,
        remarks: Mapping[str, Remark] | None = None,
        assessed_on: dt.date | None = None,
        assessor: str | None = None,
        respondent: str | None = None,
        target_discipline: Intent | None = None,
        targets: Mapping[str, float] | None = None,
        engagement: Mapping[str, Initiative] | None = None,
        borderline_steps: Mapping[str, Fraction] | None = None,
    ) -> None:
        # Frozen all the way down: a caller's dict cannot change the input afterwards.
        _init(self, "company", company)
        _init(self, "levels", levels)
        _init(self, "remarks", _frozen(remarks))
        _init(self, "assessed_on", assessed_on)
        _init(self, "assessor", assessor)
        _init(self, "respondent", respondent)
        _init(self, "target_discipline", target_discipline)
        _init(self, "targets", _frozen(targets))
        _init(self, "engagement", _frozen(engagement))
        _init(self, "borderline_steps", _frozen(borderline_steps))

    __hash__ = None  # type: ignore[assignment]  # unhashable, as Levels is

    def __reduce__(self) -> tuple[type[ScoringInput], tuple[object, ...]]:
        # The frozen mappings are proxies, which cannot be pickled: pass plain dicts.
        return ScoringInput, tuple(
            dict(v) if isinstance(v, MappingProxyType) else v for v in self._values()
        )


def from_answers(answers: AnswersFile) -> ScoringInput:
    """The scoring input of one answers file: one respondent's whole-number levels."""
    levels = {qid: _level(a) for qid, a in answers.answers.items()}
    remarks = {
        qid: Remark(a.note, a.evidence)
        for qid, a in answers.answers.items()
        if a.note is not None or a.evidence is not None
    }
    return ScoringInput(
        company=answers.company,
        levels=Levels(levels),
        remarks=remarks,
        assessed_on=answers.assessed_on,
        assessor=answers.assessor,
        respondent=_respondent(answers),
        target_discipline=answers.intent(),
        targets=answers.targets,
        engagement={
            iid: Initiative(e.runs, tuple(e.changed)) for iid, e in answers.engagement.items()
        },
    )


def _level(answer: Answer) -> int | Level:
    # A validated answer has exactly one of a level and a reason for N/A.
    if answer.level is None:
        return NotApplicable(answer.na or "")
    return answer.level


def _respondent(answers: AnswersFile) -> str | None:
    r = answers.respondent
    if r is None:
        return None
    parts = [p for p in (r.name, r.role) if p]
    return ", ".join(parts) or None
