"""Training in real Chromium: a civil servant completes a course and its quiz, downloads the certificate,
whose QR code verifies; a training admin imports a roster and sees the heat map change."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page

from auth.principal import Role
from tests.auth_fixtures import MakeBody, MakeUser
from tests.browser.helpers import pdf_qr_and_text, sign_in
from tests.training.conftest import correct_answers
from training.assignments import AssignmentService
from training.courses import CourseService
from training.learning import LearningService
from training.models import Course, QuizAttempt, StaffMember
from training.roster import generate_roster
from workers import runtime
from workers.uow import commit

pytestmark = pytest.mark.browser


async def _enrolled_staff(email: str, body_id: int) -> int:
    async with runtime.session() as session:
        course = next(
            c for c in await CourseService(session).seed_courses() if c.slug == "genai-fundamentals"
        )
        staff = StaffMember(
            personnel_number="900001",
            full_name="Сәрсенбаева Айгүл Ерланқызы",
            email=email,
            body_id=body_id,
            department="IT",
            position="Эксперт",
            updated_at=datetime.now(UTC),
        )
        session.add(staff)
        await session.flush()
        await LearningService(session).enrol(staff.id, course.id)
        await commit(session)
        return course.id


async def test_staff_completes_course_and_certificate_qr_verifies(
    page: Page, live_server: str, make_user: MakeUser, make_body: MakeBody, tmp_path: Path
) -> None:
    body = await make_body("AST", "Министерство цифрового развития")
    await make_user(Role.STAFF, email="aigul.s@gov.kz")
    course_id = await _enrolled_staff("aigul.s@gov.kz", body.id)
    await sign_in(page, live_server, "aigul.s@gov.kz", then="/training")
    await page.click(f"a[href='/training/courses/{course_id}']")
    lesson_links = await page.eval_on_selector_all(
        f"a[href^='/training/courses/{course_id}/lessons/']", "els => els.map(e => e.getAttribute('href'))"
    )
    assert lesson_links
    for href in lesson_links:
        await page.goto(live_server + href)
        async with page.expect_navigation():
            await page.click("form[action$='/complete'] button")
    await page.goto(f"{live_server}/training/courses/{course_id}/quiz")
    action = await page.get_attribute("form[action*='/quiz/']", "action")
    assert action is not None
    attempt_id = int(action.rsplit("/", 1)[1])
    async with runtime.session() as session:
        attempt, course = await session.get(QuizAttempt, attempt_id), await session.get(Course, course_id)
        assert attempt is not None and course is not None
        answers = correct_answers(attempt, course)
    for item_id, value in answers.items():
        for position in value if isinstance(value, list) else [value]:
            await page.check(f"[id='{item_id}-{position}']")
    async with page.expect_navigation():
        await page.click("form[action*='/quiz/'] button[type=submit]")
    await page.goto(f"{live_server}/training/certificates")
    async with page.expect_download() as download_info:
        await page.click("a[href$='/pdf']")
    pdf = tmp_path / "certificate.pdf"
    await (await download_info.value).save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    payload, png = pdf_qr_and_text(pdf)
    assert png.stat().st_size > 10_000
    verify_path = urlsplit(payload).path
    assert re.fullmatch(r"/verify-course/ADL-[A-Z0-9-]+", verify_path), payload
    await page.goto(live_server + verify_path)
    text = await page.inner_text("main")
    assert "Сәрсенбаева Айгүл Ерланқызы" in text and "aigul.s@gov.kz" not in text


async def _cell_title(page: Page) -> str:
    cells = await page.eval_on_selector_all("table.heat td[title]", "els => els.map(e => e.title)")
    assert len(cells) == 1, cells
    return str(cells[0])


async def test_training_admin_imports_roster_and_heat_map_changes(
    page: Page, live_server: str, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body("ALA", "Акимат города Алматы")
    await make_user(Role.TRAINING_ADMIN, body_id=body.id, email="trainer@gov.kz")
    async with runtime.session() as session:
        course = next(
            c for c in await CourseService(session).seed_courses() if c.slug == "genai-fundamentals"
        )
        session.add_all(
            StaffMember(
                personnel_number=str(5000 + i),
                full_name=f"Қызметкер {i}",
                email=f"s{i}@gov.kz",
                body_id=body.id,
                department="IT",
                position="Эксперт",
                updated_at=datetime.now(UTC),
            )
            for i in range(6)
        )
        await session.flush()
        await AssignmentService(session).assign(
            course.id,
            target_kind="body",
            body_id=body.id,
            due_date=date.today() + timedelta(days=30),
            actor="test",
        )
        await commit(session)
    await sign_in(page, live_server, "trainer@gov.kz", then="/training/admin")
    before = await _cell_title(page)
    assert before == "0/6"
    await page.goto(f"{live_server}/training/admin/imports")
    roster = generate_roster(40, ["Акимат города Алматы"], seed=3)
    await page.set_input_files(
        "#file", files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": roster}]
    )
    async with page.expect_navigation():
        await page.click("form[action='/training/admin/imports'] button[type=submit]")
    await page.wait_for_selector("#import-progress:not([hx-get])", timeout=30_000)
    progress = page.locator("#import-bar")
    assert await progress.get_attribute("value") == await progress.get_attribute("max") == "40"
    await page.goto(f"{live_server}/training/admin")
    assert await _cell_title(page) == "0/46"
