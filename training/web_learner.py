"""Pages for civil servants: my courses, a course, a lesson, the quiz and my certificates."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import gettext, language_of
from training.courses import CourseService, blueprint_of, text_in
from training.learning import LearningService
from training.quiz import QuizService
from training.service import CertificateService
from training.web_common import LEARNER, actor, learner, learner_enrolment, me

DB = NamedDependency[AsyncSession]


class LearnerPages(Controller):
    """The learner's pages under /training."""

    path = "/training"
    include_in_schema = False
    guards = [LEARNER]

    @get("/")
    async def my_courses(self, request: Request[Any, Any, Any], db_session: DB) -> Template:
        """My enrolments with progress and due dates."""
        principal = me(request)
        learning = LearningService(db_session)
        staff = await learning.staff_for_user(principal.user_id, principal.email)
        rows = []
        for e, course in await learning.enrolments_of(staff.id) if staff else []:
            required = [x for x in await CourseService(db_session).lessons(course.id) if x.required]
            done = len(required) - len(await learning.missing_lessons(e))
            rows.append({"enrolment": e, "course": course, "done": done, "required": len(required)})
        context = {"staff": staff, "rows": rows, "text_in": text_in}
        return Template(template_name="training/my_courses.html", context=context)

    @get("/courses/{course_id:int}")
    async def course_page(
        self, request: Request[Any, Any, Any], db_session: DB, course_id: FromPath[int]
    ) -> Template:
        """A course's modules and lessons with my progress."""
        _, staff = await learner(request, db_session)
        learning, courses = LearningService(db_session), CourseService(db_session)
        enrolment = await learning.enrolment_for(staff.id, course_id)
        context = {
            "course": await courses.course(course_id),
            "modules": await courses.modules(course_id),
            "lessons": await courses.lessons(course_id),
            "progress": await learning.progress(enrolment.id),
            "enrolment": enrolment,
            "quiz_passed": await learning.quiz_passed(enrolment),
            "text_in": text_in,
        }
        return Template(template_name="training/course.html", context=context)

    @get("/courses/{course_id:int}/lessons/{lesson_id:int}")
    async def lesson_page(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromPath[int],
        lesson_id: FromPath[int],
    ) -> Template:
        """A lesson (opening it is recorded)."""
        _, staff = await learner(request, db_session)
        learning, courses = LearningService(db_session), CourseService(db_session)
        enrolment = await learning.enrolment_for(staff.id, course_id)
        progress = await learning.open_lesson(enrolment, lesson_id)
        lesson, lang = await courses.lesson(lesson_id), language_of(request)
        lessons = await courses.lessons(course_id)
        following = next((x for x in lessons if x.position > lesson.position), None)
        context = {
            "course": await courses.course(course_id),
            "lesson": lesson,
            "html": CourseService.lesson_html(lesson, lang),
            "done": progress.completed_at is not None,
            "next_lesson": following,
            "text_in": text_in,
        }
        return Template(template_name="training/lesson.html", context=context)

    @post("/courses/{course_id:int}/lessons/{lesson_id:int}/complete", status_code=303)
    async def complete_lesson(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromPath[int],
        lesson_id: FromPath[int],
    ) -> Redirect:
        """Mark a lesson done and go back to the course."""
        principal, enrolment = await learner_enrolment(request, db_session, course_id)
        await LearningService(db_session).complete_lesson(enrolment, lesson_id, actor=actor(principal))
        return Redirect(path=f"/training/courses/{course_id}", status_code=303)

    @get("/courses/{course_id:int}/quiz")
    async def quiz_page(
        self, request: Request[Any, Any, Any], db_session: DB, course_id: FromPath[int]
    ) -> Template:
        """The quiz form (an open attempt is resumed)."""
        _, enrolment = await learner_enrolment(request, db_session, course_id)
        quiz = QuizService(db_session)
        attempt = await quiz.start_quiz(enrolment)
        course = await CourseService(db_session).course(course_id)
        context = {
            "course": course,
            "attempt": attempt,
            "items": await quiz.shown_items(attempt, enrolment, language_of(request)),
            "blueprint": blueprint_of(course),
            "text_in": text_in,
        }
        return Template(template_name="training/quiz.html", context=context)

    @post("/courses/{course_id:int}/quiz/{attempt_id:int}", status_code=200)
    async def submit_quiz(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromPath[int],
        attempt_id: FromPath[int],
    ) -> Template:
        """Score the submitted form and show the result."""
        principal, enrolment = await learner_enrolment(request, db_session, course_id)
        quiz = QuizService(db_session)
        attempt = await quiz.attempt(attempt_id, enrolment)
        form = await request.form()
        answers: dict[str, Any] = {}
        for key in form:
            values = [int(v) for v in form.getall(key) if str(v).isdigit()]
            if key.startswith("m-"):  # multiple choice: every ticked option
                answers[key[2:]] = values
            elif key.startswith("q-") and values:
                answers[key[2:]] = values[0]
        result = await quiz.submit_quiz(attempt, enrolment, answers, actor=actor(principal))
        context = {"result": result, "course": await CourseService(db_session).course(course_id)}
        return Template(
            template_name="training/quiz_result.html",
            context={**context, "text_in": text_in},
        )

    @get("/certificates")
    async def certificates(self, request: Request[Any, Any, Any], db_session: DB) -> Template:
        """My certificates."""
        principal = me(request)
        staff = await LearningService(db_session).staff_for_user(principal.user_id, principal.email)
        certs = await CertificateService(db_session).of_staff(staff.id) if staff else []
        context = {"certs": certs, "text_in": text_in}
        return Template(template_name="training/certificates.html", context=context)

    @get("/certificates/{certificate_id:int}/pdf", media_type="application/pdf")
    async def certificate_pdf(
        self, request: Request[Any, Any, Any], db_session: DB, certificate_id: FromPath[int]
    ) -> Response[bytes]:
        """One of my certificates as a PDF in my language."""
        _, staff = await learner(request, db_session)
        service = CertificateService(db_session)
        cert = await service.get_for_staff(certificate_id, staff.id)
        lang = language_of(request)
        pdf = service.pdf(cert, lang, labels={"revision": gettext(lang)("Course revision")})
        disposition = f'attachment; filename="adal-certificate-{cert.id}.pdf"'
        return Response(pdf, media_type="application/pdf", headers={"content-disposition": disposition})
