"""Training over HTTP: a staff member's course, public verification, admin scope, roster upload, stats."""

from __future__ import annotations

import codecs
from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy import select

from app.settings import Settings
from auth.principal import Role
from tests.auth_fixtures import MakeBody, MakeUser, csrf_of
from tests.conftest import run_jobs
from tests.training.conftest import correct_answers
from training.courses import CourseService
from training.learning import LearningService
from training.models import Certificate, Course, QuizAttempt, StaffMember
from training.service import AssignmentService, CertificateService
from workers import runtime
from workers.uow import commit

Client = AsyncTestClient[Any]


async def _staff(email: str, body_id: int, number: str = "777001") -> tuple[int, int]:
    """A roster entry with ``email`` enrolled in the fundamentals course; returns (staff id, course id)."""
    async with runtime.session() as session:
        course = next(
            c for c in await CourseService(session).seed_courses() if c.slug == "genai-fundamentals"
        )
        staff = StaffMember(
            personnel_number=number, full_name="Сәрсенбаева Айгүл Ерланқызы", email=email,
            body_id=body_id, department="IT", position="Эксперт", updated_at=datetime.now(UTC),
        )  # fmt: skip
        session.add(staff)
        await session.flush()
        await LearningService(session).enrol(staff.id, course.id)
        await commit(session)
        return staff.id, course.id


async def _answers(attempt_id: int, course_id: int) -> dict[str, Any]:
    async with runtime.session() as session:
        attempt = await session.get(QuizAttempt, attempt_id)
        course = await session.get(Course, course_id)
        assert attempt is not None and course is not None
        return correct_answers(attempt, course)


async def test_staff_completes_a_course_over_the_api_and_downloads_the_certificate(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body("AST", "Министерство цифрового развития")
    _, headers = await make_user(Role.STAFF, email="aigul@gov.kz")
    _, course_id = await _staff("aigul@gov.kz", body.id)
    mine = (await client.get("/api/training/me/enrolments", headers=headers)).json()
    assert [(e["course_slug"], e["status"]) for e in mine] == [("genai-fundamentals", "enrolled")]
    async with runtime.session() as session:
        lessons = await CourseService(session).lessons(course_id)
    for lesson in lessons:
        page = await client.get(f"/api/training/courses/{course_id}/lessons/{lesson.id}", headers=headers)
        assert page.status_code == 200 and "<script" not in page.json()["html"]
        done = await client.post(
            f"/api/training/courses/{course_id}/lessons/{lesson.id}/complete", headers=headers
        )
        assert done.status_code == 200
    quiz = (await client.post(f"/api/training/courses/{course_id}/quiz", headers=headers)).json()
    answers = await _answers(quiz["attempt_id"], course_id)
    url = f"/api/training/courses/{course_id}/quiz/{quiz['attempt_id']}"
    result = (await client.post(url, json={"answers": answers}, headers=headers)).json()
    assert result["passed"] and result["course_completed"]
    page = await client.get("/training/certificates", headers=headers)
    assert page.status_code == 200 and "ADL-" in page.text
    async with runtime.session() as session:
        cert = (await session.execute(select(Certificate))).scalar_one()
    pdf = await client.get(f"/training/certificates/{cert.id}/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    _, other_headers = await make_user(Role.STAFF)
    assert (
        await client.get(f"/training/certificates/{cert.id}/pdf", headers=other_headers)
    ).status_code == 404


async def test_verify_page_shows_only_validity_course_holder_and_date(
    client: Client, make_body: MakeBody, settings: Settings
) -> None:
    body = await make_body("ALA", "Акимат города Алматы")
    staff_id, course_id = await _staff("hidden.person@gov.kz", body.id, number="555123")
    async with runtime.session() as session:
        enrolment = await LearningService(session).enrolment_for(staff_id, course_id)
        course = await session.get(Course, course_id)
        staff = await session.get(StaffMember, staff_id)
        assert course is not None and staff is not None
        cert = await CertificateService(session).issue(enrolment, course, staff, on=date.today())
        await commit(session)
    page = await client.get(f"/verify-course/{cert.code}", headers={"accept-language": "ru"})
    assert page.status_code == 200 and "Сәрсенбаева Айгүл Ерланқызы" in page.text
    assert course.title["ru"] in page.text and date.today().isoformat() in page.text
    for secret in ("hidden.person@gov.kz", "555123", "Акимат города Алматы", "IT"):
        assert secret not in page.text.split("<main", 1)[1]
    api = (await client.get(f"/api/training/verify/{cert.code}")).json()
    assert api["valid"] and set(api) == {
        "status",
        "valid",
        "course",
        "holder_name",
        "issued_on",
        "valid_until",
    }
    async with runtime.session() as session:
        await CertificateService(session).revoke(cert.id, reason="error", actor="test")
        await commit(session)
    revoked = await client.get(f"/verify-course/{cert.code}", headers={"accept-language": "en"})
    assert "Сәрсенбаева" not in revoked.text and "revoked" in revoked.text
    assert (await client.get("/verify-course/ADL-NZZZ-0000-0000")).status_code == 404


async def test_training_admin_sees_and_assigns_only_within_their_body(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    mine, theirs = await make_body("AST", "Body A"), await make_body("ALA", "Body B")
    for n, body in enumerate((mine, theirs, theirs, mine, mine, mine, mine)):
        await _staff(f"s{n}@gov.kz", body.id, number=f"9{n}")
    _, headers = await make_user(Role.TRAINING_ADMIN, body_id=mine.id)
    heat = (await client.get("/api/training/admin/heatmap", headers=headers)).json()
    assert heat["bodies"] == ["Body A"] and heat["total"]["assigned"] == 5
    async with runtime.session() as session:
        course = (await CourseService(session).seed_courses())[0]
    due = (date.today() + timedelta(days=30)).isoformat()
    payload = {"course_id": course.id, "target_kind": "body", "body_id": theirs.id, "due_date": due}
    assert (
        await client.post("/api/training/admin/assignments", json=payload, headers=headers)
    ).status_code == 403
    payload["body_id"] = mine.id
    created = await client.post("/api/training/admin/assignments", json=payload, headers=headers)
    assert created.status_code == 201 and created.json()["enrolled"] == 5
    page = await client.get("/training/admin", headers=headers)
    assert page.status_code == 200 and "Body A" in page.text and "Body B" not in page.text
    _, staff_headers = await make_user(Role.STAFF)
    assert (await client.get("/training/admin", headers=staff_headers)).status_code == 403


async def test_roster_upload_runs_as_a_job_with_progress(
    client: Client, make_user: MakeUser, make_body: MakeBody, settings: Settings
) -> None:
    body = await make_body("AST", "Министерство юстиции")
    _, headers = await make_user(Role.TRAINING_ADMIN, body_id=body.id)
    rows = ["Табельный номер;ФИО;Орган;Подразделение;Должность;Эл. почта"]
    rows += [f"{100 + i};Сотрудник {i};Министерство юстиции;Отдел;Эксперт;p{i}@gov.kz" for i in range(20)]
    rows.append("200;Чужой;Body elsewhere;Отдел;Эксперт;x@gov.kz")
    data = codecs.BOM_UTF8 + "\n".join(rows).encode()
    files = {"file": ("roster.csv", data, "text/csv")}
    answer = await client.post("/api/training/admin/imports", files=files, headers=headers)
    assert answer.status_code == 202, answer.text
    await run_jobs(settings)
    status = (await client.get(f"/api/training/admin/imports/{answer.json()['id']}", headers=headers)).json()
    assert (status["status"], status["inserted"], status["error_count"]) == ("done", 20, 1)
    fragment = await client.get(f"/training/admin/imports/{status['id']}/progress", headers=headers)
    assert 'value="21"' in fragment.text and "hx-trigger" not in fragment.text


async def test_public_stats_page_shows_aggregates_without_names(client: Client, make_body: MakeBody) -> None:
    body = await make_body("AST", "Body A")
    for n in range(6):
        await _staff(f"p{n}@gov.kz", body.id, number=f"8{n}")
    async with runtime.session() as session:
        course = (await CourseService(session).seed_courses())[0]
        await AssignmentService(session).assign(
            course.id, target_kind="body", body_id=body.id, due_date=date.today(), actor="t"
        )
        await commit(session)
    page = await client.get("/training/stats", headers={"accept-language": "en"})
    assert page.status_code == 200 and "Astana" in page.text
    assert "Сәрсенбаева" not in page.text and "@gov.kz" not in page.text


async def test_admin_pages_render_and_the_course_editor_publishes_a_revision(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body("AST", "Body A")
    _, admin = await make_user(Role.TRAINING_ADMIN)  # national
    _, staff_headers = await make_user(Role.STAFF, email="reader@gov.kz", language="ru")
    _, course_id = await _staff("reader@gov.kz", body.id)
    for path in (
        "/training/admin",
        "/training/admin/assignments",
        "/training/admin/imports",
        "/training/admin/courses",
    ):
        assert (await client.get(path, headers=admin)).status_code == 200, path
    export = await client.get("/training/admin/export.xlsx", headers=admin)
    assert export.status_code == 200 and export.content.startswith(b"PK")
    async with runtime.session() as session:
        lesson = (await CourseService(session).lessons(course_id))[0]
    form_page = await client.get(f"/training/admin/lessons/{lesson.id}", headers=admin)
    form = {
        "_csrf_token": csrf_of(form_page.text),
        "body_ru": "## Обновлённый урок",
        "title_ru": "Новый заголовок",
    }
    form.update(
        {"body_kk": "", "body_en": "", "title_kk": "", "title_en": "", "required": "on", "new_revision": "on"}
    )
    saved = await client.post(
        f"/training/admin/lessons/{lesson.id}", data=form, headers=admin, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    page = await client.get(
        f"/training/courses/{course_id}/lessons/{lesson.id}",
        headers=staff_headers,
    )
    assert "Обновлённый урок" in page.text and "Новый заголовок" in page.text
    courses = (await client.get("/api/training/courses", headers=staff_headers)).json()
    assert next(c for c in courses if c["id"] == course_id)["revision"] == 2


async def test_quiz_form_page_scores_radio_and_checkbox_answers(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body("AST", "Body A")
    _, headers = await make_user(Role.STAFF, email="former@gov.kz", language="en")
    _, course_id = await _staff("former@gov.kz", body.id)
    page = await client.get(f"/training/courses/{course_id}/quiz", headers=headers)
    assert page.status_code == 200
    async with runtime.session() as session:
        attempt = (await session.execute(select(QuizAttempt))).scalar_one()
        course = await session.get(Course, course_id)
        assert course is not None
        if not any(e["item_id"] in _multiple(course) for e in attempt.form):  # make sure one is on the form
            spare = next(k for k in _multiple(course) if k not in {e["item_id"] for e in attempt.form})
            attempt.form = [{"item_id": spare, "order": [2, 0, 3, 1]}, *attempt.form[1:]]
            await commit(session)
    answers = await _answers(attempt.id, course_id)
    form: dict[str, Any] = {"_csrf_token": csrf_of(page.text)}
    for item_id, answer in answers.items():
        form[f"m-{item_id}" if isinstance(answer, list) else f"q-{item_id}"] = (
            [str(a) for a in answer] if isinstance(answer, list) else str(answer)
        )
    result = await client.post(f"/training/courses/{course_id}/quiz/{attempt.id}", data=form, headers=headers)
    assert result.status_code == 200 and "8 / 8" in result.text and "not passed" not in result.text


def _multiple(course: Course) -> list[str]:
    return [it["key"] for it in course.items if it["type"] == "multiple"]
