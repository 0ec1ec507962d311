"""``adal demo`` for training: the curriculum, a roster of a few thousand staff, assignments and progress."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from assessments.certificates import issue_code
from auth.principal import Grant, Role
from auth.service import AccountService, OrgService
from training.certificates import PAYLOAD_PREFIX, add_months
from training.models import Certificate, Course, Enrolment, Lesson, LessonProgress, StaffMember
from training.roster import generate_roster
from training.service import AssignmentService, CourseService, RosterImportService

DEMO_STAFF = 3000
DEMO_PASSWORD = "adal-demo-2026"  # noqa: S105 - printed by `adal demo`, demo data only
STAFF_EMAIL = "staff@adal.demo"
ADMIN_EMAIL = "training.admin@adal.demo"
_BODIES = (
    ("Цифрлық даму министрлігі", "Министерство цифрового развития", "Ministry of Digital Development", "AST"),
    ("Әділет министрлігі", "Министерство юстиции", "Ministry of Justice", "AST"),
    ("Қаржы министрлігі", "Министерство финансов", "Ministry of Finance", "AST"),
    (
        "Мемлекеттік қызмет істері агенттігінің Алматы қ. бойынша департаменті",
        "Департамент Агентства по делам госслужбы по г. Алматы",
        "Civil Service Agency, Almaty department",
        "ALA",
    ),
    (
        "Мемлекеттік кірістер департаменті, Қарағанды облысы",
        "Департамент государственных доходов по Карагандинской области",
        "State Revenue Department, Karaganda Region",
        "KAR",
    ),
    ("Алматы қаласының әкімдігі", "Акимат города Алматы", "Akimat of Almaty", "ALA"),
    ("Шымкент қаласының әкімдігі", "Акимат города Шымкент", "Akimat of Shymkent", "SHY"),
    ("Қарағанды облысының әкімдігі", "Акимат Карагандинской области", "Akimat of Karaganda Region", "KAR"),
    ("Маңғыстау облысының әкімдігі", "Акимат Мангистауской области", "Akimat of Mangystau Region", "MAN"),
)


async def _bodies(session: AsyncSession) -> list[Any]:
    """The demo bodies (created when auth's demo has not made enough)."""
    org = OrgService(session)
    await org.ensure_regions()
    for kk, ru, en, region in _BODIES:
        if await org.body_by_name(en) is None:
            await org.create_body(name_kk=kk, name_ru=ru, name_en=en, region_code=region)
    return await org.bodies()


async def _roster(session: AsyncSession, bodies: list[Any]) -> None:
    """Import a generated roster through the same service an administrator uses."""
    data = generate_roster(DEMO_STAFF, [b.name_ru for b in bodies], seed=2026)
    imports = RosterImportService(session)
    record = await imports.start_import("demo-roster.csv", data, body_scope=None, user_id=None)

    async def checkpoint() -> None:
        await session.flush()

    await imports.run_import(record.id, checkpoint=checkpoint)


async def _assign(session: AsyncSession, courses: list[Course], bodies: list[Any]) -> None:
    """Two courses for every body, one for one region's heads of unit, with staggered deadlines."""
    service, today = AssignmentService(session), datetime.now(UTC).date()
    for n, body in enumerate(bodies):
        for course in courses[:2]:
            due = today + timedelta(days=(-20 if n % 3 == 0 else 25) + 10 * courses.index(course))
            await service.assign(course.id, target_kind="body", body_id=body.id, due_date=due, actor="demo")
    await service.assign(
        courses[2].id,
        target_kind="role",
        body_id=None,
        target_ref="Руководитель управления",
        due_date=today + timedelta(days=40),
        actor="demo",
    )


async def _progress(session: AsyncSession, settings: Settings) -> int:
    """Completions spread over the last 20 weeks, partial progress for others (bulk, deterministic)."""
    rng, now = random.Random(7), datetime.now(UTC)
    lessons: dict[int, list[int]] = {}
    for lesson in (await session.execute(select(Lesson).order_by(Lesson.position))).scalars():
        lessons.setdefault(lesson.course_id, []).append(lesson.id)
    enrolments = (await session.execute(select(Enrolment, StaffMember.body_id).join(StaffMember))).all()
    progress_rows, completed = [], []
    for e, body_id in enrolments:
        zeal = 0.35 + 0.1 * (body_id % 5)
        share = 1.0 if rng.random() < zeal else rng.random() * 0.8
        done = lessons[e.course_id][: round(share * len(lessons[e.course_id]))]
        for lesson_id in done:
            at = now - timedelta(days=rng.randint(1, 140))
            progress_rows.append(
                {"enrolment_id": e.id, "lesson_id": lesson_id, "opened_at": at, "completed_at": at}
            )
        if share == 1.0:
            completed.append((e, now - timedelta(days=rng.randint(0, 140), hours=rng.randint(0, 20))))
    if progress_rows:
        await session.execute(insert(LessonProgress), progress_rows)
    for e, at in completed:
        e.status, e.completed_at = "completed", at
    await session.flush()
    await _certificates(session, settings, completed)
    return len(completed)


async def _certificates(session: AsyncSession, settings: Settings, completed: list[Any]) -> None:
    courses = {c.id: c for c in (await session.execute(select(Course))).scalars()}
    staff = {s.id: s.full_name for s in (await session.execute(select(StaffMember))).scalars()}
    key = settings.certificate_key_list()[0]
    for e, at in completed:
        course = courses[e.course_id]
        valid = add_months(at.date(), course.recertify_months) if course.recertify_months else None
        cert = Certificate(
            enrolment_id=e.id,
            course_revision=course.revision,
            holder_name=staff[e.staff_id],
            course_title=course.title,
            issued_on=at.date(),
            valid_until=valid,
        )
        session.add(cert)
    await session.flush()
    for cert in (await session.execute(select(Certificate).where(Certificate.code.is_(None)))).scalars():
        cert.code = issue_code(f"{PAYLOAD_PREFIX}{cert.id}", key)
    await session.flush()


async def _accounts(session: AsyncSession) -> None:
    """A national training admin and a staff member linked to the first roster entry."""
    accounts = AccountService(session)
    if await accounts.by_email(ADMIN_EMAIL) is None:
        await accounts.create_user(
            email=ADMIN_EMAIL,
            password=DEMO_PASSWORD,
            display_name="Training administrator",
            grants=[Grant(Role.TRAINING_ADMIN, None)],
            email_verified=True,
            actor="demo",
        )
    if await accounts.by_email(STAFF_EMAIL) is None:
        first = (await session.execute(select(StaffMember).order_by(StaffMember.id).limit(1))).scalar_one()
        await session.execute(update(StaffMember).where(StaffMember.id == first.id).values(email=STAFF_EMAIL))
        await accounts.create_user(
            email=STAFF_EMAIL,
            password=DEMO_PASSWORD,
            display_name=first.full_name,
            grants=[Grant(Role.STAFF, first.body_id)],
            email_verified=True,
            actor="demo",
        )
    await _link_other_staff_accounts(session, accounts)


async def _link_other_staff_accounts(session: AsyncSession, accounts: AccountService) -> None:
    """Put staff accounts made by other demos (e.g. auth's) on the roster, so /training shows courses."""
    people = list((await session.execute(select(StaffMember).order_by(StaffMember.id).limit(20))).scalars())
    for user in await accounts.users(search="staff", limit=10):
        known = await session.scalar(select(func.count()).where(func.lower(StaffMember.email) == user.email))
        if known or len(people) < 2:
            continue
        person = people.pop()
        person.email = user.email
    await session.flush()


async def seed(session: AsyncSession, settings: Settings) -> list[str]:
    """Seed training once (idempotent: skipped when staff exist); return the lines to print."""
    courses = await CourseService(session).seed_courses()
    lines = [f"Training: {len(courses)} courses."]
    if (await session.scalar(select(func.count()).select_from(StaffMember))) or 0:
        return [*lines, "Training: roster already present, demo progress left as it is."]
    bodies = await _bodies(session)
    await _roster(session, bodies)
    await _assign(session, courses, bodies)
    done = await _progress(session, settings)
    await _accounts(session)
    staff = await session.scalar(select(func.count()).select_from(StaffMember))
    return [
        *lines,
        f"Training: {staff} staff in {len(bodies)} bodies, {done} completed enrolments.",
        f"  training admin: {ADMIN_EMAIL} / {DEMO_PASSWORD}  -> /training/admin",
        f"  staff member:   {STAFF_EMAIL} / {DEMO_PASSWORD}  -> /training",
    ]
