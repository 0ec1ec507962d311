"""The training JSON API under /api/training: learning, quizzes, verification, administration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import language_of
from auth.guards import PUBLIC
from training.courses import CourseService, blueprint_of, text_in
from training.dashboard import DashboardService, Filters
from training.errors import Forbidden
from training.heatmap import Cell
from training.learning import LearningService
from training.models import Course, Enrolment, RosterImport
from training.quiz import QuizService
from training.roster_import import RosterImportService
from training.schemas import (
    AssignmentCreate,
    AssignmentRead,
    CellRead,
    CourseRead,
    EnrolmentRead,
    HeatMapRead,
    ImportRead,
    LessonEdit,
    LessonRead,
    LessonSummary,
    QuizItemRead,
    QuizRead,
    QuizResultRead,
    QuizSubmit,
    VerificationRead,
)
from training.service import AssignmentService, CertificateService, StatementLog
from training.web_common import (
    LEARNER,
    TRAINING_ADMIN,
    actor,
    admin_scope,
    body_filter,
    check_body,
    is_national,
    learner,
    learner_enrolment,
    me,
)

DB = NamedDependency[AsyncSession]


def course_read(c: Course) -> CourseRead:
    """API view of a course."""
    return CourseRead(
        c.id, c.slug, c.title, c.summary, c.revision, c.pass_mark_percent, c.recertify_months, c.mandatory
    )


def import_read(r: RosterImport) -> ImportRead:
    """API view of a roster import."""
    return ImportRead(
        r.id,
        r.filename,
        r.status,
        r.total,
        r.processed,
        r.inserted,
        r.updated,
        r.error_count,
        list(r.errors or []),
        r.message,
    )


def _cell(c: Cell) -> CellRead:
    return CellRead(c.assigned, c.completed, c.overdue, c.rate, c.status)


async def enrolment_read(session: AsyncSession, e: Enrolment, course: Course) -> EnrolmentRead:
    """API view of an enrolment with lesson counts."""
    learning = LearningService(session)
    lessons = await CourseService(session).lessons(course.id)
    required = [lesson for lesson in lessons if lesson.required]
    missing = await learning.missing_lessons(e)
    return EnrolmentRead(
        e.id,
        course.id,
        course.slug,
        e.status,
        e.due_date,
        e.enrolled_at,
        e.completed_at,
        len(required) - len(missing),
        len(required),
    )


@dataclass
class RosterUpload:
    """A roster file (CSV or XLSX) for the body in ``body_id`` (empty: national)."""

    file: UploadFile
    body_id: int | None = None


class LearnerApi(Controller):
    """My courses, lessons and quizzes."""

    path = "/api/training"
    tags = ["training"]
    guards = [LEARNER]

    @get("/courses")
    async def list_courses(self, db_session: DB) -> list[CourseRead]:
        """Every course."""
        return [course_read(c) for c in await CourseService(db_session).courses()]

    @get("/me/enrolments")
    async def my_enrolments(self, request: Request[Any, Any, Any], db_session: DB) -> list[EnrolmentRead]:
        """My enrolments, soonest due first."""
        _, staff = await learner(request, db_session)
        pairs = await LearningService(db_session).enrolments_of(staff.id)
        return [await enrolment_read(db_session, e, c) for e, c in pairs]

    @get("/courses/{course_id:int}/lessons")
    async def outline(
        self, request: Request[Any, Any, Any], db_session: DB, course_id: FromPath[int]
    ) -> list[LessonSummary]:
        """The lessons of one of my courses, in order, with what I have completed."""
        _, staff = await learner(request, db_session)
        learning, lang = LearningService(db_session), language_of(request)
        progress = await learning.progress((await learning.enrolment_for(staff.id, course_id)).id)
        return [
            LessonSummary(
                x.id,
                x.slug,
                text_in(x.title, lang),
                x.required,
                x.minutes,
                x.id in progress and progress[x.id].completed_at is not None,
            )
            for x in await CourseService(db_session).lessons(course_id)
        ]

    @get("/courses/{course_id:int}/lessons/{lesson_id:int}")
    async def lesson(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromPath[int],
        lesson_id: FromPath[int],
    ) -> LessonRead:
        """A lesson of one of my courses; opening it is recorded."""
        _, staff = await learner(request, db_session)
        learning = LearningService(db_session)
        enrolment = await learning.enrolment_for(staff.id, course_id)
        progress = await learning.open_lesson(enrolment, lesson_id)
        lesson, lang = await CourseService(db_session).lesson(lesson_id), language_of(request)
        return LessonRead(
            lesson.id,
            lesson.slug,
            text_in(lesson.title, lang),
            CourseService.lesson_html(lesson, lang),
            lesson.required,
            lesson.minutes,
            progress.completed_at is not None,
        )

    @post("/courses/{course_id:int}/lessons/{lesson_id:int}/complete", status_code=200)
    async def complete_lesson(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromPath[int],
        lesson_id: FromPath[int],
    ) -> EnrolmentRead:
        """Mark a lesson done; the course completes when the rule is met."""
        principal, enrolment = await learner_enrolment(request, db_session, course_id)
        await LearningService(db_session).complete_lesson(enrolment, lesson_id, actor=actor(principal))
        course = await CourseService(db_session).course(course_id)
        return await enrolment_read(db_session, enrolment, course)

    @post("/courses/{course_id:int}/quiz", status_code=200)
    async def start_quiz(
        self, request: Request[Any, Any, Any], db_session: DB, course_id: FromPath[int]
    ) -> QuizRead:
        """Start (or resume) the course quiz."""
        _, enrolment = await learner_enrolment(request, db_session, course_id)
        quiz = QuizService(db_session)
        attempt = await quiz.start_quiz(enrolment)
        shown = await quiz.shown_items(attempt, enrolment, language_of(request))
        course = await CourseService(db_session).course(course_id)
        items = [QuizItemRead(s.item_id, s.item_type, s.stem, s.options) for s in shown]
        return QuizRead(attempt.id, blueprint_of(course).time_limit_minutes, items)

    @post("/courses/{course_id:int}/quiz/{attempt_id:int}", status_code=200)
    async def submit_quiz(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromPath[int],
        attempt_id: FromPath[int],
        data: JSONBody[QuizSubmit],
    ) -> QuizResultRead:
        """Submit answers (positions as shown) and get the result."""
        principal, enrolment = await learner_enrolment(request, db_session, course_id)
        quiz = QuizService(db_session)
        attempt = await quiz.attempt(attempt_id, enrolment)
        r = await quiz.submit_quiz(attempt, enrolment, data.answers, actor=actor(principal))
        return QuizResultRead(r.attempt_id, r.correct, r.total, r.pass_mark, r.passed, r.completed)


class PublicApi(Controller):
    """Certificate verification, open to anyone."""

    path = "/api/training"
    tags = ["training"]
    opt = PUBLIC

    @get("/verify/{code:str}")
    async def verify(
        self, request: Request[Any, Any, Any], db_session: DB, code: FromPath[str]
    ) -> VerificationRead:
        """Whether a course certificate is valid, with only the course, holder name and dates."""
        v = await CertificateService(db_session).verify(code)
        title = text_in(v.course_title, language_of(request)) if v.course_title else None
        return VerificationRead(v.status, v.valid, title, v.holder_name, v.issued_on, v.valid_until)


class AdminApi(Controller):
    """Assignments, roster imports, dashboards, statements and course editing."""

    path = "/api/training/admin"
    tags = ["training"]
    guards = [TRAINING_ADMIN]

    @post("/assignments", status_code=201)
    async def create_assignment(
        self, request: Request[Any, Any, Any], db_session: DB, data: JSONBody[AssignmentCreate]
    ) -> AssignmentRead:
        """Assign a course within my scope; everyone targeted is enrolled at once."""
        principal = me(request)
        check_body(admin_scope(principal), data.body_id)
        a, n = await AssignmentService(db_session).assign(
            data.course_id,
            target_kind=data.target_kind,
            body_id=data.body_id,
            target_ref=data.target_ref,
            due_date=data.due_date,
            mandatory=data.mandatory,
            actor=actor(principal),
            created_by=principal.user_id,
        )
        return AssignmentRead(
            a.id, a.course_id, a.target_kind, a.body_id, a.target_ref, a.due_date, a.mandatory, n
        )

    @post("/imports", status_code=202)
    async def upload_roster(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        data: Annotated[RosterUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> ImportRead:
        """Upload a roster; a job imports it (poll the import for progress)."""
        scope = admin_scope(me(request))
        body_id = data.body_id if data.body_id is not None or is_national(scope) else _only(scope)
        check_body(scope, body_id)
        content = await data.file.read()
        record = await RosterImportService(db_session).start_import(
            data.file.filename or "roster", content, body_scope=body_id, user_id=me(request).user_id
        )
        return import_read(record)

    @get("/imports/{import_id:int}")
    async def import_status(
        self, request: Request[Any, Any, Any], db_session: DB, import_id: FromPath[int]
    ) -> ImportRead:
        """Progress and row errors of an import."""
        record = await RosterImportService(db_session).get(import_id)
        check_body(admin_scope(me(request)), record.body_scope)
        return import_read(record)

    @get("/heatmap")
    async def heatmap(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromQuery[int | None] = None,
        region: FromQuery[str | None] = None,
    ) -> HeatMapRead:
        """Completion by region × body within my scope."""
        scope = body_filter(admin_scope(me(request)))
        filters = Filters(course_id=course_id, body_ids=scope, region=region)
        heat = await DashboardService(db_session, language_of(request)).heatmap(filters)
        cells = [[_cell(c) for c in line] for line in heat.cells]
        return HeatMapRead(heat.regions, heat.bodies, cells, _cell(heat.total))

    @get("/statements.jsonl", media_type="application/x-ndjson")
    async def statements(self, request: Request[Any, Any, Any], db_session: DB) -> Response[bytes]:
        """Every recorded xAPI statement as JSON Lines (national admins)."""
        if not is_national(admin_scope(me(request))):
            raise Forbidden("Statement export is national.")
        return Response(await StatementLog(db_session).export_jsonl(), media_type="application/x-ndjson")

    @put("/lessons/{lesson_id:int}")
    async def edit_lesson(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        lesson_id: FromPath[int],
        data: JSONBody[LessonEdit],
    ) -> CourseRead:
        """Edit a lesson (national admins); a revision keeps completions unless reset is asked."""
        principal = me(request)
        if not is_national(admin_scope(principal)):
            raise Forbidden("Courses are edited nationally.")
        courses = CourseService(db_session)
        lesson = await courses.edit_lesson(
            lesson_id,
            body=data.body,
            title=data.title,
            required=data.required,
            actor=actor(principal),
            new_revision=data.new_revision,
            reset_completions=data.reset_completions,
        )
        return course_read(await courses.course(lesson.course_id))


def _only(scope: frozenset[int | None]) -> int | None:
    """The single body of a body-scoped admin (the first, when several)."""
    ids = sorted(b for b in scope if b is not None)
    return ids[0] if ids else None
