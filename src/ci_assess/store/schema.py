"""The store's tables, the same on SQLite and PostgreSQL.

An assessment is one company at one date: its identity is (company key,
questionnaire id, questionnaire major version, assessed_on), a unique index, so that
two consultants adding the same assessment at once cannot both succeed. Scores are
kept in tenths (whole numbers): the one-decimal scores every report shows, so that a
benchmark judges ties on exactly what the reports show. The answers are kept exactly
as given (each respondent's file text) beside the computed JSON report.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("company", String(400), nullable=False),
    Column("company_key", String(400), nullable=False),
    Column("industry", String(400)),
    Column("industry_key", String(400)),
    Column("size", String(10)),
    Column("assessed_on", Date, nullable=False),
    Column("milestone", String(100)),
    Column("respondents", Text, nullable=False),  # JSON list of strings
    Column("questionnaire_id", String(200), nullable=False),
    Column("questionnaire_version", String(50), nullable=False),
    Column("questionnaire_major", Integer, nullable=False),
    Column("questionnaire_hash", String(64), nullable=False),
    Column("method", Integer, nullable=False),  # the questionnaire's format: 1 or 2
    Column("content_hash", String(64), nullable=False),
    Column("answers", Text, nullable=False),  # JSON list of {source, text}
    Column("report", Text, nullable=False),  # the JSON report
    Column("overall", Integer),  # tenths
    Column("tool_version", String(50), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    # Who a benchmark compares with, kept up to date when assessments are added or
    # removed, so that a benchmark over 100,000 assessments reads an index instead of
    # ranking every company's assessments: the peer group (questionnaire id, major
    # version, method) and whether this is the company's latest assessment in it.
    Column("peer_group", String(300), nullable=False),
    Column("latest", Boolean, nullable=False),
    UniqueConstraint(
        "company_key",
        "questionnaire_id",
        "questionnaire_major",
        "assessed_on",
        name="uq_assessments_identity",
    ),
    Index("ix_assessments_peers", "peer_group", "latest", "industry_key", "size"),
    Index("ix_assessments_company", "company_key", "peer_group"),
)

scores = Table(
    "scores",
    metadata,
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("kind", String(20), primary_key=True),  # overall, group or discipline
    Column("subject", String(200), primary_key=True),  # '' for overall
    Column("score", Integer, nullable=False),  # tenths
    # Copies of the assessment's peer columns: a benchmark counts from this index alone.
    Column("peer_group", String(300), nullable=False),
    Column("latest", Boolean, nullable=False),
    Column("industry_key", String(400)),
    Column("size", String(10)),
    Index(
        "ix_scores_peers",
        "peer_group",
        "latest",
        "kind",
        "subject",
        "industry_key",
        "size",
        "score",
    ),
)
