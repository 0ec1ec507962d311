"""assessments and recruiting: the standard error of the EAP ability, kept next to theta

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("assessments_session", "recruiting_candidate_result")


def upgrade() -> None:
    # Existing rows keep NULL: their theta has no standard error, so recruiting ranks them on raw scores
    # until the sitting is scored again.
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("theta_se", sa.Float(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("theta_se")
