"""training: courses, staff, enrolments, progress, certificates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 00:49:36.553966
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_course",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("recertify_months", sa.Integer(), nullable=True),
        sa.Column("pass_mark_percent", sa.Integer(), nullable=False),
        sa.Column("blueprint", sa.JSON(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("due_days", sa.Integer(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_course")),
        sa.UniqueConstraint("slug", name=op.f("uq_training_course_slug")),
    )
    op.create_table(
        "training_roster_import",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("body_scope", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("finished_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_roster_import")),
    )
    op.create_table(
        "training_module",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["training_course.id"],
            name=op.f("fk_training_module_course_id_training_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_module")),
    )
    op.create_table(
        "training_assignment",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("body_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("target_ref", sa.String(length=255), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["auth_body.id"], name=op.f("fk_training_assignment_body_id_auth_body")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["training_course.id"],
            name=op.f("fk_training_assignment_course_id_training_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_assignment")),
    )
    op.create_table(
        "training_lesson",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("module_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["training_course.id"],
            name=op.f("fk_training_lesson_course_id_training_course"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["training_module.id"],
            name=op.f("fk_training_lesson_module_id_training_module"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_lesson")),
        sa.UniqueConstraint("course_id", "slug", name=op.f("uq_training_lesson_course_id")),
    )
    with op.batch_alter_table("training_lesson", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_lesson_course_id"), ["course_id"], unique=False)

    op.create_table(
        "training_staff_member",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("personnel_number", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("body_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("department", sa.String(length=255), nullable=False),
        sa.Column("position", sa.String(length=255), nullable=False),
        sa.Column("manager_email", sa.String(length=254), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["auth_body.id"], name=op.f("fk_training_staff_member_body_id_auth_body")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["auth_user.id"], name=op.f("fk_training_staff_member_user_id_auth_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_staff_member")),
        sa.UniqueConstraint("personnel_number", name=op.f("uq_training_staff_member_personnel_number")),
        sa.UniqueConstraint("user_id", name=op.f("uq_training_staff_member_user_id")),
    )
    with op.batch_alter_table("training_staff_member", schema=None) as batch_op:
        batch_op.create_index("ix_training_staff_member_body_dept", ["body_id", "department"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_staff_member_email"), ["email"], unique=False)

    op.create_table(
        "training_enrolment",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("course_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("body_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("department", sa.String(length=255), nullable=False),
        sa.Column("assignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("enrolled_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("course_revision", sa.Integer(), nullable=False),
        sa.Column(
            "last_activity_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.Column("completed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["training_assignment.id"],
            name=op.f("fk_training_enrolment_assignment_id_training_assignment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["auth_body.id"], name=op.f("fk_training_enrolment_body_id_auth_body")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["training_course.id"],
            name=op.f("fk_training_enrolment_course_id_training_course"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["training_staff_member.id"],
            name=op.f("fk_training_enrolment_staff_id_training_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_enrolment")),
        sa.UniqueConstraint("staff_id", "course_id", name=op.f("uq_training_enrolment_staff_id")),
    )
    with op.batch_alter_table("training_enrolment", schema=None) as batch_op:
        batch_op.create_index("ix_training_enrolment_completed_at", ["completed_at"], unique=False)
        batch_op.create_index(
            "ix_training_enrolment_course_place",
            ["course_id", "body_id", "department", "status", "due_date"],
            unique=False,
        )
        batch_op.create_index("ix_training_enrolment_due", ["due_date", "status"], unique=False)
        batch_op.create_index(
            "ix_training_enrolment_place", ["body_id", "department", "status", "due_date"], unique=False
        )

    op.create_table(
        "training_certificate",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("enrolment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("course_revision", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("course_title", sa.JSON(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("revoked_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["training_enrolment.id"],
            name=op.f("fk_training_certificate_enrolment_id_training_enrolment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_certificate")),
        sa.UniqueConstraint("code", name=op.f("uq_training_certificate_code")),
    )
    with op.batch_alter_table("training_certificate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_certificate_enrolment_id"), ["enrolment_id"], unique=False
        )

    op.create_table(
        "training_lesson_progress",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("enrolment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("lesson_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("opened_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("completed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["training_enrolment.id"],
            name=op.f("fk_training_lesson_progress_enrolment_id_training_enrolment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["training_lesson.id"],
            name=op.f("fk_training_lesson_progress_lesson_id_training_lesson"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_lesson_progress")),
        sa.UniqueConstraint(
            "enrolment_id", "lesson_id", name=op.f("uq_training_lesson_progress_enrolment_id")
        ),
    )
    with op.batch_alter_table("training_lesson_progress", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_lesson_progress_enrolment_id"), ["enrolment_id"], unique=False
        )

    op.create_table(
        "training_quiz_attempt",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("enrolment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("started_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("submitted_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("max_score", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["training_enrolment.id"],
            name=op.f("fk_training_quiz_attempt_enrolment_id_training_enrolment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_quiz_attempt")),
    )
    with op.batch_alter_table("training_quiz_attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_quiz_attempt_enrolment_id"), ["enrolment_id"], unique=False
        )

    op.create_table(
        "training_reminder",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("enrolment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("risk", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["training_enrolment.id"],
            name=op.f("fk_training_reminder_enrolment_id_training_enrolment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_reminder")),
        sa.UniqueConstraint(
            "enrolment_id", "kind", "sent_on", name=op.f("uq_training_reminder_enrolment_id")
        ),
    )
    with op.batch_alter_table("training_reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_reminder_enrolment_id"), ["enrolment_id"], unique=False)

    op.create_table(
        "training_xapi_statement",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("enrolment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("verb", sa.String(length=20), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=False),
        sa.Column("stored_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("forwarded_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["training_enrolment.id"],
            name=op.f("fk_training_xapi_statement_enrolment_id_training_enrolment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_xapi_statement")),
        sa.UniqueConstraint("statement_id", name=op.f("uq_training_xapi_statement_statement_id")),
    )
    with op.batch_alter_table("training_xapi_statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_xapi_statement_enrolment_id"), ["enrolment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_xapi_statement_forwarded_at"), ["forwarded_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("training_xapi_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_xapi_statement_forwarded_at"))
        batch_op.drop_index(batch_op.f("ix_training_xapi_statement_enrolment_id"))

    op.drop_table("training_xapi_statement")
    with op.batch_alter_table("training_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_reminder_enrolment_id"))

    op.drop_table("training_reminder")
    with op.batch_alter_table("training_quiz_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_quiz_attempt_enrolment_id"))

    op.drop_table("training_quiz_attempt")
    with op.batch_alter_table("training_lesson_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_lesson_progress_enrolment_id"))

    op.drop_table("training_lesson_progress")
    with op.batch_alter_table("training_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_certificate_enrolment_id"))

    op.drop_table("training_certificate")
    with op.batch_alter_table("training_enrolment", schema=None) as batch_op:
        batch_op.drop_index("ix_training_enrolment_place")
        batch_op.drop_index("ix_training_enrolment_due")
        batch_op.drop_index("ix_training_enrolment_course_place")
        batch_op.drop_index("ix_training_enrolment_completed_at")

    op.drop_table("training_enrolment")
    with op.batch_alter_table("training_staff_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_staff_member_email"))
        batch_op.drop_index("ix_training_staff_member_body_dept")

    op.drop_table("training_staff_member")
    with op.batch_alter_table("training_lesson", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_lesson_course_id"))

    op.drop_table("training_lesson")
    op.drop_table("training_assignment")
    op.drop_table("training_module")
    op.drop_table("training_roster_import")
    op.drop_table("training_course")
