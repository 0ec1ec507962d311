"""Dashboard figures from the aggregate queries, exports, and risk-ordered reminders."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from tests.training.conftest import add_staff
from training.courses import CourseService
from training.dashboard import DashboardService, Filters, export_csv
from training.learning import LearningService
from training.models import Enrolment, LessonProgress, Reminder
from training.reminders import ReminderService

TODAY = date(2026, 3, 16)


async def _enrol(db: AsyncSession, staff: list[Any], course_id: int, *, done: int, overdue: int) -> None:
    """Enrol staff; the first ``done`` completed, the next ``overdue`` past due, the rest due later."""
    learning = LearningService(db)
    for n, person in enumerate(staff):
        due = TODAY + timedelta(days=20)
        if n < done:
            due = TODAY - timedelta(days=10)  # completed on time, so not overdue although the date passed
        elif n < done + overdue:
            due = TODAY - timedelta(days=3)
        enrolment = await learning.enrol(person.id, course_id, due_date=due)
        if n < done:
            enrolment.status = "completed"
            enrolment.completed_at = datetime(2026, 3, 2 + n % 7, 10, tzinfo=UTC)
    await db.flush()


async def test_heat_map_counts_completion_by_region_and_body(db: AsyncSession, world: dict[str, Any]) -> None:
    course = world["courses"]["genai-fundamentals"]
    await _enrol(
        db, await add_staff(db, 10, body_id=1, department="IT", start=1), course.id, done=4, overdue=3
    )
    await _enrol(
        db, await add_staff(db, 6, body_id=2, department="HR", start=100), course.id, done=6, overdue=0
    )
    await _enrol(
        db, await add_staff(db, 6, body_id=3, department="Law", start=200), course.id, done=1, overdue=5
    )
    await _enrol(
        db, await add_staff(db, 2, body_id=1, department="HR", start=300), course.id, done=2, overdue=0
    )
    service = DashboardService(db, "ru")
    heat = await service.heatmap(Filters(as_of=TODAY))
    assert heat.regions == ["Алматы", "Астана"]
    cells = {
        (r, b): c
        for i, r in enumerate(heat.regions)
        for j, b in enumerate(heat.bodies)
        for c in [heat.cells[i][j]]
    }
    digital = cells[("Астана", "Министерство цифрового развития")]
    assert (digital.assigned, digital.completed, digital.overdue, digital.label) == (12, 6, 3, "50%")
    assert cells[("Алматы", "Акимат города Алматы")].label == "100%"
    assert heat.total.assigned == 24 and heat.total.completed == 13
    rows = await service.completion_rows(Filters(as_of=TODAY, body_ids=frozenset({1})))
    assert sorted((r.department, r.assigned, r.completed, r.overdue) for r in rows) == [
        ("HR", 2, 2, 0),
        ("IT", 10, 4, 3),
    ]
    only_ala = await service.completion_rows(Filters(as_of=TODAY, region="ALA"))
    assert [(r.body, r.assigned) for r in only_ala] == [("Акимат города Алматы", 6)]
    parsed = list(csv.reader(io.StringIO(export_csv(rows).decode("utf-8-sig"))))
    assert parsed[0][0] == "region" and parsed[1][2:6] == ["HR", "2", "2", "0"]
    weeks = await service.weekly(Filters(as_of=TODAY), weeks=4)
    assert weeks[-1].cumulative == 13 and sum(w.completed for w in weeks) == 13
    overdue = await service.overdue(Filters(as_of=TODAY))
    assert len(overdue) == 8 and all(o.days_overdue == 3 for o in overdue)


async def test_reminders_go_out_highest_risk_first_and_once_a_day(
    db: AsyncSession, world: dict[str, Any], settings: Settings
) -> None:
    course = world["courses"]["genai-fundamentals"]
    lessons = await CourseService(db).lessons(course.id)
    staff = await add_staff(db, 3, department="IT", start=10)
    head = (await add_staff(db, 1, department="IT", start=90, position="Руководитель управления"))[0]
    learning = LearningService(db)
    started = datetime.combine(TODAY - timedelta(days=50), datetime.min.time(), tzinfo=UTC)
    plans = {
        staff[0].id: (TODAY + timedelta(days=3), len(lessons)),
        staff[1].id: (TODAY + timedelta(days=3), 0),
    }
    plans[staff[2].id] = (TODAY - timedelta(days=10), 1)
    for person in staff:
        due, done = plans[person.id]
        enrolment = await learning.enrol(person.id, course.id, due_date=due)
        enrolment.enrolled_at = started
        for lesson in lessons[:done]:
            at = datetime.combine(TODAY - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
            db.add(
                LessonProgress(enrolment_id=enrolment.id, lesson_id=lesson.id, opened_at=at, completed_at=at)
            )
    await db.flush()
    written = await ReminderService(db).send_reminders(TODAY)
    risks = [r.risk for r in written]
    assert risks == sorted(risks, reverse=True) and [r.rank for r in written] == [1, 2, 3, 4]
    by_staff = {e.staff_id: e.id for e in (await db.execute(select(Enrolment))).scalars()}
    risk_of = {r.enrolment_id: r.risk for r in written}
    assert risk_of[by_staff[staff[1].id]] > risk_of[by_staff[staff[0].id]]
    escalation = [r for r in written if r.kind == "escalation"]
    assert [(r.enrolment_id, r.recipient) for r in escalation] == [(by_staff[staff[2].id], head.email)]
    files = sorted((settings.var_dir / "mail").glob(f"{TODAY.isoformat()}-training-*.eml"))
    assert len(files) >= 4 and "000001" in files[0].name
    assert await ReminderService(db).send_reminders(TODAY) == []
    assert len((await db.execute(select(Reminder))).scalars().all()) == 4
