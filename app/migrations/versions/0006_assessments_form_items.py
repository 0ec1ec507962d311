"""assessments: the items of each sitting's form as rows (the answer path checks membership by key)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BATCH = 1000


def upgrade() -> None:
    form_item = op.create_table(
        "assessments_form_item",
        sa.Column("session_id", ID, nullable=False),
        sa.Column("item_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["assessments_item.id"],
            name=op.f("fk_assessments_form_item_item_id_assessments_item"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assessments_session.id"],
            name=op.f("fk_assessments_form_item_session_id_assessments_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "item_id", name=op.f("pk_assessments_form_item")),
    )
    # Existing sittings: their forms' items become rows.
    sessions = sa.table("assessments_session", sa.column("id", ID), sa.column("form", sa.JSON()))
    bind = op.get_bind()
    rows: list[dict[str, int]] = []
    for session_id, form in bind.execute(sa.select(sessions.c.id, sessions.c.form)):
        rows.extend({"session_id": session_id, "item_id": int(e["item"])} for e in form or [])
        if len(rows) >= BATCH:
            op.bulk_insert(form_item, rows)
            rows = []
    if rows:
        op.bulk_insert(form_item, rows)


def downgrade() -> None:
    op.drop_table("assessments_form_item")
