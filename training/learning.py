"""Enrolments and progress: enrol (idempotent), open and complete lessons, and the completion rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from training.certificates import CertificateService
from training.errors import NotFound
from training.models import Certificate, Course, Enrolment, Lesson, LessonProgress, QuizAttempt, StaffMember
from training.statements import StatementLog
from training.xapi import result as xapi_result


def _now() -> datetime:
    return datetime.now(UTC)


class LearningService:
    """A staff member's path through a course."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.log = StatementLog(session)

    async def staff_for_user(self, user_id: int, email: str) -> StaffMember | None:
        """The roster entry of a signed-in user: linked by id, or linked now by matching email."""
        staff = (
            await self.session.execute(select(StaffMember).where(StaffMember.user_id == user_id))
        ).scalar()
        if staff is not None:
            return staff
        query = select(StaffMember).where(
            func.lower(StaffMember.email) == email.strip().lower(), StaffMember.user_id.is_(None)
        )
        staff = (await self.session.execute(query.order_by(StaffMember.id).limit(1))).scalar()
        if staff is not None:
            staff.user_id = user_id
            await self.session.flush()
        return staff

    async def enrol(
        self,
        staff_id: int,
        course_id: int,
        *,
        due_date: date | None = None,
        source: str = "assignment",
        assignment_id: int | None = None,
        mandatory: bool = True,
    ) -> Enrolment:
        """Enrol a staff member in a course; enrolling again returns the existing enrolment unchanged."""
        existing = await self._find(staff_id, course_id)
        if existing is not None:
            return existing
        course = await self.session.get(Course, course_id)
        staff = await self.session.get(StaffMember, staff_id)
        if course is None or staff is None:
            raise NotFound("No such course or staff member.")
        now = _now()
        enrolment = Enrolment(
            staff_id=staff_id,
            course_id=course_id,
            body_id=staff.body_id,
            department=staff.department,
            assignment_id=assignment_id,
            source=source,
            mandatory=mandatory,
            enrolled_at=now,
            due_date=due_date or (now.date() + timedelta(days=course.due_days)),
            status="enrolled",
            course_revision=course.revision,
        )
        self.session.add(enrolment)
        await self.session.flush()
        return enrolment

    async def _find(self, staff_id: int, course_id: int) -> Enrolment | None:
        query = select(Enrolment).where(Enrolment.staff_id == staff_id, Enrolment.course_id == course_id)
        return (await self.session.execute(query)).scalar()

    async def enrolments_of(self, staff_id: int) -> list[tuple[Enrolment, Course]]:
        """A staff member's enrolments with their courses, soonest due first."""
        query = (
            select(Enrolment, Course)
            .join(Course, Course.id == Enrolment.course_id)
            .where(Enrolment.staff_id == staff_id)
            .order_by(Enrolment.status == "completed", Enrolment.due_date)
        )
        return [(e, c) for e, c in (await self.session.execute(query)).all()]

    async def enrolment_for(self, staff_id: int, course_id: int) -> Enrolment:
        """The staff member's enrolment in a course, or NotFound."""
        enrolment = await self._find(staff_id, course_id)
        if enrolment is None:
            raise NotFound("You are not enrolled in this course.")
        return enrolment

    async def progress(self, enrolment_id: int) -> dict[int, LessonProgress]:
        """Lesson progress of an enrolment, by lesson id."""
        query = select(LessonProgress).where(LessonProgress.enrolment_id == enrolment_id)
        return {p.lesson_id: p for p in (await self.session.execute(query)).scalars()}

    async def _lesson_in(self, enrolment: Enrolment, lesson_id: int) -> tuple[Lesson, Course]:
        lesson = await self.session.get(Lesson, lesson_id)
        if lesson is None or lesson.course_id != enrolment.course_id:
            raise NotFound("No such lesson in this course.")
        course = await self.session.get(Course, enrolment.course_id)
        assert course is not None
        return lesson, course

    async def open_lesson(self, enrolment: Enrolment, lesson_id: int) -> LessonProgress:
        """Record that a lesson was opened (once); the enrolment is then in progress."""
        lesson, course = await self._lesson_in(enrolment, lesson_id)
        progress = (await self.progress(enrolment.id)).get(lesson.id)
        enrolment.last_activity_at = _now()
        if enrolment.status == "enrolled":
            enrolment.status = "in_progress"
            await self.log.record(enrolment, course, "launched")
        if progress is None:
            progress = await self._first_open(enrolment, course, lesson)
        await self.session.flush()
        return progress

    async def _first_open(self, enrolment: Enrolment, course: Course, lesson: Lesson) -> LessonProgress:
        """Insert the progress row unless a concurrent request (the same person, two tabs) just did."""
        dialect = (await self.session.connection()).dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        row = {"enrolment_id": enrolment.id, "lesson_id": lesson.id, "opened_at": _now()}
        stmt = (
            insert(LessonProgress)
            .values(row)
            .on_conflict_do_nothing(index_elements=["enrolment_id", "lesson_id"])
        )
        inserted = cast("CursorResult[Any]", await self.session.execute(stmt))
        if inserted.rowcount:
            await self.log.record(enrolment, course, "experienced", lesson=lesson)
        query = select(LessonProgress).where(
            LessonProgress.enrolment_id == enrolment.id, LessonProgress.lesson_id == lesson.id
        )
        return (await self.session.execute(query)).scalar_one()

    async def complete_lesson(self, enrolment: Enrolment, lesson_id: int, *, actor: str) -> LessonProgress:
        """Mark a lesson completed (idempotent) and apply the completion rule."""
        progress = await self.open_lesson(enrolment, lesson_id)
        if progress.completed_at is None:
            lesson, course = await self._lesson_in(enrolment, lesson_id)
            progress.completed_at = _now()
            await self.log.record(
                enrolment, course, "completed", lesson=lesson, result=xapi_result(completion=True)
            )
            await self.session.flush()
            await self.apply_completion_rule(enrolment, actor=actor)
        return progress

    async def missing_lessons(self, enrolment: Enrolment) -> list[Lesson]:
        """Required lessons of the course not yet completed in this enrolment."""
        done = select(LessonProgress.lesson_id).where(
            LessonProgress.enrolment_id == enrolment.id, LessonProgress.completed_at.is_not(None)
        )
        query = (
            select(Lesson)
            .where(Lesson.course_id == enrolment.course_id, Lesson.required.is_(True), Lesson.id.not_in(done))
            .order_by(Lesson.position)
        )
        return list((await self.session.execute(query)).scalars())

    async def quiz_passed(self, enrolment: Enrolment) -> bool:
        """True when any submitted attempt passed."""
        query = select(func.count()).where(
            QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.passed.is_(True)
        )
        return int((await self.session.execute(query)).scalar_one()) > 0

    async def apply_completion_rule(self, enrolment: Enrolment, *, actor: str) -> Certificate | None:
        """Complete when every required lesson is done and the quiz passed: certificate, audit."""
        if enrolment.status == "completed":
            return None
        if await self.missing_lessons(enrolment) or not await self.quiz_passed(enrolment):
            return None
        course = await self.session.get(Course, enrolment.course_id)
        staff = await self.session.get(StaffMember, enrolment.staff_id)
        assert course is not None and staff is not None
        now = _now()
        enrolment.status, enrolment.completed_at = "completed", now
        enrolment.course_revision = course.revision
        cert = await CertificateService(self.session).issue(enrolment, course, staff, on=now.date())
        await self.log.record(
            enrolment, course, "completed", result=xapi_result(completion=True, success=True)
        )
        await AuditService(self.session).record(
            actor=actor,
            action="training.course_completed",
            subject=f"training_enrolment:{enrolment.id}",
            details={"course": course.slug, "revision": course.revision, "certificate": cert.code},
        )
        await self.session.flush()
        return cert
