"""The store's use cases: add, list, show (trend), export, remove, upgrade.

Each assessment is added in its own transaction: a bad one adds nothing and does not
stop the others, as in a batch. Identity is (company, questionnaire id and major
version, assessed_on): the same content again changes nothing; different content
under the same identity is refused unless ``replace`` is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ci_assess import __version__
from ci_assess.app.assessments import (
    AnswersText,
    Assessed,
    assess_group,
    company_key,
    group,
    questionnaire_hash,
    read,
)
from ci_assess.core.benchmark import industry_key, scores_of, tenths
from ci_assess.errors import CiAssessError, InputError, UsageError
from ci_assess.store import repository as repo
from ci_assess.store.engine import IdentityTaken, Store, StoreError

RESERVED_MILESTONES = frozenset({"previous", "latest"})
"""Names ``--baseline @NAME`` gives a meaning of its own: no milestone may take them."""

Status = Literal["added", "unchanged", "replaced"]


@dataclass(frozen=True)
class Added:
    """What happened to one assessment (or one file that could not be read)."""

    sources: tuple[str, ...]
    company: str | None = None
    assessed_on: dt.date | None = None
    status: Status | None = None
    ident: int | None = None
    error: CiAssessError | None = None


def check_milestone(milestone: str | None) -> None:
    """A milestone name must be given plainly and not be a reserved word (UsageError)."""
    if milestone is None:
        return
    if not milestone.strip() or milestone.startswith("@"):
        raise UsageError(f"--milestone {milestone!r}: give a plain name, e.g. baseline")
    if milestone in RESERVED_MILESTONES:
        raise UsageError(
            f"--milestone {milestone!r} is reserved (--baseline @{milestone} has its own "
            "meaning)\n  hint: choose another name, e.g. baseline or year-1"
        )


def add(
    store: Store, paths: Sequence[str], *, milestone: str | None = None, replace: bool = False
) -> Iterator[Added]:
    """Store every assessment among ``paths``, each in one transaction."""
    check_milestone(milestone)
    files: list[AnswersText] = []
    for path in paths:
        try:
            files.append(_dated(read(path)))
        except CiAssessError as exc:
            yield Added((path,), error=exc)
    for members in group(files):
        sources = tuple(f.source for f in members)
        try:
            assessed = assess_group(members)
            status, ident = _store_one(store, assessed, milestone, replace)
        except CiAssessError as exc:
            yield Added(sources, members[0].answers.company, error=exc)
            continue
        yield Added(sources, assessed.company, assessed.assessed_on, status, ident)


def _dated(answers: AnswersText) -> AnswersText:
    if answers.answers.assessed_on is None:
        raise InputError.single(
            answers.source,
            "assessed_on is required to store an assessment",
            hint="add the interview's date: assessed_on: YYYY-MM-DD",
        )
    return answers


def record_of(assessed: Assessed, milestone: str | None) -> repo.Record:
    """The row that stores ``assessed``."""
    report = assessed.report
    assert report.assessed_on is not None
    found = scores_of(report)
    return repo.Record(
        company=report.company,
        company_key=company_key(report.company),
        industry=assessed.industry,
        industry_key=industry_key(assessed.industry),
        size=assessed.size,
        assessed_on=report.assessed_on,
        milestone=milestone,
        respondents=[_respondent(f) for f in assessed.files],
        questionnaire_id=assessed.questionnaire.id,
        questionnaire_version=assessed.questionnaire.version,
        questionnaire_major=assessed.major,
        questionnaire_hash=questionnaire_hash(assessed.questionnaire),
        method=report.method.format,
        content_hash=assessed.content_hash,
        answers=[{"source": f.source, "text": f.text} for f in assessed.files],
        report=report.model_dump_json(),
        overall=tenths(report.overall.score),
        tool_version=__version__,
        added_at=dt.datetime.now(dt.UTC),
        scores=found,
    )


def _respondent(answers: AnswersText) -> str:
    r = answers.answers.respondent
    parts = [p for p in (r.name, r.role) if p] if r else []
    return ", ".join(parts) or answers.source


def _store_one(
    store: Store, assessed: Assessed, milestone: str | None, replace: bool
) -> tuple[Status, int]:
    record = record_of(assessed, milestone)
    identity = repo.Identity(
        record.company_key, record.questionnaire_id, record.questionnaire_major, record.assessed_on
    )
    for _attempt in range(2):  # a colleague may add the same identity between find and insert
        try:
            with store.begin() as conn:
                found = repo.find(conn, identity)
                if found is None:
                    return "added", repo.insert_record(conn, record)
                same = found.content_hash == record.content_hash
                if same and milestone in (None, found.milestone):
                    return "unchanged", int(found.id)
                if not replace:
                    raise _conflict(assessed, found, same)
                kept = record if milestone is not None else _keep_milestone(record, found)
                repo.replace_record(conn, int(found.id), kept)
                return "replaced", int(found.id)
        except IdentityTaken:
            continue
    raise StoreError(f"store {store.shown}: {assessed.company} could not be added; try again")


def _keep_milestone(record: repo.Record, found: Any) -> repo.Record:
    from dataclasses import replace

    return replace(record, milestone=found.milestone)


def _conflict(assessed: Assessed, found: Any, same: bool) -> InputError:
    what = (
        f"is stored with milestone {found.milestone!r}"
        if same
        else "is stored with different answers"
    )
    return InputError.single(
        assessed.files[0].source,
        f"{assessed.company} assessed on {assessed.assessed_on} ({assessed.questionnaire.id} "
        f"v{assessed.major}) {what} (id {found.id})",
        hint="give --replace to overwrite it, or correct assessed_on if this is another one",
    )


def listing(store: Store, company: str | None = None) -> list[dict[str, Any]]:
    """``history list``: one entry per stored assessment, by company and date."""
    with store.begin() as conn:
        rows = repo.listed(conn, None if company is None else company_key(company))
    return [_entry(row) for row in rows]


def _entry(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "company": row.company,
        "industry": row.industry,
        "size": row.size,
        "assessed_on": row.assessed_on.isoformat(),
        "milestone": row.milestone,
        "respondents": json.loads(row.respondents),
        "questionnaire": {"id": row.questionnaire_id, "version": row.questionnaire_version},
        "overall": None if row.overall is None else row.overall / 10,
        "added_at": _utc(row.added_at).isoformat(timespec="seconds"),
    }


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; every stored moment is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def trend(store: Store, company: str) -> dict[str, Any]:
    """``history show``: every stored assessment of one company in date order, with its
    scores, in segments that break where the questionnaire or its major version changes."""
    with store.begin() as conn:
        rows = repo.listed(conn, company_key(company))
        if not rows:
            raise _no_company(company, repo.companies(conn))
        scores = repo.scores_of(conn, [row.id for row in rows])
        latest = json.loads(repo.reports(conn, company_key(company))[-1].report)
    points = []
    for row in rows:
        found = scores[row.id]
        points.append(
            {
                **_entry(row),
                "major": row.questionnaire_major,
                "method_key": (row.questionnaire_id, row.questionnaire_major),
                "groups": _by_kind(found, "group"),
                "disciplines": _by_kind(found, "discipline"),
            }
        )
    segments: list[list[int]] = []
    for index, point in enumerate(points):
        # Another questionnaire or major version: the scores are not on one scale.
        if not segments or points[segments[-1][-1]]["method_key"] != point["method_key"]:
            segments.append([])
        segments[-1].append(index)
    for point in points:
        del point["method_key"]
    # Lines in the order of the latest assessment's questionnaire, as its report lists them.
    order = {
        "groups": [g["id"] for g in (*latest["process_groups"], *latest["other_groups"])],
        "disciplines": [d["id"] for d in latest["disciplines"]],
    }
    return {
        "company": rows[-1].company,
        "assessments": points,
        "segments": segments,
        "order": order,
    }


def _by_kind(found: dict[tuple[str, str], int], kind: str) -> dict[str, float]:
    return {sid: score / 10 for (k, sid), score in found.items() if k == kind}


def _no_company(company: str, known: list[str]) -> InputError:
    near = difflib.get_close_matches(company, known, n=3, cutoff=0.5)
    if not near:
        near = [k for k in known if company_key(company) in company_key(k)][:3]
    hint = (
        f"did you mean {', '.join(repr(n) for n in near)}?"
        if near
        else "see the stored companies with: ci-assess history list"
    )
    return InputError.single("store", f"no stored assessment of {company!r}", hint=hint)


def remove(store: Store, *, company: str | None = None, ident: int | None = None) -> int:
    """Delete one company's assessments (``company``) or one (``ident``); how many."""
    if (company is None) == (ident is None):
        raise UsageError("give --company NAME or --id ID (one of them)")
    with store.begin() as conn:
        key = None if company is None else company_key(company)
        count = repo.remove(conn, company_key=key, ident=ident)
        if count == 0:
            if company is not None:
                raise _no_company(company, repo.companies(conn))
            raise InputError.single("store", f"no stored assessment has id {ident}")
    return count


def export(store: Store, fmt: Literal["csv", "jsonl"]) -> str:
    """``history export``: one CSV row per assessment, or one stored JSON report per line."""
    with store.begin() as conn:
        if fmt == "jsonl":
            return "".join(
                json.dumps(json.loads(row.report), ensure_ascii=False) + "\n"
                for row in repo.reports(conn)
            )
        rows = repo.listed(conn)
        scores = repo.scores_of(conn, [row.id for row in rows])
    subjects = sorted({key for found in scores.values() for key in found if key[0] != "overall"})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fixed = [
        "id",
        "company",
        "industry",
        "size",
        "assessed_on",
        "milestone",
        "respondents",
        "questionnaire_id",
        "questionnaire_version",
        "overall",
        "added_at",
    ]
    writer.writerow(fixed + [f"{kind}:{sid}" for kind, sid in subjects])
    for row in rows:
        entry = _entry(row)
        found = scores[row.id]
        writer.writerow(
            [
                entry["id"],
                entry["company"],
                entry["industry"] or "",
                entry["size"] or "",
                entry["assessed_on"],
                entry["milestone"] or "",
                "; ".join(entry["respondents"]),
                row.questionnaire_id,
                row.questionnaire_version,
                "" if entry["overall"] is None else f"{entry['overall']:.1f}",
                entry["added_at"],
                *("" if key not in found else f"{found[key] / 10:.1f}" for key in subjects),
            ]
        )
    return out.getvalue()
