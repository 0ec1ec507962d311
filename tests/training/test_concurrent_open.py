"""The same lesson opened twice at once (two tabs) records one progress row and fails neither request."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.training.conftest import add_bodies
from training.courses import CourseService
from training.learning import LearningService
from training.models import LessonProgress, StaffMember
from workers import runtime
from workers.uow import commit


async def test_concurrent_opens_of_one_lesson_record_it_once(committed: AsyncEngine) -> None:
    async with runtime.session() as session:
        await add_bodies(session)
        course = (await CourseService(session).seed_courses())[0]
        staff = StaffMember(
            personnel_number="42",
            full_name="Ерлан Сейітов",
            email="e@gov.kz",
            body_id=1,
            department="IT",
            position="Эксперт",
            updated_at=datetime.now(UTC),
        )
        session.add(staff)
        await session.flush()
        await LearningService(session).enrol(staff.id, course.id)
        lesson = (await CourseService(session).lessons(course.id))[0]
        await commit(session)

    async def open_once() -> None:
        async with runtime.session() as session:
            learning = LearningService(session)
            await learning.open_lesson(await learning.enrolment_for(staff.id, course.id), lesson.id)
            await commit(session)

    await asyncio.gather(*(open_once() for _ in range(4)))
    async with committed.connect() as conn:
        count = (await conn.execute(select(func.count()).select_from(LessonProgress))).scalar_one()
    assert count == 1
