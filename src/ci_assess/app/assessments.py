"""Assessments from answers files: which files belong together, and their one report.

An assessment is one company at one date. Among the files given, those of one
company and questionnaire whose ``assessed_on`` lie within ``WINDOW_DAYS`` of each
other form one assessment with several respondents, wherever they sit in folders;
a file alone is a one-respondent assessment. ``assess_group`` is the one place that
turns a group into a scoring input and a report, combining respondents through
``app.combine.combine_loaded``, as ``report --combine`` does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.outcomes import Outcome
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.core.progress import Side, major_of
from ci_assess.core.scoring import score_input
from ci_assess.core.scoring_input import ScoringInput, from_answers
from ci_assess.files.loading import LoadedAnswers, load_answers
from ci_assess.files.yamlio import read_text, source_name

WINDOW_DAYS = 60
"""Files of one company and questionnaire within this many days form one assessment."""


@dataclass(frozen=True)
class AnswersText:
    """One respondent's answers file: its name, its text exactly as given, and the model."""

    source: str
    text: str
    loaded: LoadedAnswers

    @property
    def answers(self) -> AnswersFile:
        return self.loaded.answers


@dataclass(frozen=True)
class Assessed:
    """One assessment: its respondents' files, what was scored, and the report."""

    files: tuple[AnswersText, ...]
    questionnaire: Questionnaire
    data: ScoringInput
    report: Report

    @property
    def side(self) -> Side:
        return Side(self.questionnaire, self.data, self.report, self.outcomes)

    @property
    def outcomes(self) -> dict[str, Outcome]:
        """Every outcome indicator given, from the first file giving it (combining
        requires the files to agree on each)."""
        found: dict[str, Outcome] = {}
        for f in self.files:
            for kid, given in f.answers.outcomes.items():
                found.setdefault(kid, given)
        return found

    @property
    def company(self) -> str:
        return self.report.company

    @property
    def assessed_on(self) -> dt.date | None:
        return self.report.assessed_on

    @property
    def content_hash(self) -> str:
        """SHA-256 of the respondents' files as given (order-free) and the questionnaire."""
        return content_hash([f.text for f in self.files], self.questionnaire)

    @property
    def industry(self) -> str | None:
        return next((f.answers.industry for f in self.files if f.answers.industry), None)

    @property
    def size(self) -> str | None:
        return next((f.answers.size for f in self.files if f.answers.size), None)

    @property
    def major(self) -> int:
        return major_of(self.questionnaire.version)


def read(path: str, questionnaire: str | None = None) -> AnswersText:
    """Read and validate one answers file, keeping its text (InputError)."""
    text = read_text(path)
    return AnswersText(source_name(path), text, load_answers(path, questionnaire, text))


def from_text(source: str, text: str) -> AnswersText:
    """An answers file from its stored text (its questionnaire resolved as when stored)."""
    return AnswersText(source, text, load_answers(source, None, text))


def company_key(company: str) -> str:
    """A company as it is matched: trimmed, inner spaces collapsed, case-folded."""
    return " ".join(company.split()).casefold()


def content_hash(texts: Iterable[str], questionnaire: Questionnaire) -> str:
    digest = hashlib.sha256()
    for text in sorted(texts):
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    digest.update(questionnaire_hash(questionnaire).encode("ascii"))
    return digest.hexdigest()


def questionnaire_hash(questionnaire: Questionnaire) -> str:
    """SHA-256 of the questionnaire's content, as validated.

    Dumping a questionnaire costs about as much as scoring an answers file, and a run
    of ``history add`` shares one questionnaire object between all its files: each
    object is hashed once (kept beside its hash, so that its id is not reused).
    """
    found = _HASHES.get(id(questionnaire))
    if found is None or found[0] is not questionnaire:
        digest = hashlib.sha256(questionnaire.model_dump_json().encode("utf-8")).hexdigest()
        found = _HASHES[id(questionnaire)] = (questionnaire, digest)
    return found[1]


_HASHES: dict[int, tuple[Questionnaire, str]] = {}


def group(files: Sequence[AnswersText]) -> list[list[AnswersText]]:
    """The assessments among ``files``: same company and questionnaire id, dates within
    ``WINDOW_DAYS`` of the group's first (files without a date stand alone).

    Groups come in the order of their first file among those given.
    """

    def key(item: tuple[int, AnswersText]) -> tuple[str, str]:
        f = item[1]
        return company_key(f.answers.company), f.loaded.questionnaire.id

    groups: list[tuple[int, list[AnswersText]]] = []
    for _, members in groupby(sorted(enumerate(files), key=key), key=key):
        groups.extend(_by_date(list(members)))
    return [g for _, g in sorted(groups, key=lambda pair: pair[0])]


def _by_date(members: list[tuple[int, AnswersText]]) -> Iterator[tuple[int, list[AnswersText]]]:
    dated = sorted(
        (m for m in members if m[1].answers.assessed_on is not None),
        key=lambda m: (m[1].answers.assessed_on, m[0]),
    )
    for index, f in members:
        if f.answers.assessed_on is None:
            yield index, [f]
    current: list[tuple[int, AnswersText]] = []
    for member in dated:
        first = current[0][1].answers.assessed_on if current else None
        date = member[1].answers.assessed_on
        assert date is not None
        if first is not None and (date - first).days > WINDOW_DAYS:
            yield min(i for i, _ in current), [f for _, f in current]
            current = []
        current.append(member)
    if current:
        yield min(i for i, _ in current), [f for _, f in current]


def assess_group(files: Sequence[AnswersText]) -> Assessed:
    """The one report of one assessment's files: one file scored as ``report`` scores it,
    several combined as ``report --combine`` combines them (InputError when they cannot
    be: another questionnaire, facts that disagree, a missing role, …)."""
    if len(files) == 1:
        only = files[0]
        data = from_answers(only.answers)
        questionnaire = only.loaded.questionnaire
        return Assessed((only,), questionnaire, data, score_input(questionnaire, data))
    from ci_assess.app.combine import combine_loaded

    made = combine_loaded([f.loaded for f in files], texts={f.source: f.text for f in files})
    questionnaire = files[0].loaded.questionnaire
    return Assessed(tuple(files), questionnaire, made.combined.input, made.report)
