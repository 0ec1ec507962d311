"""assessments: item bank, tests, sittings, answers, flags, appeals, certificates

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 01:20:49.600527
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessments_item",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("bank", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("exposure", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("irt", sa.JSON(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments_item")),
        sa.UniqueConstraint("key", "version", name=op.f("uq_assessments_item_key")),
    )
    with op.batch_alter_table("assessments_item", schema=None) as batch_op:
        batch_op.create_index("ix_assessments_item_bank_status", ["bank", "status"], unique=False)

    op.create_table(
        "assessments_test",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("blueprint", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments_test")),
        sa.UniqueConstraint("slug", name=op.f("uq_assessments_test_slug")),
    )
    op.create_table(
        "assessments_session",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("candidate_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("test_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("open_key", sa.String(length=64), nullable=True),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("started_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("deadline_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("extra_time_minutes", sa.Integer(), nullable=False),
        sa.Column("start_ip", sa.String(length=64), nullable=True),
        sa.Column("last_ip", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score", sa.JSON(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("theta", sa.Float(), nullable=True),
        sa.Column("rescored_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("exposure_counted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["auth_user.id"], name=op.f("fk_assessments_session_candidate_id_auth_user")
        ),
        sa.ForeignKeyConstraint(
            ["test_id"], ["assessments_test.id"], name=op.f("fk_assessments_session_test_id_assessments_test")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments_session")),
        sa.UniqueConstraint("open_key", name=op.f("uq_assessments_session_open_key")),
    )
    with op.batch_alter_table("assessments_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessments_session_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            "ix_assessments_session_candidate_test", ["candidate_id", "test_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assessments_session_status"), ["status"], unique=False)

    op.create_table(
        "assessments_answer",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("saved_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column(
            "first_saved_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["assessments_item.id"], name=op.f("fk_assessments_answer_item_id_assessments_item")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assessments_session.id"],
            name=op.f("fk_assessments_answer_session_id_assessments_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments_answer")),
        sa.UniqueConstraint("session_id", "item_id", name=op.f("uq_assessments_answer_session_id")),
    )
    op.create_table(
        "assessments_appeal",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=True),
        sa.Column("decided_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("filed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("decided_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["auth_user.id"], name=op.f("fk_assessments_appeal_decided_by_auth_user")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["assessments_item.id"], name=op.f("fk_assessments_appeal_item_id_assessments_item")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assessments_session.id"],
            name=op.f("fk_assessments_appeal_session_id_assessments_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments_appeal")),
    )
    with op.batch_alter_table("assessments_appeal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessments_appeal_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessments_appeal_status"), ["status"], unique=False)

    op.create_table(
        "assessments_certificate",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assessments_session.id"],
            name=op.f("fk_assessments_certificate_session_id_assessments_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments_certificate")),
        sa.UniqueConstraint("code", name=op.f("uq_assessments_certificate_code")),
        sa.UniqueConstraint("session_id", name=op.f("uq_assessments_certificate_session_id")),
    )
    op.create_table(
        "assessments_flag",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("peer_session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("decided_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["auth_user.id"], name=op.f("fk_assessments_flag_decided_by_auth_user")
        ),
        sa.ForeignKeyConstraint(
            ["peer_session_id"],
            ["assessments_session.id"],
            name=op.f("fk_assessments_flag_peer_session_id_assessments_session"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assessments_session.id"],
            name=op.f("fk_assessments_flag_session_id_assessments_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments_flag")),
        sa.UniqueConstraint("key", name=op.f("uq_assessments_flag_key")),
    )
    with op.batch_alter_table("assessments_flag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessments_flag_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessments_flag_status"), ["status"], unique=False)

    op.create_table(
        "assessments_session_event",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assessments_session.id"],
            name=op.f("fk_assessments_session_event_session_id_assessments_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments_session_event")),
    )
    with op.batch_alter_table("assessments_session_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessments_session_event_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assessments_session_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_session_event_session_id"))

    op.drop_table("assessments_session_event")
    with op.batch_alter_table("assessments_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_flag_status"))
        batch_op.drop_index(batch_op.f("ix_assessments_flag_session_id"))

    op.drop_table("assessments_flag")
    op.drop_table("assessments_certificate")
    with op.batch_alter_table("assessments_appeal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_appeal_status"))
        batch_op.drop_index(batch_op.f("ix_assessments_appeal_session_id"))

    op.drop_table("assessments_appeal")
    op.drop_table("assessments_answer")
    with op.batch_alter_table("assessments_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_session_status"))
        batch_op.drop_index("ix_assessments_session_candidate_test")
        batch_op.drop_index(batch_op.f("ix_assessments_session_candidate_id"))

    op.drop_table("assessments_session")
    op.drop_table("assessments_test")
    with op.batch_alter_table("assessments_item", schema=None) as batch_op:
        batch_op.drop_index("ix_assessments_item_bank_status")

    op.drop_table("assessments_item")
