"""assessments: standing accommodations (extra time added to every sitting a candidate starts)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 03:20:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "assessments_accommodation",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("extra_minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("granted_by", ID, nullable=False),
        sa.Column("granted_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["granted_by"], ["auth_user.id"], name=op.f("fk_assessments_accommodation_granted_by_auth_user")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["auth_user.id"],
            name=op.f("fk_assessments_accommodation_user_id_auth_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_assessments_accommodation")),
    )


def downgrade() -> None:
    op.drop_table("assessments_accommodation")
