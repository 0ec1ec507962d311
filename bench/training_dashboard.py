"""Dashboard aggregates on 50,000 staff × 10 courses (500,000 enrolments): time per query (target ≤ 300 ms).

``python -m bench.training_dashboard [--staff N] [--database-url postgresql+asyncpg://...]``
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, text

from bench.training_db import make_bodies, scratch
from training.courses import CourseService
from training.dashboard import DashboardService, Filters
from training.models import Course, Enrolment, StaffMember
from workers import runtime
from workers.uow import commit

TARGET_MS = 300.0
DEPARTMENTS = ("Кадры", "Цифровизация", "Юридический", "Финансы", "Документооборот", "Госуслуги", "Аналитика")


async def _courses(n: int) -> list[int]:
    """The seed courses plus copies up to ``n``."""
    async with runtime.session() as session:
        seeded = await CourseService(session).seed_courses()
        base = seeded[0]
        for i in range(n - len(seeded)):
            session.add(
                Course(
                    slug=f"bench-course-{i}",
                    title={"ru": f"Курс {i}"},
                    summary={},
                    revision=1,
                    recertify_months=24,
                    pass_mark_percent=70,
                    blueprint=base.blueprint,
                    items=base.items,
                    mandatory=False,
                    due_days=60,
                    created_at=datetime.now(UTC),
                )
            )
        await commit(session)
        return list((await session.execute(select(Course.id))).scalars())


async def fill(staff: int, courses: int) -> None:
    """Bulk-load staff and one enrolment per staff member and course."""
    async with runtime.session() as session:
        body_ids = list((await session.execute(text("SELECT id FROM auth_body"))).scalars())
    course_ids = await _courses(courses)
    rng, now, today = random.Random(5), datetime.now(UTC), date.today()
    async with runtime.session() as session:
        rows = [
            {
                "personnel_number": str(100_000 + i),
                "full_name": f"Сотрудник {i}",
                "email": f"s{i}@gov.kz",
                "body_id": rng.choice(body_ids),
                "department": rng.choice(DEPARTMENTS),
                "position": "Эксперт",
                "active": True,
                "updated_at": now,
            }
            for i in range(staff)
        ]
        for start in range(0, staff, 10_000):
            await session.execute(insert(StaffMember), rows[start : start + 10_000])
        await commit(session)
        staff_rows = (
            await session.execute(select(StaffMember.id, StaffMember.body_id, StaffMember.department))
        ).all()
    batch: list[dict[str, Any]] = []
    for sid, body_id, department in staff_rows:
        for cid in course_ids:
            done = rng.random() < 0.55
            completed = now - timedelta(days=rng.randint(0, 150)) if done else None
            batch.append(
                {
                    "staff_id": sid,
                    "course_id": cid,
                    "body_id": body_id,
                    "department": department,
                    "source": "assignment",
                    "mandatory": True,
                    "enrolled_at": now - timedelta(days=160),
                    "due_date": today + timedelta(days=rng.randint(-60, 60)),
                    "status": "completed" if done else rng.choice(("enrolled", "in_progress")),
                    "course_revision": 1,
                    "completed_at": completed,
                }
            )
            if len(batch) == 20_000:
                await _flush(batch)
    await _flush(batch)


async def _flush(batch: list[dict[str, Any]]) -> None:
    if batch:
        async with runtime.session() as session:
            await session.execute(insert(Enrolment), batch)
            await commit(session)
        batch.clear()


async def _time(label: str, run: Callable[[], Awaitable[Any]], repeat: int = 5) -> float:
    """Median wall time of ``run`` in milliseconds, printed with the target ratio."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        await run()
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print(f"  {label:<44} {median:8.1f} ms  ({median / TARGET_MS:.0%} of {TARGET_MS:.0f} ms)")
    return median


async def bench(staff: int, courses: int, pg_url: str | None) -> None:
    """Load the data, then time each dashboard query."""
    async with scratch(pg_url):
        await make_bodies(40)
        started = time.perf_counter()
        await fill(staff, courses)
        print(f"loaded {staff} staff × {courses} courses in {time.perf_counter() - started:.1f} s")
        async with runtime.session() as session:
            await session.execute(text("ANALYZE"))
            await commit(session)
            service = DashboardService(session, "ru")
            course_id = (await session.execute(select(Course.id).limit(1))).scalar_one()
            body = frozenset({1})
            print("PostgreSQL" if pg_url else "SQLite")
            await _time("heat map, all courses, national", lambda: service.heatmap(Filters()))
            await _time("heat map, one course", lambda: service.heatmap(Filters(course_id=course_id)))
            await _time("departments, one body", lambda: service.completion_rows(Filters(body_ids=body)))
            await _time("by course, national", lambda: service.by_course(Filters()))
            await _time("weekly series (26 weeks), national", lambda: service.weekly(Filters()))
            await _time("overdue list (200), national", lambda: service.overdue(Filters()))


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=50_000)
    parser.add_argument("--courses", type=int, default=10)
    parser.add_argument(
        "--database-url", default=None, help="a PostgreSQL server URL (a scratch database is made)"
    )
    args = parser.parse_args()
    asyncio.run(bench(args.staff, args.courses, args.database_url))


if __name__ == "__main__":
    main()
