"""auth: regions, bodies, users, grants, sessions, tokens

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 00:27:30.141130
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_mail",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("to", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sent_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_mail")),
    )
    op.create_table(
        "auth_oidc_login",
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("next_path", sa.String(length=300), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("state", name=op.f("pk_auth_oidc_login")),
    )
    op.create_table(
        "auth_region",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name_kk", sa.String(length=120), nullable=False),
        sa.Column("name_ru", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_auth_region")),
    )
    op.create_table(
        "auth_throttle",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("locked_until", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_throttle")),
    )
    op.create_table(
        "auth_user",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column(
            "email_verified_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.Column("oidc_subject", sa.String(length=255), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("totp_last_step", sa.BigInteger(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_user")),
        sa.UniqueConstraint("email", name=op.f("uq_auth_user_email")),
        sa.UniqueConstraint("oidc_subject", name=op.f("uq_auth_user_oidc_subject")),
    )
    op.create_table(
        "auth_action_token",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("used_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["auth_user.id"],
            name=op.f("fk_auth_action_token_user_id_auth_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_action_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_action_token_token_hash")),
    )
    with op.batch_alter_table("auth_action_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_action_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "auth_body",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("name_kk", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("parent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["auth_body.id"], name=op.f("fk_auth_body_parent_id_auth_body")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["auth_region.code"], name=op.f("fk_auth_body_region_code_auth_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_body")),
    )
    with op.batch_alter_table("auth_body", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_body_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_auth_body_region_code"), ["region_code"], unique=False)

    op.create_table(
        "auth_recovery_code",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["auth_user.id"],
            name=op.f("fk_auth_recovery_code_user_id_auth_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_recovery_code")),
    )
    with op.batch_alter_table("auth_recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_recovery_code_user_id"), ["user_id"], unique=False)

    op.create_table(
        "auth_refresh_token",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("used_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("revoked_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["auth_user.id"],
            name=op.f("fk_auth_refresh_token_user_id_auth_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_refresh_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_refresh_token_token_hash")),
    )
    with op.batch_alter_table("auth_refresh_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_refresh_token_family"), ["family"], unique=False)
        batch_op.create_index(batch_op.f("ix_auth_refresh_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "auth_session",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("pending_mfa", sa.Boolean(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("revoked_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["auth_user.id"], name=op.f("fk_auth_session_user_id_auth_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_session_token_hash")),
    )
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "auth_department",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("body_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name_kk", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["auth_body.id"],
            name=op.f("fk_auth_department_body_id_auth_body"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_department")),
    )
    with op.batch_alter_table("auth_department", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_department_body_id"), ["body_id"], unique=False)

    op.create_table(
        "auth_role_grant",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("body_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("granted_by", sa.String(length=120), nullable=False),
        sa.Column("granted_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("revoked_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["body_id"], ["auth_body.id"], name=op.f("fk_auth_role_grant_body_id_auth_body")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["auth_user.id"],
            name=op.f("fk_auth_role_grant_user_id_auth_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_role_grant")),
    )
    with op.batch_alter_table("auth_role_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_role_grant_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_auth_role_grant_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auth_role_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_role_grant_user_id"))
        batch_op.drop_index(batch_op.f("ix_auth_role_grant_body_id"))

    op.drop_table("auth_role_grant")
    with op.batch_alter_table("auth_department", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_department_body_id"))

    op.drop_table("auth_department")
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_session_user_id"))

    op.drop_table("auth_session")
    with op.batch_alter_table("auth_refresh_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_refresh_token_user_id"))
        batch_op.drop_index(batch_op.f("ix_auth_refresh_token_family"))

    op.drop_table("auth_refresh_token")
    with op.batch_alter_table("auth_recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_recovery_code_user_id"))

    op.drop_table("auth_recovery_code")
    with op.batch_alter_table("auth_body", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_body_region_code"))
        batch_op.drop_index(batch_op.f("ix_auth_body_parent_id"))

    op.drop_table("auth_body")
    with op.batch_alter_table("auth_action_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_action_token_user_id"))

    op.drop_table("auth_action_token")
    op.drop_table("auth_user")
    op.drop_table("auth_throttle")
    op.drop_table("auth_region")
    op.drop_table("auth_oidc_login")
    op.drop_table("auth_mail")
