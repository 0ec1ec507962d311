"""Training tables: courses and their content, the staff roster, enrolments, progress and certificates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import BigIntIdentity as BigId
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

Stamp = DateTimeUTC(timezone=True)


class Course(DefaultBase):
    """A course; ``revision`` grows when content changes, ``items`` holds the quiz items (item format)."""

    __tablename__ = "training_course"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    summary: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    recertify_months: Mapped[int | None] = mapped_column(Integer)
    pass_mark_percent: Mapped[int] = mapped_column(Integer, default=70)
    blueprint: Mapped[dict[str, Any]] = mapped_column(JSON)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    due_days: Mapped[int] = mapped_column(Integer, default=60)
    created_at: Mapped[datetime] = mapped_column(Stamp)


class Module(DefaultBase):
    """An ordered group of lessons inside a course."""

    __tablename__ = "training_module"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    course_id: Mapped[int] = mapped_column(BigId, ForeignKey("training_course.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict[str, str]] = mapped_column(JSON)


class Lesson(DefaultBase):
    """A lesson: Markdown body per language; ``revision`` is the course revision that last changed it."""

    __tablename__ = "training_lesson"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    course_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("training_course.id", ondelete="CASCADE"), index=True
    )
    module_id: Mapped[int] = mapped_column(BigId, ForeignKey("training_module.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    body: Mapped[dict[str, str]] = mapped_column(JSON)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    minutes: Mapped[int] = mapped_column(Integer, default=10)
    revision: Mapped[int] = mapped_column(Integer, default=1)


class StaffMember(DefaultBase):
    """A civil servant from the roster (or hired through Adal); the region comes from the body."""

    __tablename__ = "training_staff_member"
    __table_args__ = (Index("ix_training_staff_member_body_dept", "body_id", "department"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    personnel_number: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("auth_user.id"), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    body_id: Mapped[int] = mapped_column(BigId, ForeignKey("auth_body.id"))
    department: Mapped[str] = mapped_column(String(255), default="")
    position: Mapped[str] = mapped_column(String(255), default="")
    manager_email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(Stamp)


class Assignment(DefaultBase):
    """A course assigned to a body, a department of a body, a position (role) or one person."""

    __tablename__ = "training_assignment"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    course_id: Mapped[int] = mapped_column(BigId, ForeignKey("training_course.id", ondelete="CASCADE"))
    target_kind: Mapped[str] = mapped_column(String(20))  # body | department | role | person
    body_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("auth_body.id"))
    target_ref: Mapped[str] = mapped_column(String(255), default="")
    due_date: Mapped[date] = mapped_column(Date)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(Stamp)


class Enrolment(DefaultBase):
    """One staff member on one course; ``status`` is enrolled, in_progress or completed.

    ``body_id`` and ``department`` copy the staff member's current place (kept in step by the roster
    import) so the dashboards aggregate one table with covering indexes instead of joining the roster.
    """

    __tablename__ = "training_enrolment"
    __table_args__ = (
        UniqueConstraint("staff_id", "course_id"),
        Index(
            "ix_training_enrolment_course_place", "course_id", "body_id", "department", "status", "due_date"
        ),
        Index("ix_training_enrolment_place", "body_id", "department", "status", "due_date"),
        Index("ix_training_enrolment_due", "due_date", "status"),
        Index("ix_training_enrolment_completed_at", "completed_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    staff_id: Mapped[int] = mapped_column(BigId, ForeignKey("training_staff_member.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(BigId, ForeignKey("training_course.id", ondelete="CASCADE"))
    body_id: Mapped[int] = mapped_column(BigId, ForeignKey("auth_body.id"))
    department: Mapped[str] = mapped_column(String(255), default="")
    assignment_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("training_assignment.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(20), default="assignment")  # assignment | hire | self
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    enrolled_at: Mapped[datetime] = mapped_column(Stamp)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="enrolled")
    course_revision: Mapped[int] = mapped_column(Integer, default=1)
    last_activity_at: Mapped[datetime | None] = mapped_column(Stamp)
    completed_at: Mapped[datetime | None] = mapped_column(Stamp)


class LessonProgress(DefaultBase):
    """When a lesson was first opened and completed within one enrolment."""

    __tablename__ = "training_lesson_progress"
    __table_args__ = (UniqueConstraint("enrolment_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    enrolment_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("training_enrolment.id", ondelete="CASCADE"), index=True
    )
    lesson_id: Mapped[int] = mapped_column(BigId, ForeignKey("training_lesson.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(Stamp)
    completed_at: Mapped[datetime | None] = mapped_column(Stamp)


class QuizAttempt(DefaultBase):
    """One quiz sitting: the assembled form, the answers given and the result."""

    __tablename__ = "training_quiz_attempt"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    enrolment_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("training_enrolment.id", ondelete="CASCADE"), index=True
    )
    seed: Mapped[int] = mapped_column(BigInteger)
    form: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(Stamp)
    submitted_at: Mapped[datetime | None] = mapped_column(Stamp)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)


class XapiStatement(DefaultBase):
    """An xAPI statement as recorded; ``forwarded_at`` is set once an external LRS accepted it."""

    __tablename__ = "training_xapi_statement"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    enrolment_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("training_enrolment.id", ondelete="SET NULL"), index=True
    )
    verb: Mapped[str] = mapped_column(String(20))
    statement: Mapped[dict[str, Any]] = mapped_column(JSON)
    stored_at: Mapped[datetime] = mapped_column(Stamp)
    forwarded_at: Mapped[datetime | None] = mapped_column(Stamp, index=True)


class Certificate(DefaultBase):
    """A completion certificate; holder and course title are copied so later edits do not change it."""

    __tablename__ = "training_certificate"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    enrolment_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("training_enrolment.id", ondelete="CASCADE"), index=True
    )
    course_revision: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[dict[str, str]] = mapped_column(JSON)
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(Stamp)
    revoked_reason: Mapped[str | None] = mapped_column(Text)


class RosterImport(DefaultBase):
    """One roster upload processed by a job; counters drive the progress bar."""

    __tablename__ = "training_roster_import"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    filename: Mapped[str] = mapped_column(String(255))
    body_scope: Mapped[int | None] = mapped_column(BigId)  # None: national import
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|done|failed
    total: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    message: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(Stamp)
    finished_at: Mapped[datetime | None] = mapped_column(Stamp)


class Reminder(DefaultBase):
    """A reminder written for one enrolment on one day; the key makes the daily job idempotent."""

    __tablename__ = "training_reminder"
    __table_args__ = (UniqueConstraint("enrolment_id", "kind", "sent_on"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    enrolment_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("training_enrolment.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # before_due | overdue | escalation
    sent_on: Mapped[date] = mapped_column(Date)
    risk: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(254))
