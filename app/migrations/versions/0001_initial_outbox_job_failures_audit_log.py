"""initial: outbox, job failures, audit log

Revision ID: 0001
Revises:
Create Date: 2026-11-27 23:46:33.688192
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_audit_entry",
        sa.Column(
            "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False
        ),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_auth_audit_entry")),
        sa.UniqueConstraint("hash", name=op.f("uq_auth_audit_entry_hash")),
    )
    with op.batch_alter_table("auth_audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_audit_entry_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_auth_audit_entry_subject"), ["subject"], unique=False)

    op.create_table(
        "auth_audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_audit_head")),
    )
    op.create_table(
        "workers_job_failure",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("job_id", sa.String(length=200), nullable=False),
        sa.Column("job_name", sa.String(length=120), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("retried_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers_job_failure")),
    )
    with op.batch_alter_table("workers_job_failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workers_job_failure_job_id"), ["job_id"], unique=False)

    op.create_table(
        "workers_outbox_event",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("dispatched_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("delivered_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers_outbox_event")),
    )
    with op.batch_alter_table("workers_outbox_event", schema=None) as batch_op:
        batch_op.create_index("ix_workers_outbox_event_pending", ["delivered_at", "id"], unique=False)

    op.create_table(
        "workers_outbox_receipt",
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("subscriber", sa.String(length=120), nullable=False),
        sa.Column("handled_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["workers_outbox_event.id"],
            name=op.f("fk_workers_outbox_receipt_event_id_workers_outbox_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "subscriber", name=op.f("pk_workers_outbox_receipt")),
    )


def downgrade() -> None:
    op.drop_table("workers_outbox_receipt")
    with op.batch_alter_table("workers_outbox_event", schema=None) as batch_op:
        batch_op.drop_index("ix_workers_outbox_event_pending")

    op.drop_table("workers_outbox_event")
    with op.batch_alter_table("workers_job_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workers_job_failure_job_id"))

    op.drop_table("workers_job_failure")
    op.drop_table("auth_audit_head")
    with op.batch_alter_table("auth_audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_audit_entry_subject"))
        batch_op.drop_index(batch_op.f("ix_auth_audit_entry_action"))

    op.drop_table("auth_audit_entry")
