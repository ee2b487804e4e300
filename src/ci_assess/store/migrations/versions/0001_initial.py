"""The first store: assessments and their scores.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("company", sa.String(400), nullable=False),
        sa.Column("company_key", sa.String(400), nullable=False),
        sa.Column("industry", sa.String(400)),
        sa.Column("industry_key", sa.String(400)),
        sa.Column("size", sa.String(10)),
        sa.Column("assessed_on", sa.Date, nullable=False),
        sa.Column("milestone", sa.String(100)),
        sa.Column("respondents", sa.Text, nullable=False),
        sa.Column("questionnaire_id", sa.String(200), nullable=False),
        sa.Column("questionnaire_version", sa.String(50), nullable=False),
        sa.Column("questionnaire_major", sa.Integer, nullable=False),
        sa.Column("questionnaire_hash", sa.String(64), nullable=False),
        sa.Column("method", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.Column("overall", sa.Integer),
        sa.Column("tool_version", sa.String(50), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("peer_group", sa.String(300), nullable=False),
        sa.Column("latest", sa.Boolean, nullable=False),
        sa.UniqueConstraint(
            "company_key",
            "questionnaire_id",
            "questionnaire_major",
            "assessed_on",
            name="uq_assessments_identity",
        ),
    )
    op.create_index(
        "ix_assessments_peers", "assessments", ["peer_group", "latest", "industry_key", "size"]
    )
    op.create_index("ix_assessments_company", "assessments", ["company_key", "peer_group"])
    op.create_table(
        "scores",
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("subject", sa.String(200), primary_key=True),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("peer_group", sa.String(300), nullable=False),
        sa.Column("latest", sa.Boolean, nullable=False),
        sa.Column("industry_key", sa.String(400)),
        sa.Column("size", sa.String(10)),
    )
    op.create_index(
        "ix_scores_peers",
        "scores",
        ["peer_group", "latest", "kind", "subject", "industry_key", "size", "score"],
    )


def downgrade() -> None:
    op.drop_table("scores")
    op.drop_table("assessments")
