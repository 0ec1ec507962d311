"""Request and response bodies of the training API (msgspec)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from msgspec import Struct


class CourseRead(Struct):
    """A course as listed."""

    id: int
    slug: str
    title: dict[str, str]
    summary: dict[str, str]
    revision: int
    pass_mark_percent: int
    recertify_months: int | None
    mandatory: bool


class EnrolmentRead(Struct):
    """One of my enrolments."""

    id: int
    course_id: int
    course_slug: str
    status: str
    due_date: date
    enrolled_at: datetime
    completed_at: datetime | None
    lessons_done: int
    lessons_required: int


class LessonSummary(Struct):
    """A lesson in a course outline."""

    id: int
    slug: str
    title: str
    required: bool
    minutes: int
    completed: bool


class LessonRead(Struct):
    """A lesson with its sanitized HTML in the request's language."""

    id: int
    slug: str
    title: str
    html: str
    required: bool
    minutes: int
    completed: bool


class QuizItemRead(Struct):
    """A quiz question as shown in this attempt."""

    item_id: str
    type: str
    stem: str
    options: list[str]


class QuizRead(Struct):
    """An open quiz attempt."""

    attempt_id: int
    time_limit_minutes: int
    items: list[QuizItemRead]


class QuizSubmit(Struct):
    """Answers by item id; choice answers are positions of the options as shown."""

    answers: dict[str, Any]


class QuizResultRead(Struct):
    """The result of a submitted attempt."""

    attempt_id: int
    correct: int
    total: int
    pass_mark: int
    passed: bool
    course_completed: bool


class VerificationRead(Struct):
    """Public verification of a course certificate: validity, course, holder, date — nothing more."""

    status: str
    valid: bool
    course: str | None = None
    holder_name: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None


class AssignmentCreate(Struct):
    """A new assignment."""

    course_id: int
    target_kind: str
    due_date: date
    body_id: int | None = None
    target_ref: str = ""
    mandatory: bool = True


class AssignmentRead(Struct):
    """An assignment and how many it enrolled."""

    id: int
    course_id: int
    target_kind: str
    body_id: int | None
    target_ref: str
    due_date: date
    mandatory: bool
    enrolled: int


class ImportRead(Struct):
    """A roster import's progress and row errors."""

    id: int
    filename: str
    status: str
    total: int
    processed: int
    inserted: int
    updated: int
    error_count: int
    errors: list[dict[str, Any]]
    message: str | None


class CellRead(Struct):
    """One heat map cell (None where suppressed)."""

    assigned: int
    completed: int | None
    overdue: int | None
    rate: float | None
    status: str


class HeatMapRead(Struct):
    """Completion by region × body."""

    regions: list[str]
    bodies: list[str]
    cells: list[list[CellRead]]
    total: CellRead


class LessonEdit(Struct):
    """A lesson change from the course editor."""

    body: dict[str, str]
    title: dict[str, str] | None = None
    required: bool | None = None
    new_revision: bool = False
    reset_completions: bool = False
