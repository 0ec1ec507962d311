"""Roster import job (idempotent upserts, row errors, progress) and enrolment of hired candidates."""

from __future__ import annotations

import codecs
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from auth.models import User
from tests.conftest import run_jobs
from tests.training.conftest import add_bodies
from training.assignments import AssignmentService
from training.courses import CourseService
from training.models import Enrolment, RosterImport, StaffMember
from training.roster_import import RosterImportService
from workers import runtime
from workers.outbox import emit
from workers.uow import commit

HEADER = "Табельный номер;ФИО;Орган;Подразделение;Должность;Эл. почта"


def _csv(*rows: str) -> bytes:
    return codecs.BOM_UTF8 + "\n".join([HEADER, *rows]).encode()


ROWS = (
    "5001;Абенов Ерлан Серікұлы;Министерство цифрового развития;IT;Эксперт;e.abenov@gov.kz",
    "5002;Иванова Анна Петровна;Акимат города Алматы;HR;Главный специалист;a.ivanova@gov.kz",
    "5003;Қасымова Дана;министерство  цифрового развития;IT;Руководитель управления;d.kasym@gov.kz",
    "5004;Петров Олег;Несуществующее министерство;IT;Эксперт;o.petrov@gov.kz",
    "5005;Попов Игорь;Акимат города Алматы;HR;Эксперт;not-an-email",
    "5001;Дубль Номер;Акимат города Алматы;HR;Эксперт;dup@gov.kz",
)


async def _import(data: bytes, settings: Settings) -> RosterImport:
    async with runtime.session() as session:
        record = await RosterImportService(session).start_import(
            "staff.csv", data, body_scope=None, user_id=None
        )
        await commit(session)
    await run_jobs(settings)
    async with runtime.session() as session:
        found = await session.get(RosterImport, record.id)
        assert found is not None
        return found


async def test_roster_import_upserts_by_personnel_number_and_reports_row_errors(
    committed: AsyncEngine, settings: Settings
) -> None:
    async with runtime.session() as session:
        await add_bodies(session)
        course = (await CourseService(session).seed_courses())[0]
        await AssignmentService(session).assign(
            course.id, target_kind="body", body_id=1, due_date=date.today() + timedelta(days=30), actor="t"
        )
        await commit(session)
    first = await _import(_csv(*ROWS), settings)
    assert (first.status, first.inserted, first.updated, first.error_count) == ("done", 3, 0, 3)
    assert first.processed == first.total == 6
    assert sorted((e["row"], e["code"]) for e in first.errors) == [
        (5, "unknown_body"),
        (6, "bad_email"),
        (7, "duplicate"),
    ]
    renamed = ROWS[1].replace("Иванова Анна Петровна", "Иванова-Сейтова Анна")
    second = await _import(_csv(ROWS[0], renamed, ROWS[2]), settings)
    assert (second.status, second.inserted, second.updated, second.error_count) == ("done", 0, 3, 0)
    async with runtime.session() as session:
        staff = {s.personnel_number: s for s in (await session.execute(select(StaffMember))).scalars()}
        enrolled = await session.scalar(select(func.count()).select_from(Enrolment))
    assert sorted(staff) == ["5001", "5002", "5003"]
    assert staff["5002"].full_name == "Иванова-Сейтова Анна" and staff["5003"].body_id == 1
    assert enrolled == 2  # the body-wide assignment reached the two new staff of body 1


async def test_unreadable_roster_fails_with_a_message(committed: AsyncEngine, settings: Settings) -> None:
    record = await _import(b"just;some;text\n1;2;3\n", settings)
    assert record.status == "failed" and "missing column" in (record.message or "")


async def test_hired_candidate_is_enrolled_in_mandatory_courses_once(
    committed: AsyncEngine, settings: Settings
) -> None:
    async with runtime.session() as session:
        await add_bodies(session)
        courses = await CourseService(session).seed_courses()
        user = User(email="new.hire@gov.kz", display_name="Жанар Төлеуова", created_at=datetime.now(UTC))
        session.add(user)
        await session.flush()
        payload = {"user_id": user.id, "body_id": 2, "vacancy_id": 77}
        await emit(session, "recruiting.candidate_hired", payload)
        await emit(session, "recruiting.candidate_hired", payload)
        await commit(session)
    await run_jobs(settings)
    async with runtime.session() as session:
        staff = (await session.execute(select(StaffMember))).scalar_one()
        count = await session.scalar(select(func.count()).select_from(Enrolment))
    assert staff.user_id == user.id and staff.full_name == "Жанар Төлеуова" and staff.body_id == 2
    assert count == len([c for c in courses if c.mandatory])


async def test_roster_row_of_a_hired_person_updates_their_entry_instead_of_duplicating(
    committed: AsyncEngine, settings: Settings
) -> None:
    async with runtime.session() as session:
        await add_bodies(session)
        await CourseService(session).seed_courses()
        user = User(email="e.abenov@gov.kz", display_name="Ерлан", created_at=datetime.now(UTC))
        session.add(user)
        await session.flush()
        await emit(session, "recruiting.candidate_hired", {"user_id": user.id, "body_id": 2, "vacancy_id": 1})
        await commit(session)
    await run_jobs(settings)
    record = await _import(_csv(ROWS[0]), settings)
    assert (record.inserted, record.updated) == (0, 1)
    async with runtime.session() as session:
        staff = (await session.execute(select(StaffMember))).scalar_one()
        places = set((await session.execute(select(Enrolment.body_id, Enrolment.department))).all())
    assert (staff.personnel_number, staff.user_id, staff.full_name) == (
        "5001",
        user.id,
        "Абенов Ерлан Серікұлы",
    )
    assert places == {(1, "IT")}  # open enrolments follow the person to their roster body and department
