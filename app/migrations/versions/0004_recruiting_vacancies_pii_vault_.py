"""recruiting: vacancies, PII vault, applications, stages, reveal, fairness

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 00:57:14.819934
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recruiting_score",
        sa.Column(
            "application_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("vacancy_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("composite", sa.Float(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("merit_rank", sa.Integer(), nullable=False),
        sa.Column("admitted", sa.Boolean(), nullable=False),
        sa.Column("failed", sa.JSON(), nullable=False),
        sa.Column("ranked_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_recruiting_score")),
    )
    with op.batch_alter_table("recruiting_score", schema=None) as batch_op:
        batch_op.create_index(
            "ix_recruiting_score_vacancy_position", ["vacancy_id", "position"], unique=False
        )

    op.create_table(
        "recruiting_candidate_result",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("test", sa.String(length=40), nullable=False),
        sa.Column("session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("theta", sa.Float(), nullable=True),
        sa.Column("recorded_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["auth_user.id"], name=op.f("fk_recruiting_candidate_result_user_id_auth_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_candidate_result")),
        sa.UniqueConstraint("user_id", "test", name=op.f("uq_recruiting_candidate_result_user_id")),
    )
    op.create_table(
        "recruiting_demographics",
        sa.Column(
            "user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("gender", sa.String(length=24), nullable=True),
        sa.Column("age_band", sa.String(length=16), nullable=True),
        sa.Column("region_of_origin", sa.String(length=40), nullable=True),
        sa.Column("ethnicity", sa.String(length=40), nullable=True),
        sa.Column("disability", sa.String(length=24), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["auth_user.id"], name=op.f("fk_recruiting_demographics_user_id_auth_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_recruiting_demographics")),
    )
    op.create_table(
        "recruiting_merit_profile",
        sa.Column(
            "user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("education_level", sa.String(length=32), nullable=False),
        sa.Column("field_of_study", sa.String(length=120), nullable=False),
        sa.Column("years_experience", sa.Float(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("wants_matches", sa.Boolean(), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["auth_user.id"], name=op.f("fk_recruiting_merit_profile_user_id_auth_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_recruiting_merit_profile")),
    )
    op.create_table(
        "recruiting_pii_record",
        sa.Column(
            "user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("nonce", sa.LargeBinary(length=16), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["auth_user.id"], name=op.f("fk_recruiting_pii_record_user_id_auth_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_recruiting_pii_record")),
    )
    with op.batch_alter_table("recruiting_pii_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recruiting_pii_record_key_id"), ["key_id"], unique=False)

    op.create_table(
        "recruiting_vacancy",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("body_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("requirements", sa.JSON(), nullable=False),
        sa.Column("assessments", sa.JSON(), nullable=False),
        sa.Column("commission", sa.JSON(), nullable=False),
        sa.Column("senior", sa.Boolean(), nullable=False),
        sa.Column("opens_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("closes_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("published_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["body_id"], ["auth_body.id"], name=op.f("fk_recruiting_vacancy_body_id_auth_body")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["auth_user.id"], name=op.f("fk_recruiting_vacancy_created_by_auth_user")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["auth_region.code"], name=op.f("fk_recruiting_vacancy_region_code_auth_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_vacancy")),
    )
    with op.batch_alter_table("recruiting_vacancy", schema=None) as batch_op:
        batch_op.create_index("ix_recruiting_vacancy_body_status", ["body_id", "status"], unique=False)
        batch_op.create_index(
            "ix_recruiting_vacancy_search",
            ["status", "region_code", "category", "published_at"],
            unique=False,
        )

    op.create_table(
        "recruiting_application",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("vacancy_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("submitted_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("motivation_anon", sa.Text(), nullable=True),
        sa.Column("cv_anon", sa.Text(), nullable=True),
        sa.Column("anonymized_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("eligible", sa.Boolean(), nullable=True),
        sa.Column("eligibility_reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["auth_user.id"], name=op.f("fk_recruiting_application_user_id_auth_user")
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["recruiting_vacancy.id"],
            name=op.f("fk_recruiting_application_vacancy_id_recruiting_vacancy"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_application")),
        sa.UniqueConstraint("code", name=op.f("uq_recruiting_application_code")),
        sa.UniqueConstraint("user_id", "vacancy_id", name=op.f("uq_recruiting_application_user_id")),
    )
    with op.batch_alter_table("recruiting_application", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recruiting_application_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "ix_recruiting_application_vacancy_status", ["vacancy_id", "status"], unique=False
        )

    op.create_table(
        "recruiting_application_text",
        sa.Column("application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("motivation", sa.Text(), nullable=False),
        sa.Column("cv_text", sa.Text(), nullable=False),
        sa.Column("cv_kind", sa.String(length=8), nullable=True),
        sa.Column("cv_bytes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["recruiting_application.id"],
            name=op.f("fk_recruiting_application_text_application_id_recruiting_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_recruiting_application_text")),
    )
    op.create_table(
        "recruiting_commission_answer",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("question", sa.String(length=200), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("text_anon", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["recruiting_application.id"],
            name=op.f("fk_recruiting_commission_answer_application_id_recruiting_application"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_commission_answer")),
        sa.UniqueConstraint(
            "application_id", "stage", "question", name=op.f("uq_recruiting_commission_answer_application_id")
        ),
    )
    op.create_table(
        "recruiting_commission_score",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reviewer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("question", sa.String(length=200), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("mean", sa.Float(), nullable=False),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["recruiting_application.id"],
            name=op.f("fk_recruiting_commission_score_application_id_recruiting_application"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["auth_user.id"],
            name=op.f("fk_recruiting_commission_score_reviewer_id_auth_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_commission_score")),
        sa.UniqueConstraint(
            "application_id",
            "reviewer_id",
            "stage",
            "question",
            name=op.f("uq_recruiting_commission_score_application_id"),
        ),
    )
    with op.batch_alter_table("recruiting_commission_score", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recruiting_commission_score_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "recruiting_reserve",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("body_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["recruiting_application.id"],
            name=op.f("fk_recruiting_reserve_application_id_recruiting_application"),
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["auth_body.id"], name=op.f("fk_recruiting_reserve_body_id_auth_body")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["auth_user.id"], name=op.f("fk_recruiting_reserve_user_id_auth_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_reserve")),
        sa.UniqueConstraint("application_id", name=op.f("uq_recruiting_reserve_application_id")),
    )
    with op.batch_alter_table("recruiting_reserve", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recruiting_reserve_user_id"), ["user_id"], unique=False)

    op.create_table(
        "recruiting_reveal",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["auth_user.id"], name=op.f("fk_recruiting_reveal_actor_id_auth_user")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["recruiting_application.id"],
            name=op.f("fk_recruiting_reveal_application_id_recruiting_application"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_reveal")),
    )
    with op.batch_alter_table("recruiting_reveal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recruiting_reveal_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "recruiting_status_change",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["auth_user.id"], name=op.f("fk_recruiting_status_change_actor_id_auth_user")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["recruiting_application.id"],
            name=op.f("fk_recruiting_status_change_application_id_recruiting_application"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruiting_status_change")),
    )
    with op.batch_alter_table("recruiting_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recruiting_status_change_application_id"), ["application_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("recruiting_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recruiting_status_change_application_id"))

    op.drop_table("recruiting_status_change")
    with op.batch_alter_table("recruiting_reveal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recruiting_reveal_application_id"))

    op.drop_table("recruiting_reveal")
    with op.batch_alter_table("recruiting_reserve", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recruiting_reserve_user_id"))

    op.drop_table("recruiting_reserve")
    with op.batch_alter_table("recruiting_commission_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recruiting_commission_score_application_id"))

    op.drop_table("recruiting_commission_score")
    op.drop_table("recruiting_commission_answer")
    op.drop_table("recruiting_application_text")
    with op.batch_alter_table("recruiting_application", schema=None) as batch_op:
        batch_op.drop_index("ix_recruiting_application_vacancy_status")
        batch_op.drop_index(batch_op.f("ix_recruiting_application_user_id"))

    op.drop_table("recruiting_application")
    with op.batch_alter_table("recruiting_vacancy", schema=None) as batch_op:
        batch_op.drop_index("ix_recruiting_vacancy_search")
        batch_op.drop_index("ix_recruiting_vacancy_body_status")

    op.drop_table("recruiting_vacancy")
    with op.batch_alter_table("recruiting_pii_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recruiting_pii_record_key_id"))

    op.drop_table("recruiting_pii_record")
    op.drop_table("recruiting_merit_profile")
    op.drop_table("recruiting_demographics")
    op.drop_table("recruiting_candidate_result")
    with op.batch_alter_table("recruiting_score", schema=None) as batch_op:
        batch_op.drop_index("ix_recruiting_score_vacancy_position")

    op.drop_table("recruiting_score")
