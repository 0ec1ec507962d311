"""Enrolment, lesson progress, the quiz, the completion rule, certificates and xAPI statements."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.models import AuditEntry
from tests.training.conftest import add_staff, correct_answers
from training.certificates import CertificateService
from training.courses import CourseService
from training.learning import LearningService
from training.models import Certificate, Enrolment, XapiStatement
from training.quiz import QuizService
from training.statements import StatementLog
from training.xapi import validate_statement

FUNDAMENTALS = "genai-fundamentals"


async def _enrolled(db: AsyncSession, world: dict[str, Any]) -> tuple[Enrolment, Any]:
    staff = (await add_staff(db, 1))[0]
    course = world["courses"][FUNDAMENTALS]
    return await LearningService(db).enrol(staff.id, course.id), course


async def _pass_quiz(db: AsyncSession, enrolment: Enrolment, course: Any, *, wrong: int = 0) -> Any:
    quiz = QuizService(db)
    attempt = await quiz.start_quiz(enrolment)
    return await quiz.submit_quiz(
        attempt, enrolment, correct_answers(attempt, course, wrong=wrong), actor="t"
    )


async def test_enrolling_twice_keeps_one_enrolment(db: AsyncSession, world: dict[str, Any]) -> None:
    enrolment, course = await _enrolled(db, world)
    again = await LearningService(db).enrol(enrolment.staff_id, course.id, source="hire")
    count = await db.scalar(select(func.count()).select_from(Enrolment))
    assert again.id == enrolment.id and count == 1 and again.source == "assignment"


async def test_course_completes_only_after_required_lessons_and_a_passed_quiz(
    db: AsyncSession, world: dict[str, Any]
) -> None:
    enrolment, course = await _enrolled(db, world)
    learning = LearningService(db)
    lessons = await CourseService(db).lessons(course.id)
    required = [lesson for lesson in lessons if lesson.required]
    for lesson in required[:-1]:
        await learning.complete_lesson(enrolment, lesson.id, actor="t")
    result = await _pass_quiz(db, enrolment, course)
    assert result.passed and not result.completed and enrolment.status == "in_progress"
    await learning.complete_lesson(enrolment, required[-1].id, actor="t")
    assert enrolment.status == "completed" and enrolment.completed_at is not None
    certs = (await db.execute(select(Certificate))).scalars().all()
    assert len(certs) == 1 and certs[0].code and certs[0].code.startswith("ADL-")
    audit = await db.scalar(select(func.count()).where(AuditEntry.action == "training.course_completed"))
    assert audit == 1


async def test_failed_quiz_leaves_course_open(db: AsyncSession, world: dict[str, Any]) -> None:
    enrolment, course = await _enrolled(db, world)
    learning = LearningService(db)
    for lesson in await CourseService(db).lessons(course.id):
        await learning.complete_lesson(enrolment, lesson.id, actor="t")
    assert enrolment.status == "in_progress"  # every lesson done, no quiz yet
    result = await _pass_quiz(db, enrolment, course, wrong=4)
    assert not result.passed and enrolment.status == "in_progress"
    assert (await _pass_quiz(db, enrolment, course)).completed
    assert enrolment.status == "completed"


async def test_each_learning_step_records_a_valid_xapi_statement(
    db: AsyncSession, world: dict[str, Any]
) -> None:
    enrolment, course = await _enrolled(db, world)
    first = (await CourseService(db).lessons(course.id))[0]
    await LearningService(db).complete_lesson(enrolment, first.id, actor="t")
    await _pass_quiz(db, enrolment, course, wrong=8)
    rows = (await db.execute(select(XapiStatement).order_by(XapiStatement.id))).scalars().all()
    assert [r.verb for r in rows] == ["launched", "experienced", "completed", "attempted", "failed"]
    assert all(validate_statement(r.statement) == [] for r in rows)
    assert all("@" not in str(r.statement) for r in rows)
    exported = await StatementLog(db).export_jsonl()
    assert exported.count(b"\n") == 5


async def test_certificate_verification_reports_revoked_and_expired(
    db: AsyncSession, world: dict[str, Any]
) -> None:
    enrolment, course = await _enrolled(db, world)
    learning = LearningService(db)
    for lesson in await CourseService(db).lessons(course.id):
        await learning.complete_lesson(enrolment, lesson.id, actor="t")
    await _pass_quiz(db, enrolment, course)
    cert = (await db.execute(select(Certificate))).scalar_one()
    service = CertificateService(db)
    ok = await service.verify(cert.code or "")
    assert ok.valid and ok.holder_name == "Сотрудник 1000" and ok.course_title == course.title
    assert cert.valid_until is not None
    assert (
        await service.verify(cert.code or "", today=cert.valid_until + timedelta(days=1))
    ).status == "expired"
    assert (await service.verify("ADL-N000-0000-00")).status == "unknown"
    await service.revoke(cert.id, reason="issued in error", actor="t")
    assert (await service.verify(cert.code or "")).status == "revoked"


async def test_new_revision_keeps_completions_unless_flagged(db: AsyncSession, world: dict[str, Any]) -> None:
    enrolment, course = await _enrolled(db, world)
    learning = LearningService(db)
    lessons = await CourseService(db).lessons(course.id)
    for lesson in lessons:
        await learning.complete_lesson(enrolment, lesson.id, actor="t")
    await _pass_quiz(db, enrolment, course)
    courses = CourseService(db)
    await courses.edit_lesson(lessons[0].id, body={"ru": "## Новое"}, actor="t", new_revision=True)
    assert course.revision == 2 and enrolment.status == "completed"
    await courses.edit_lesson(lessons[0].id, body={"ru": "## Ещё"}, actor="t", reset_completions=True)
    await db.refresh(enrolment)
    assert course.revision == 3 and enrolment.status == "in_progress"
    assert [m.id for m in await learning.missing_lessons(enrolment)] == [lessons[0].id]
