"""assessments and recruiting: essays of sittings scored blind by the commission, points written back

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
STAMP = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table(
        "assessments_essay_score",
        sa.Column("session_id", ID, nullable=False),
        sa.Column("item_id", ID, nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("recorded_at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["assessments_item.id"],
            name=op.f("fk_assessments_essay_score_item_id_assessments_item"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assessments_session.id"],
            name=op.f("fk_assessments_essay_score_session_id_assessments_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "item_id", name=op.f("pk_assessments_essay_score")),
    )
    op.create_table(
        "recruiting_assessment_essay",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("item_id", ID, nullable=False),
        sa.Column("candidate_id", ID, nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("text_anon", sa.Text(), nullable=False),
        sa.Column("max_points", sa.Float(), nullable=False),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("received_at", STAMP, nullable=False),
        sa.Column("scored_at", STAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["auth_user.id"],
            name=op.f("fk_recruiting_assessment_essay_candidate_id_auth_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_assessment_essay")),
        sa.UniqueConstraint("code", name=op.f("uq_recruiting_assessment_essay_code")),
        sa.UniqueConstraint("session_id", "item_id", name=op.f("uq_recruiting_assessment_essay_session_id")),
    )
    with op.batch_alter_table("recruiting_assessment_essay", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recruiting_assessment_essay_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recruiting_assessment_essay_scored_at"), ["scored_at"], unique=False
        )
    op.create_table(
        "recruiting_assessment_essay_score",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("essay_id", ID, nullable=False),
        sa.Column("reviewer_id", ID, nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["essay_id"],
            ["recruiting_assessment_essay.id"],
            name=op.f("fk_recruiting_assessment_essay_score_essay_id_recruiting_assessment_essay"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["auth_user.id"],
            name=op.f("fk_recruiting_assessment_essay_score_reviewer_id_auth_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_assessment_essay_score")),
        sa.UniqueConstraint(
            "essay_id", "reviewer_id", name=op.f("uq_recruiting_assessment_essay_score_essay_id")
        ),
    )
    with op.batch_alter_table("recruiting_assessment_essay_score", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recruiting_assessment_essay_score_essay_id"), ["essay_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("recruiting_assessment_essay_score")
    op.drop_table("recruiting_assessment_essay")
    op.drop_table("assessments_essay_score")
