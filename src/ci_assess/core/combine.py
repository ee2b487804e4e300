"""Several respondents of one company, one assessment: which files combine, and how.

Pure: the answers files come in loaded (``Voice``), the result is one ``ScoringInput``
for the same engine that scores a single file (``core.scoring.score_input``), plus what
the combined report needs beside it (who answered what).

- **Facts** (the company, the questionnaire, ``FACT_FIELDS``) must agree across files
  or be given in only one of them. **Judgements** are combined: a question's level is
  the mean of the respondents' levels, exact; an engagement initiative runs when at
  least half of those who answered say so.
- Nothing here depends on the order the files were given in: respondents are sorted by
  role, then by the content hash of their answers (``Voice.digest``), and "the name as
  first written" means first in that order.

Problems come back as ``Mismatch`` values naming the files and key paths concerned;
the caller (``app.combine``) turns them into messages with lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.key_accounts import KeyAccountFacts
from ci_assess.core.models.questionnaire import Intent, OperatingModelTag
from ci_assess.core.scoring_input import (
    Initiative,
    Level,
    Levels,
    NotApplicable,
    Remark,
    ScoringInput,
)

FACT_FIELDS: tuple[str, ...] = (
    "targets",
    "industry",
    "size",
    "currency",
    "customers",
    "total_revenue",
    "outcomes",
    "key_accounts",
)
"""Answers-file keys that are facts about the company, not a respondent's judgement:
each must agree across the combined files or be given in only one of them. A mapping
is compared key by key (``targets.direction``); a list of items that each have a
``name`` item by item, matched by name (trimmed, case-folded), field by field
(``key_accounts[Acme].tier``), leaving out ``JUDGEMENT_KEYS``; anything else as a whole.
The company and the questionnaire are checked apart (their own rules); a key added to
answers files later that is a fact about the company is added here. ``language`` is
not one: it is how a respondent answered, and files that disagree on it make an
English report with a note (core.combined_language)."""

JUDGEMENT_KEYS: frozenset[str] = frozenset({"elements"})
"""Fields of a named item of a fact that are judgements, combined rather than compared
(a key account's element levels)."""

MAX_DAYS_APART = 60
"""Interviews further apart than this look like two assessments, not one."""

Loc = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)  # one object per file: compared and hashed by identity
class Voice:
    """One respondent's answers file, loaded and validated."""

    source: str
    """The file as messages name it."""
    answers: AnswersFile
    digest: str
    """SHA-256 of the answers as given (``answers_digest``): orders respondents
    independently of the files' order and names, and of the tool's version."""
    key_accounts: KeyAccountFacts | None = None
    """The file's key accounts with its customers file read (paths relative to it)."""

    @classmethod
    def of(
        cls, source: str, answers: AnswersFile, key_accounts: KeyAccountFacts | None = None
    ) -> Voice:
        """The voice of ``answers`` read from ``source``."""
        return cls(source, answers, answers_digest(answers), key_accounts)

    @property
    def role(self) -> str:
        """The role as written, trimmed ("" when none is given)."""
        r = self.answers.respondent
        return (r.role or "").strip() if r else ""

    @property
    def name(self) -> str | None:
        """The respondent's name, trimmed; None when none is given."""
        r = self.answers.respondent
        name = (r.name or "").strip() if r else ""
        return name or None


def answers_digest(answers: AnswersFile) -> str:
    """SHA-256 (hex) of the answers as given: the keys the file sets, at every depth, as
    canonical JSON (keys sorted, no spaces, UTF-8).

    Fields the file leaves out are left out (``exclude_unset``), so a new optional field
    of a later tool version, or a changed default, does not change it: respondent
    numbering under ``--anonymous`` stays the same across versions. Comments, layout and
    key order in the file do not count either; any answer, note or name does.
    """
    given = answers.model_dump(mode="json", exclude_unset=True)
    canonical = json.dumps(given, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Mismatch:
    """Files that cannot be combined: what is wrong, where, and how to fix it."""

    message: str
    hint: str
    places: tuple[tuple[str, Loc], ...]
    """Each file concerned and the key path in it (``()``: the whole file)."""


def company_key(name: str) -> str:
    """Two company names are the same company when their keys are equal: Unicode NFC,
    trimmed, whitespace collapsed, case-folded."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def role_key(role: str) -> str:
    """Roles are grouped by exact match after trimming and case-folding."""
    return role.strip().casefold()


def ordered(voices: Sequence[Voice]) -> tuple[Voice, ...]:
    """The respondents in report order: by role, then by content hash."""
    return tuple(sorted(voices, key=lambda v: (role_key(v.role), v.digest, v.source)))


# --- facts -----------------------------------------------------------------------------


def mismatches(voices: Sequence[Voice], target: Intent | None = None) -> list[Mismatch]:
    """Everything that keeps ``voices`` from being one assessment (empty: they combine).

    ``target`` is ``--target``: given, the files' ``target_discipline`` need not agree.
    Their ``language`` never needs to (core.combined_language). The questionnaire is
    checked by the caller, which knows what each file loaded.
    """
    found = [*_missing_roles(voices), *_twins(voices)]
    found.extend(_companies(voices))
    found.extend(_dates(voices))
    read = _customers_read(voices)
    for name in FACT_FIELDS:
        if name == "customers" and read is not None:
            found.extend(read)  # compared by what each file's path reads, not as text
        else:
            found.extend(_fact(voices, name))
    if target is None:
        found.extend(_targets(voices))
    return found


def _customers_read(voices: Sequence[Voice]) -> list[Mismatch] | None:
    """The customers files compared by content (customer, revenue), each read relative to
    the file naming it: ``customers.csv`` in two folders may be two files, and
    ``../customers.csv`` and ``customers.csv`` one. None when a file names customers
    but its reading is not given (a caller of the pure core): then the paths compare."""
    naming = [v for v in ordered(voices) if v.answers.customers]
    if any(v.key_accounts is None or v.key_accounts.customers is None for v in naming):
        return None
    found = []
    first: tuple[Voice, frozenset[tuple[str, float]]] | None = None
    for v in naming:
        assert v.key_accounts is not None and v.key_accounts.customers is not None
        rows = frozenset((c.name.strip().casefold(), c.revenue) for c in v.key_accounts.customers)
        if first is None:
            first = (v, rows)
        elif rows != first[1]:
            other = first[0]
            found.append(
                Mismatch(
                    f"customers: {v.answers.customers!r} lists other customers or revenues "
                    f"than {other.answers.customers!r} of {other.source}: a fact about the "
                    "company must agree",
                    "name the same customers file in both files (each path is relative to "
                    "its file), or in one file only",
                    ((v.source, ("customers",)), (other.source, ("customers",))),
                )
            )
    return found


def _missing_roles(voices: Sequence[Voice]) -> list[Mismatch]:
    return [
        Mismatch(
            "respondent.role is required to combine respondents",
            "add respondent: {role: ...} (e.g. CEO, Head of Service, front-line staff)",
            ((v.source, ("respondent",) if v.answers.respondent else ()),),
        )
        for v in voices
        if not v.role
    ]


def _twins(voices: Sequence[Voice]) -> list[Mismatch]:
    seen: dict[str, Voice] = {}
    found = []
    for v in voices:
        if v.digest in seen:
            first = seen[v.digest]
            found.append(
                Mismatch(
                    f"holds the same answers as {first.source}",
                    "give each respondent's file once",
                    ((v.source, ()), (first.source, ())),
                )
            )
        seen.setdefault(v.digest, v)
    return found


def _companies(voices: Sequence[Voice]) -> list[Mismatch]:
    first = ordered(voices)[0]
    return [
        Mismatch(
            f"company {v.answers.company!r} is not {first.answers.company!r} of {first.source}",
            "combine the files of one company only (names are compared ignoring case and spacing)",
            ((v.source, ("company",)), (first.source, ("company",))),
        )
        for v in voices
        if company_key(v.answers.company) != company_key(first.answers.company)
    ]


def _dates(voices: Sequence[Voice]) -> list[Mismatch]:
    dated = sorted(
        (v for v in voices if v.answers.assessed_on is not None),
        key=lambda v: (v.answers.assessed_on, v.source),
    )
    if len(dated) < 2:
        return []
    early, late = dated[0], dated[-1]
    assert early.answers.assessed_on is not None and late.answers.assessed_on is not None
    days = (late.answers.assessed_on - early.answers.assessed_on).days
    if days <= MAX_DAYS_APART:
        return []
    return [
        Mismatch(
            f"assessed_on {late.answers.assessed_on} is {days} days after "
            f"{early.answers.assessed_on} in {early.source}: looks like two assessments",
            f"combine interviews at most {MAX_DAYS_APART} days apart; keep each assessment "
            "in its own folder, clients/<company>/<YYYY-MM>/<respondent>.yaml",
            ((late.source, ("assessed_on",)), (early.source, ("assessed_on",))),
        )
    ]


def _given(value: Any) -> bool:
    return value is not None and value not in ({}, [], "")


def _plain(value: Any) -> Any:
    """A fact's value as comparable data (a model as its dump)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Fact:
    """One value of a fact as one file gives it."""

    key: tuple[str, ...]
    """What must agree across files: ``("targets", "direction")``."""
    shown: str
    """How messages name it: ``targets.direction``, ``key_accounts[Acme].tier``."""
    loc: Loc
    """Where it is in its file (for the line)."""
    value: Any
    voice: Voice


def fact_values(voices: Sequence[Voice], name: str) -> list[Fact]:
    """Every value ``name`` is given in the files, in respondent order (see FACT_FIELDS)."""
    values: list[Fact] = []
    for v in ordered(voices):
        raw = getattr(v.answers, name, None)
        if not _given(raw):
            continue
        plain = _plain(raw)
        if isinstance(plain, Mapping):
            values.extend(
                Fact((name, str(k)), f"{name}.{k}", (name, k), item, v) for k, item in plain.items()
            )
        elif _named_items(plain):
            values.extend(_named_facts(name, plain, v))
        else:
            values.append(Fact((name,), name, (name,), plain, v))
    return values


def _named_items(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, Mapping) and isinstance(item.get("name"), str) for item in value
    )


def _named_facts(name: str, items: list[Mapping[str, Any]], voice: Voice) -> list[Fact]:
    found = []
    for n, item in enumerate(items):
        label = str(item["name"]).strip()
        for key, value in item.items():
            if key == "name" or key in JUDGEMENT_KEYS or not _given(value):
                continue
            found.append(
                Fact(
                    (name, label.casefold(), key),
                    f"{name}[{label}].{key}",
                    (name, n, key),
                    value,
                    voice,
                )
            )
    return found


def _fact(voices: Sequence[Voice], name: str) -> list[Mismatch]:
    first: dict[tuple[str, ...], Fact] = {}
    found = []
    for fact in fact_values(voices, name):
        known = first.setdefault(fact.key, fact)
        if fact.value != known.value:
            found.append(
                Mismatch(
                    f"{fact.shown} is {fact.value!r}, but {known.voice.source} gives "
                    f"{known.value!r}: a fact about the company must agree",
                    _fact_hint(fact.shown),
                    ((fact.voice.source, fact.loc), (known.voice.source, known.loc)),
                )
            )
    return found


def _fact_hint(shown: str) -> str:
    return f"give {shown} the same value in both files, or in one file only"


def merged_fact(voices: Sequence[Voice], name: str) -> Any:
    """A mapping or whole fact as the combined assessment holds it (after ``mismatches``
    found none): a mapping's keys from every file, else the one value given (None: none).
    Named lists are merged by the code that combines their judgements."""
    values = fact_values(voices, name)
    if not values:
        return None
    if isinstance(getattr(values[0].voice.answers, name), Mapping):
        return {fact.loc[1]: fact.value for fact in values}
    return values[0].value


def _targets(voices: Sequence[Voice]) -> list[Mismatch]:
    said = {v.answers.target_discipline for v in voices} - {None}
    if len(said) < 2:
        return []
    by_target: dict[str, list[str]] = {}
    for v in ordered(voices):
        if v.answers.target_discipline is not None:
            by_target.setdefault(v.answers.target_discipline, []).append(v.source)
    who = "; ".join(f"{t}: {', '.join(files)}" for t, files in sorted(by_target.items()))
    return [
        Mismatch(
            f"the files state different target disciplines ({who})",
            "agree the intent with the client and set it in every file, or choose it with "
            "--target DISCIPLINE (the report lists who said what)",
            tuple(
                (v.source, ("target_discipline",))
                for v in ordered(voices)
                if v.answers.target_discipline is not None
            ),
        )
    ]


# --- judgements ------------------------------------------------------------------------


@dataclass(frozen=True)
class Vote:
    """What one respondent answered to one question."""

    voice: Voice
    level: int | None
    """None: marked N/A."""


@dataclass(frozen=True)
class Combined:
    """The combined assessment: the engine's input and what each respondent said."""

    input: ScoringInput
    voices: tuple[Voice, ...]
    """In report order (``ordered``)."""
    votes: Mapping[str, tuple[Vote, ...]]
    """Question id -> each respondent's answer, in report order (unanswered left out)."""
    disputed: frozenset[str]
    """Questions some gave a level and others marked N/A."""
    runs_share: Mapping[str, Fraction] = field(default_factory=dict)
    """Initiative id -> share of those who answered it that say it runs."""


def votes_of(voices: Sequence[Voice]) -> dict[str, tuple[Vote, ...]]:
    """Each question's answers, in the order of ``voices``."""
    found: dict[str, list[Vote]] = {}
    for v in voices:
        for qid, answer in v.answers.answers.items():
            found.setdefault(qid, []).append(Vote(v, answer.level))
    return {qid: tuple(votes) for qid, votes in found.items()}


def combine_levels(voices: Sequence[Voice]) -> tuple[Levels, frozenset[str]]:
    """The mean levels of ``voices`` and the questions whose applicability is disputed."""
    levels: dict[str, Level] = {}
    disputed = set()
    for qid, votes in votes_of(voices).items():
        given = [v.level for v in votes if v.level is not None]
        if given:
            levels[qid] = Fraction(sum(given), len(given))
            if len(given) < len(votes):
                disputed.add(qid)
        else:
            reasons: list[str] = []
            for v in votes:
                reason = v.voice.answers.answers[qid].na or ""
                if reason and reason not in reasons:
                    reasons.append(reason)
            levels[qid] = NotApplicable("; ".join(reasons))
    return Levels(levels), frozenset(disputed)


def _inventory(voices: Sequence[Voice]) -> tuple[dict[str, Initiative], dict[str, Fraction]]:
    """An initiative runs when at least half of those who answered it say so; it changed
    what at least half of those who say it runs name."""
    answered: dict[str, list[tuple[bool, tuple[OperatingModelTag, ...]]]] = {}
    for v in voices:
        for iid, entry in v.answers.engagement.items():
            answered.setdefault(iid, []).append((entry.runs, tuple(entry.changed)))
    inventory: dict[str, Initiative] = {}
    shares: dict[str, Fraction] = {}
    for iid, replies in answered.items():
        running = [changed for runs, changed in replies if runs]
        share = Fraction(len(running), len(replies))
        shares[iid] = share
        runs = 2 * len(running) >= len(replies)
        tags: list[OperatingModelTag] = []
        if runs:
            for tag in sorted({t for changed in running for t in changed}):
                if 2 * sum(tag in changed for changed in running) >= len(running):
                    tags.append(tag)
        inventory[iid] = Initiative(runs, tuple(tags))
    return inventory, shares


def _remarks(
    voices: Sequence[Voice], labels: Mapping[str, str | None], anonymous: bool
) -> dict[str, Remark]:
    """Each question's notes and evidence in one text: attributed ("CEO: ...") in respondent
    order, or unattributed and sorted by text under --anonymous."""
    notes: dict[str, list[tuple[str, str]]] = {}
    evidence: dict[str, list[tuple[str, str]]] = {}
    for v in voices:
        name = labels.get(v.digest)
        who = f"{name} ({v.role})" if name else v.role
        for qid, answer in v.answers.answers.items():
            if answer.note:
                notes.setdefault(qid, []).append((who, answer.note))
            if answer.evidence:
                evidence.setdefault(qid, []).append((who, answer.evidence))
    return {
        qid: Remark(_joined(notes.get(qid), anonymous), _joined(evidence.get(qid), anonymous))
        for qid in {*notes, *evidence}
    }


def _joined(items: list[tuple[str, str]] | None, anonymous: bool) -> str | None:
    if not items:
        return None
    if anonymous:
        return " / ".join(sorted(text for _, text in items))
    return " / ".join(f"{who}: {text}" for who, text in items)


def company_name(voices: Sequence[Voice]) -> str:
    """The company as first written (in respondent order)."""
    return ordered(voices)[0].answers.company


def assessors(voices: Sequence[Voice]) -> str | None:
    """The distinct assessors, sorted, as one text; None when no file names one."""
    found = sorted({(v.answers.assessor or "").strip() for v in voices} - {""})
    return ", ".join(found) or None


def dates(voices: Sequence[Voice]) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest interview dates; None when no file gives one."""
    found = sorted(v.answers.assessed_on for v in voices if v.answers.assessed_on is not None)
    return (found[0], found[-1]) if found else None


def combine(
    voices: Sequence[Voice],
    *,
    target: Intent | None = None,
    labels: Mapping[str, str | None] | None = None,
    anonymous: bool = False,
) -> Combined:
    """Combine ``voices`` (already free of ``mismatches``) into one scoring input.

    ``target`` replaces the files' target discipline (``--target``); ``labels`` names
    each respondent (by digest) in the joined notes.
    """
    people = ordered(voices)
    votes = votes_of(people)
    levels, disputed = combine_levels(people)
    inventory, shares = _inventory(people)
    span = dates(people)
    stated = [v.answers.intent() for v in people if v.answers.target_discipline is not None]
    names = labels if labels is not None else {v.digest: v.name for v in people}
    data = ScoringInput(
        company=company_name(people),
        levels=levels,
        remarks=_remarks(people, names, anonymous),
        assessed_on=span[1] if span else None,
        assessor=assessors(people),
        respondent=None,
        target_discipline=target if target is not None else (stated[0] if stated else None),
        targets=merged_fact(people, "targets") or {},
        engagement=inventory,
        borderline_steps={
            qid: Fraction(1, count)
            for qid, given in votes.items()
            if (count := sum(v.level is not None for v in given)) > 1
        },
    )
    return Combined(data, people, votes, disputed, shares)


def subset_input(base: ScoringInput, voices: Sequence[Voice]) -> ScoringInput:
    """The scoring input of some respondents only (one role, the senior role, the
    others): their mean levels, under the combined assessment's target and targets."""
    levels, _ = combine_levels(voices)
    return ScoringInput(
        company=base.company,
        levels=levels,
        target_discipline=base.target_discipline,
        targets=base.targets,
    )
