"""Every query of the store, on a connection the caller holds (one transaction each).

The app layer decides what to store and what a figure means; this module only reads
and writes rows. Scores are whole numbers of tenths here (see ``schema``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    and_,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from ci_assess.store.schema import assessments, scores


@dataclass(frozen=True)
class Record:
    """One assessment as stored: identity, metadata, what was given and what was computed."""

    company: str
    company_key: str
    industry: str | None
    industry_key: str | None
    size: str | None
    assessed_on: dt.date
    milestone: str | None
    respondents: list[str]
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_major: int
    questionnaire_hash: str
    method: int
    content_hash: str
    answers: list[dict[str, str]]
    report: str
    overall: int | None
    tool_version: str
    added_at: dt.datetime
    scores: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def peer_group(self) -> str:
        return peer_group(self.questionnaire_id, self.questionnaire_major, self.method)

    def row(self) -> dict[str, Any]:
        """The assessments row (JSON columns as text; ``latest`` set by ``refresh_latest``)."""
        values = {k: v for k, v in self.__dict__.items() if k != "scores"}
        values["respondents"] = json.dumps(self.respondents, ensure_ascii=False)
        values["answers"] = json.dumps(self.answers, ensure_ascii=False)
        values["peer_group"] = self.peer_group
        values["latest"] = False
        return values


def peer_group(questionnaire_id: str, major: int, method: int) -> str:
    """The key of the assessments a benchmark compares: questionnaire id, major, method."""
    return f"{questionnaire_id}|{major}|{method}"


@dataclass(frozen=True)
class Identity:
    """What makes two assessments the same one."""

    company_key: str
    questionnaire_id: str
    questionnaire_major: int
    assessed_on: dt.date


def find(conn: Connection, identity: Identity) -> Any:
    """The stored assessment with this identity, if any."""
    a = assessments.c
    query = select(a.id, a.content_hash, a.milestone).where(
        a.company_key == identity.company_key,
        a.questionnaire_id == identity.questionnaire_id,
        a.questionnaire_major == identity.questionnaire_major,
        a.assessed_on == identity.assessed_on,
    )
    return conn.execute(query).first()


def insert_record(conn: Connection, record: Record) -> int:
    """Insert ``record`` and its scores; its new id."""
    new_id = conn.execute(insert(assessments).values(record.row())).inserted_primary_key
    assert new_id is not None
    _insert_scores(conn, int(new_id[0]), record)
    refresh_latest(conn, record.company_key, record.peer_group)
    return int(new_id[0])


def replace_record(conn: Connection, assessment_id: int, record: Record) -> None:
    """Overwrite the stored assessment ``assessment_id`` with ``record`` (same id)."""
    conn.execute(update(assessments).where(assessments.c.id == assessment_id).values(record.row()))
    conn.execute(delete(scores).where(scores.c.assessment_id == assessment_id))
    _insert_scores(conn, assessment_id, record)
    refresh_latest(conn, record.company_key, record.peer_group)


def _insert_scores(conn: Connection, assessment_id: int, record: Record) -> None:
    shared = {
        "assessment_id": assessment_id,
        "peer_group": record.peer_group,
        "latest": False,
        "industry_key": record.industry_key,
        "size": record.size,
    }
    rows = [
        {**shared, "kind": kind, "subject": subject, "score": score}
        for (kind, subject), score in record.scores.items()
    ]
    if rows:
        conn.execute(insert(scores), rows)


def refresh_latest(conn: Connection, company_key: str, group: str) -> None:
    """Mark the company's latest assessment in the peer group (by date, then id), and
    only it, on the assessment and its scores.

    On PostgreSQL a per-company advisory lock makes two adds of one company wait for
    each other here, so that they cannot both leave their own assessment marked.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"{group}|{company_key}"))))
    a, s = assessments.c, scores.c
    mine = and_(a.company_key == company_key, a.peer_group == group)
    newest = conn.execute(
        select(a.id).where(mine).order_by(a.assessed_on.desc(), a.id.desc()).limit(1)
    ).scalar()
    # One statement per table: the rows marked now, and the one to mark, get
    # latest = (it is the newest); every other row is left alone.
    conn.execute(
        update(assessments)
        .where(mine, or_(a.latest.is_(True), a.id == newest))
        .values(latest=a.id == newest)
    )
    conn.execute(
        update(scores)
        .where(
            s.assessment_id.in_(select(a.id).where(mine).scalar_subquery()),
            or_(s.latest.is_(True), s.assessment_id == newest),
        )
        .values(latest=s.assessment_id == newest)
    )


LISTED = (
    assessments.c.id,
    assessments.c.company,
    assessments.c.industry,
    assessments.c.size,
    assessments.c.assessed_on,
    assessments.c.milestone,
    assessments.c.respondents,
    assessments.c.questionnaire_id,
    assessments.c.questionnaire_version,
    assessments.c.questionnaire_major,
    assessments.c.overall,
    assessments.c.added_at,
)


def listed(conn: Connection, company_key: str | None = None) -> list[Row[Any]]:
    """Every stored assessment (of one company), by company, date and id."""
    a = assessments.c
    query = select(*LISTED).order_by(a.company_key, a.assessed_on, a.id)
    if company_key is not None:
        query = query.where(a.company_key == company_key)
    return list(conn.execute(query))


def reports(conn: Connection, company_key: str | None = None) -> list[Row[Any]]:
    """Id, company and stored JSON report of each assessment, in list order."""
    a = assessments.c
    query = select(a.id, a.company, a.report).order_by(a.company_key, a.assessed_on, a.id)
    if company_key is not None:
        query = query.where(a.company_key == company_key)
    return list(conn.execute(query))


def scores_of(conn: Connection, ids: Sequence[int]) -> dict[int, dict[tuple[str, str], int]]:
    """The stored scores of each assessment in ``ids``."""
    found: dict[int, dict[tuple[str, str], int]] = {i: {} for i in ids}
    s = scores.c
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = list(ids[start : start + 500])
        query = select(s.assessment_id, s.kind, s.subject, s.score).where(
            s.assessment_id.in_(chunk)
        )
        for row in conn.execute(query):
            found[row.assessment_id][row.kind, row.subject] = row.score
    return found


def companies(conn: Connection) -> list[str]:
    """Every stored company name, once each."""
    return list(conn.execute(select(assessments.c.company).distinct()).scalars())


def remove(conn: Connection, *, company_key: str | None = None, ident: int | None = None) -> int:
    """Delete one company's assessments, or one assessment; how many were deleted."""
    a = assessments.c
    condition = a.company_key == company_key if company_key is not None else a.id == ident
    found = list(conn.execute(select(a.id, a.company_key, a.peer_group).where(condition)))
    ids = [row.id for row in found]
    if ids:  # scores first: a SQLite connection may not enforce the foreign key
        conn.execute(delete(scores).where(scores.c.assessment_id.in_(ids)))
        conn.execute(delete(assessments).where(assessments.c.id.in_(ids)))
    for key, group in {(row.company_key, row.peer_group) for row in found}:
        refresh_latest(conn, key, group)  # an earlier assessment may be the latest now
    return len(ids)


def full(conn: Connection, assessment_id: int) -> Row[Any] | None:
    """Every column of one assessment."""
    return conn.execute(select(assessments).where(assessments.c.id == assessment_id)).first()


def earlier(
    conn: Connection,
    company_key: str,
    questionnaire_id: str,
    before: dt.date,
    *,
    milestone: str | None = None,
    not_hash: str | None = None,
) -> Row[Any] | None:
    """The latest assessment of a company and questionnaire dated strictly before ``before``
    (with ``milestone`` if given; never one whose content hash is ``not_hash``)."""
    a = assessments.c
    query = select(assessments).where(
        a.company_key == company_key, a.questionnaire_id == questionnaire_id, a.assessed_on < before
    )
    if milestone is not None:
        query = query.where(a.milestone == milestone)
    if not_hash is not None:
        query = query.where(a.content_hash != not_hash)
    return conn.execute(query.order_by(a.assessed_on.desc(), a.id.desc()).limit(1)).first()


@dataclass(frozen=True)
class Peers:
    """Which stored assessments a benchmark compares with."""

    questionnaire_id: str
    questionnaire_major: int
    method: int
    not_company_key: str
    industry_key: str | None = None
    size: str | None = None


def peer_counts(
    conn: Connection, peers: Peers, subject: Mapping[tuple[str, str], int]
) -> tuple[int, dict[tuple[str, str], tuple[int, int, int]]]:
    """How many peers there are, and for each of ``subject``'s scores (kind, id) -> tenths,
    how many peers score below it, equal to it, and have it at all.

    A peer is the latest assessment of every other company in the peer group (same
    questionnaire id, major version and method) that is in the segment. The counting
    reads the scores' peer index; the subject company's own latest assessment, if it is
    stored, is counted with the rest and then taken out again (cheaper than excluding
    it row by row).
    """
    group = peer_group(peers.questionnaire_id, peers.questionnaire_major, peers.method)
    a, s = assessments.c, scores.c
    segment_a: list[Any] = [a.peer_group == group, a.latest.is_(True)]
    segment_s: list[Any] = [s.peer_group == group, s.latest.is_(True)]
    if peers.industry_key is not None:
        segment_a.append(a.industry_key == peers.industry_key)
        segment_s.append(s.industry_key == peers.industry_key)
    if peers.size is not None:
        segment_a.append(a.size == peers.size)
        segment_s.append(s.size == peers.size)
    total = int(conn.execute(select(func.count()).where(*segment_a)).scalar_one())
    counts: dict[tuple[str, str], tuple[int, int, int]] = {}
    if subject and total:
        counts = _counts(conn, subject, segment_s)
    own = conn.execute(
        select(a.id).where(*segment_a, a.company_key == peers.not_company_key)
    ).scalar()
    if own is None:
        return total, counts
    for key, score in scores_of(conn, [own])[own].items():
        if key in counts:
            below, equal, n = counts[key]
            mine = subject[key]
            counts[key] = (below - (score < mine), equal - (score == mine), n - 1)
    return total - 1, counts


def _counts(
    conn: Connection, subject: Mapping[tuple[str, str], int], segment: list[Any]
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """Below, equal and with-a-score counts of each subject score, one query per score
    (each an index range: peer group, latest, kind, subject)."""
    s = scores.c
    found = {}
    for (kind, sid), score in subject.items():
        below, equal, n = conn.execute(
            select(
                func.coalesce(func.sum(case((s.score < score, 1), else_=0)), 0),
                func.coalesce(func.sum(case((s.score == score, 1), else_=0)), 0),
                func.count(),
            ).where(*segment, s.kind == kind, s.subject == sid)
        ).one()
        found[kind, sid] = (int(below), int(equal), int(n))
    return found
