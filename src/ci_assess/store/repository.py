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
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy import Integer as SqlInteger
from sqlalchemy import String as SqlString

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

    def row(self) -> dict[str, Any]:
        """The assessments row (JSON columns as text)."""
        values = {k: v for k, v in self.__dict__.items() if k != "scores"}
        values["respondents"] = json.dumps(self.respondents, ensure_ascii=False)
        values["answers"] = json.dumps(self.answers, ensure_ascii=False)
        return values


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
    _insert_scores(conn, int(new_id[0]), record.scores)
    return int(new_id[0])


def replace_record(conn: Connection, assessment_id: int, record: Record) -> None:
    """Overwrite the stored assessment ``assessment_id`` with ``record`` (same id)."""
    conn.execute(update(assessments).where(assessments.c.id == assessment_id).values(record.row()))
    conn.execute(delete(scores).where(scores.c.assessment_id == assessment_id))
    _insert_scores(conn, assessment_id, record.scores)


def _insert_scores(
    conn: Connection, assessment_id: int, found: Mapping[tuple[str, str], int]
) -> None:
    rows = [
        {"assessment_id": assessment_id, "kind": kind, "subject": subject, "score": score}
        for (kind, subject), score in found.items()
    ]
    if rows:
        conn.execute(insert(scores), rows)


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
    ids = list(conn.execute(select(a.id).where(condition)).scalars())
    if ids:  # scores first: a SQLite connection may not enforce the foreign key
        conn.execute(delete(scores).where(scores.c.assessment_id.in_(ids)))
        conn.execute(delete(assessments).where(assessments.c.id.in_(ids)))
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

    A peer is the latest assessment (by date, then id) of every other company with the
    same questionnaire id, major version and method, then kept when it is in the
    segment. The counting happens in the database: one query however many peers.
    """
    a = assessments.c
    ranked = (
        select(
            a.id,
            a.industry_key,
            a.size,
            func.row_number()
            .over(partition_by=a.company_key, order_by=(a.assessed_on.desc(), a.id.desc()))
            .label("recency"),
        )
        .where(
            a.questionnaire_id == peers.questionnaire_id,
            a.questionnaire_major == peers.questionnaire_major,
            a.method == peers.method,
            a.company_key != peers.not_company_key,
        )
        .cte("ranked")
    )
    conditions = [ranked.c.recency == 1]
    if peers.industry_key is not None:
        conditions.append(ranked.c.industry_key == peers.industry_key)
    if peers.size is not None:
        conditions.append(ranked.c.size == peers.size)
    latest = select(ranked.c.id).where(and_(*conditions)).cte("latest")
    total = conn.execute(select(func.count()).select_from(latest)).scalar_one()
    if not subject or not total:
        return total, {}
    # The subject's scores as a tiny table (a UNION of literals: SQLite's VALUES cannot
    # name its columns in FROM).
    wanted = union_all(
        *(
            select(
                literal(kind, SqlString).label("kind"),
                literal(sid, SqlString).label("subject"),
                literal(score, SqlInteger).label("score"),
            )
            for (kind, sid), score in subject.items()
        )
    ).cte("wanted")
    s = scores.c
    query = (
        select(
            wanted.c.kind,
            wanted.c.subject,
            func.sum(case((s.score < wanted.c.score, 1), else_=0)),
            func.sum(case((s.score == wanted.c.score, 1), else_=0)),
            func.count(s.score),
        )
        .select_from(wanted)
        .join(scores, and_(s.kind == wanted.c.kind, s.subject == wanted.c.subject))
        .join(latest, latest.c.id == s.assessment_id)
        .group_by(wanted.c.kind, wanted.c.subject)
    )
    counts = {
        (row[0], row[1]): (int(row[2]), int(row[3]), int(row[4])) for row in conn.execute(query)
    }
    return total, counts
