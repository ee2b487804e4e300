"""A report compared: progress against a baseline, and a benchmark among peers.

``--baseline`` names a file, a folder (its files of the same company grouped as the
store groups them; the latest assessment dated before this one), or the store:
``@previous`` (the latest stored assessment of the same company and questionnaire
dated strictly before this one, never one with identical content) or ``@NAME`` (the
latest with that milestone before it). The store is opened only for ``@…`` and
``--benchmark``, once per process and URL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ci_assess.app.assessments import (
    AnswersText,
    Assessed,
    assess_group,
    company_key,
    from_text,
    group,
    read,
)
from ci_assess.core.benchmark import SIZES, Count, benchmark, industry_key, scores_of
from ci_assess.core.models.history import Baseline, Benchmark, Progress, Segment
from ci_assess.core.models.report import Report
from ci_assess.core.progress import compare
from ci_assess.core.scoring_input import ScoringInput
from ci_assess.errors import InputError, UsageError

ANY = "any"
"""``--industry any`` / ``--size any``: do not narrow the segment by it."""
ANSWERS_SUFFIXES = (".yaml", ".yml")


@dataclasses.dataclass(frozen=True)
class Extras:
    """What a report adds beyond the gap report: the plain settings of a job (picklable)."""

    baseline: str | None = None
    benchmark: bool = False
    db: str | None = None
    industry: str | None = None
    size: str | None = None


def with_extras(report: Report, source: str, extras: Extras, questionnaire: str | None) -> Report:
    """``report`` (of the file ``source``) with its progress and benchmark added."""
    return report.model_copy(update=_extras_of(single(source, questionnaire, report), extras))


def _extras_of(assessed: Assessed, extras: Extras) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if extras.baseline is not None:
        changes["progress"] = progress_of(assessed, extras.baseline, extras.db)
    if extras.benchmark:
        changes["benchmark"] = benchmark_of(assessed, extras.db, extras.industry, extras.size)
    return changes


def with_combined_extras(
    report: Report,
    data: ScoringInput,
    paths: Sequence[str],
    extras: Extras,
    questionnaire: str | None,
) -> Report:
    """A combined report (``report --combine``) with its progress and benchmark added.

    The baseline is then a folder (combined the same way) or a stored assessment.
    """
    given = extras.baseline
    if given is not None and not given.startswith("@") and not Path(given).is_dir():
        raise UsageError(
            f"--baseline {extras.baseline!r}: with --combine, the baseline is a folder "
            "of respondents' files or @previous / @MILESTONE"
        )
    files = tuple(read(p, questionnaire) for p in paths)
    assessed = Assessed(files, files[0].loaded.questionnaire, data, report)
    return report.model_copy(update=_extras_of(assessed, extras))


def single(source: str, questionnaire: str | None, report: Report | None = None) -> Assessed:
    """One file as an assessment (its report given when already made, e.g. gated)."""
    assessed = assess_group([read(source, questionnaire)])
    return assessed if report is None else dataclasses.replace(assessed, report=report)


def progress_of(current: Assessed, spec: str, db: str | None) -> Progress:
    """``current`` against the baseline ``spec`` names."""
    if spec.startswith("@"):
        baseline, where = _stored_baseline(current, spec[1:], db)
    else:
        baseline, where = _file_baseline(current, spec)
    if company_key(baseline.company) != company_key(current.company):
        raise InputError.single(
            spec,
            f"the baseline is an assessment of {baseline.company}, not of {current.company}",
            hint="give a baseline of the same company",
        )
    if baseline.questionnaire.id != current.questionnaire.id:
        raise InputError.single(
            spec,
            f"the baseline answers questionnaire {baseline.questionnaire.id!r}, this "
            f"assessment {current.questionnaire.id!r}: they cannot be compared",
        )
    return compare(current.side, baseline.side, where)


def _file_baseline(current: Assessed, spec: str) -> tuple[Assessed, Baseline]:
    path = Path(spec)
    if not path.is_dir():
        baseline = single(spec, None)
        return baseline, Baseline(assessed_on=baseline.assessed_on, milestone=None, source=spec)
    files = [read(str(p)) for p in _answers_files(path)]
    if not files:
        raise InputError.single(spec, "the baseline folder holds no answers file (*.yaml)")
    mine = [f for f in files if company_key(f.answers.company) == company_key(current.company)]
    if not mine:
        others = sorted({f.answers.company for f in files})
        raise InputError.single(
            spec,
            f"the baseline folder holds assessments of {', '.join(others)}, not of "
            f"{current.company}",
            hint="give a baseline of the same company",
        )
    chosen = _latest_before(group(mine), current)
    baseline = assess_group(chosen)
    return baseline, Baseline(assessed_on=baseline.assessed_on, milestone=None, source=spec)


def _answers_files(folder: Path) -> list[Path]:
    from ci_assess.files.inputs import is_lock_file

    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in ANSWERS_SUFFIXES and p.is_file() and not is_lock_file(str(p))
    )


def _latest_before(groups: list[list[AnswersText]], current: Assessed) -> list[AnswersText]:
    """The latest group dated before ``current`` (the latest of all when undated)."""

    def date(members: list[AnswersText]) -> Any:
        return max((f.answers.assessed_on for f in members if f.answers.assessed_on), default=None)

    dated = sorted((g for g in groups if date(g) is not None), key=date)
    if current.assessed_on is not None:
        earlier = [g for g in dated if date(g) < current.assessed_on]
        if earlier:
            return earlier[-1]
    return dated[-1] if dated else groups[-1]


def _stored_baseline(current: Assessed, name: str, db: str | None) -> tuple[Assessed, Baseline]:
    from ci_assess.store import repository as repo

    if not name:
        raise UsageError("--baseline @: name a milestone, or @previous")
    if name == "latest":
        raise UsageError(
            "--baseline @latest is reserved\n  hint: use @previous (the latest stored "
            "assessment before this one) or @MILESTONE"
        )
    if current.assessed_on is None:
        raise InputError.single(
            current.files[0].source,
            "assessed_on is required to find an earlier stored assessment",
            hint="add the interview's date: assessed_on: YYYY-MM-DD",
        )
    milestone = None if name == "previous" else name
    store = open_cached(db)
    with store.begin() as conn:
        row = repo.earlier(
            conn,
            company_key(current.company),
            current.questionnaire.id,
            current.assessed_on,
            milestone=milestone,
            not_hash=current.content_hash,
        )
    if row is None:
        what = "earlier assessment" if milestone is None else f"earlier {milestone!r} milestone"
        raise InputError.single(
            current.files[0].source,
            f"no {what} of {current.company} before {current.assessed_on} in store {store.shown}",
            hint="add one with: ci-assess history add FILE"
            + (f" --milestone {milestone}" if milestone else ""),
        )
    return stored_assessment(row), Baseline(
        assessed_on=row.assessed_on, milestone=row.milestone, source=f"store:{row.id}"
    )


def stored_assessment(row: Any) -> Assessed:
    """A stored assessment, re-read from its answers exactly as they were given."""
    import json

    files = [from_text(f["source"], f["text"]) for f in json.loads(row.answers)]
    return assess_group(files)


@cache
def open_cached(db: str | None) -> Any:
    """The store at ``--db``/``CI_ASSESS_DB``/the default, opened once per process."""
    from ci_assess.store.engine import open_store, store_url

    return open_store(store_url(db))


def segment_of(assessed: Assessed, industry: str | None, size: str | None) -> Segment:
    """The segment: the options' (``any`` widens), else the file's own industry and size."""
    if size is not None and size != ANY and size not in SIZES:
        raise UsageError(
            f"--size {size!r} is not a size\n  hint: use micro, small, mid, large or any"
        )
    chosen_industry = assessed.industry if industry is None else industry
    chosen_size = assessed.size if size is None else size
    return Segment(
        industry=None if chosen_industry in (None, ANY) else chosen_industry.strip(),
        size=None if chosen_size in (None, ANY) else chosen_size,
    )


def benchmark_of(
    assessed: Assessed, db: str | None, industry: str | None, size: str | None
) -> Benchmark:
    """Where ``assessed`` stands among the latest stored assessment of every other company."""
    from ci_assess.store import repository as repo

    segment = segment_of(assessed, industry, size)
    peers = repo.Peers(
        questionnaire_id=assessed.questionnaire.id,
        questionnaire_major=assessed.major,
        method=assessed.report.method.format,
        not_company_key=company_key(assessed.company),
        industry_key=industry_key(segment.industry),
        size=segment.size,
    )
    store = open_cached(db)
    with store.begin() as conn:
        total, counts = repo.peer_counts(conn, peers, scores_of(assessed.report))
    return benchmark(assessed.report, segment, total, _counts(counts.items()))


def _counts(items: Iterable[tuple[tuple[str, str], tuple[int, int, int]]]) -> dict[Any, Count]:
    return {key: Count(*value) for key, value in items}
