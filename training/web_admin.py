"""Training administration pages: dashboard, exports, assignments, roster imports, course editor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import LANGUAGES, language_of
from training.charts import weekly_chart
from training.courses import CourseService, text_in
from training.dashboard import DashboardService, Filters, export_csv, export_xlsx
from training.directory import bodies
from training.errors import Forbidden, Invalid
from training.reminders import REMINDER_JOB
from training.service import AssignmentService, RosterImportService
from training.web_common import TRAINING_ADMIN, actor, admin_scope, body_filter, check_body, is_national, me
from workers.jobs import enqueue_after_commit

DB = NamedDependency[AsyncSession]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class RosterForm:
    """The roster upload form."""

    file: UploadFile
    body_id: str = ""


def _filters(request: Request[Any, Any, Any], course_id: int | None, region: str | None) -> Filters:
    return Filters(course_id=course_id, body_ids=body_filter(admin_scope(me(request))), region=region or None)


class AdminPages(Controller):
    """Pages for training administrators (scoped to their body) and admins."""

    path = "/training/admin"
    include_in_schema = False
    guards = [TRAINING_ADMIN]

    @get("/")
    async def dashboard(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromQuery[int | None] = None,
        region: FromQuery[str | None] = None,
    ) -> Template:
        """Heat map by region × body, by course, over time and the overdue list."""
        lang, filters = language_of(request), _filters(request, course_id, region)
        service = DashboardService(db_session, lang)
        known = await bodies(db_session, lang)
        context = {
            "heat": await service.heatmap(filters),
            "departments": sorted(
                await service.completion_rows(filters), key=lambda r: (r.body, r.department)
            ),
            "by_course": await service.by_course(filters),
            "chart": weekly_chart(await service.weekly(filters)),
            "overdue": await service.overdue(filters, limit=50),
            "courses": await CourseService(db_session).courses(),
            "regions": sorted({(b.region_code, b.region) for b in known.values()}),
            "filters": filters,
            "national": is_national(admin_scope(me(request))),
            "query": request.url.query or "",
            "text_in": text_in,
        }
        return Template(template_name="training/admin_dashboard.html", context=context)

    @get("/export.csv", media_type="text/csv")
    async def export_csv(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromQuery[int | None] = None,
        region: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        """Completion by department as CSV."""
        rows = await _completion_rows(request, db_session, course_id, region)
        return _download(export_csv(rows), "text/csv; charset=utf-8", "training-completion.csv")

    @get("/export.xlsx", media_type=XLSX)
    async def export_xlsx(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        course_id: FromQuery[int | None] = None,
        region: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        """Completion by department as XLSX."""
        rows = await _completion_rows(request, db_session, course_id, region)
        return _download(export_xlsx(rows), XLSX, "training-completion.xlsx")

    @get("/assignments")
    async def assignments(self, request: Request[Any, Any, Any], db_session: DB) -> Template:
        """Assignments in my scope and the form for a new one."""
        scope, lang = admin_scope(me(request)), language_of(request)
        known = await bodies(db_session, lang)
        allowed = {i: b for i, b in known.items() if None in scope or i in scope}
        context = {
            "rows": await AssignmentService(db_session).assignments(scope),
            "courses": {c.id: c for c in await CourseService(db_session).courses()},
            "bodies": allowed,
            "national": is_national(scope),
            "text_in": text_in,
        }
        return Template(template_name="training/admin_assignments.html", context=context)

    @post("/assignments", status_code=303)
    async def create_assignment(self, request: Request[Any, Any, Any], db_session: DB) -> Redirect:
        """Create an assignment from the form; everyone targeted is enrolled at once."""
        principal, form = me(request), await request.form()
        body_raw = str(form.get("body_id") or "")
        body_id = int(body_raw) if body_raw.isdigit() else None
        check_body(admin_scope(principal), body_id)
        try:
            due = date.fromisoformat(str(form.get("due_date")))
            course_id = int(str(form.get("course_id")))
        except ValueError as exc:
            raise Invalid("Choose a course and a due date.") from exc
        await AssignmentService(db_session).assign(
            course_id,
            target_kind=str(form.get("target_kind", "body")),
            body_id=body_id,
            target_ref=str(form.get("target_ref", "")),
            due_date=due,
            mandatory=form.get("mandatory") is not None,
            actor=actor(principal),
            created_by=principal.user_id,
        )
        return Redirect(path="/training/admin/assignments", status_code=303)

    @get("/imports")
    async def imports(self, request: Request[Any, Any, Any], db_session: DB) -> Template:
        """Roster upload form and recent imports."""
        scope, lang = admin_scope(me(request)), language_of(request)
        known = await bodies(db_session, lang)
        context = {
            "imports": await RosterImportService(db_session).recent(scope),
            "bodies": {i: b for i, b in known.items() if None in scope or i in scope},
            "national": is_national(scope),
        }
        return Template(template_name="training/admin_imports.html", context=context)

    @post("/imports", status_code=303)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        db_session: DB,
        data: Annotated[RosterForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Redirect:
        """Store the roster file and start the import job."""
        scope = admin_scope(me(request))
        body_id = int(data.body_id) if data.body_id.isdigit() else None
        if body_id is None and not is_national(scope):
            body_id = min(b for b in scope if b is not None)
        check_body(scope, body_id)
        record = await RosterImportService(db_session).start_import(
            data.file.filename or "roster",
            await data.file.read(),
            body_scope=body_id,
            user_id=me(request).user_id,
        )
        return Redirect(path=f"/training/admin/imports/{record.id}", status_code=303)

    @get("/imports/{import_id:int}")
    async def import_page(
        self, request: Request[Any, Any, Any], db_session: DB, import_id: FromPath[int]
    ) -> Template:
        """One import: a progress bar polled with htmx, then the row errors."""
        record = await RosterImportService(db_session).get(import_id)
        check_body(admin_scope(me(request)), record.body_scope)
        return Template(template_name="training/admin_import.html", context={"r": record})

    @get("/imports/{import_id:int}/progress")
    async def import_progress(
        self, request: Request[Any, Any, Any], db_session: DB, import_id: FromPath[int]
    ) -> Template:
        """The progress fragment (htmx keeps polling it while the import runs)."""
        record = await RosterImportService(db_session).get(import_id)
        check_body(admin_scope(me(request)), record.body_scope)
        return Template(template_name="training/_import_progress.html", context={"r": record})

    @get("/courses")
    async def courses(self, request: Request[Any, Any, Any], db_session: DB) -> Template:
        """The course editor: courses and their lessons."""
        service = CourseService(db_session)
        rows = [(c, await service.lessons(c.id)) for c in await service.courses()]
        context = {
            "rows": rows,
            "text_in": text_in,
            "national": is_national(admin_scope(me(request))),
        }
        return Template(template_name="training/admin_courses.html", context=context)

    @get("/lessons/{lesson_id:int}")
    async def lesson_form(
        self, request: Request[Any, Any, Any], db_session: DB, lesson_id: FromPath[int]
    ) -> Template:
        """Edit a lesson's text in each language."""
        service = CourseService(db_session)
        lesson = await service.lesson(lesson_id)
        context = {"lesson": lesson, "course": await service.course(lesson.course_id), "languages": LANGUAGES}
        return Template(template_name="training/admin_lesson.html", context=context)

    @post("/lessons/{lesson_id:int}", status_code=303)
    async def save_lesson(
        self, request: Request[Any, Any, Any], db_session: DB, lesson_id: FromPath[int]
    ) -> Redirect:
        """Save a lesson; a new revision keeps completions unless reset is ticked."""
        principal = me(request)
        if not is_national(admin_scope(principal)):
            raise Forbidden("Courses are edited nationally.")
        form = await request.form()
        await CourseService(db_session).edit_lesson(
            lesson_id,
            body={lang: str(form.get(f"body_{lang}", "")) for lang in LANGUAGES},
            title={lang: str(form.get(f"title_{lang}", "")) for lang in LANGUAGES},
            required=form.get("required") is not None,
            new_revision=form.get("new_revision") is not None,
            reset_completions=form.get("reset_completions") is not None,
            actor=actor(principal),
        )
        return Redirect(path="/training/admin/courses", status_code=303)

    @post("/reminders", status_code=303)
    async def run_reminders(self, request: Request[Any, Any, Any], db_session: DB) -> Redirect:
        """Send today's reminders now (national); the job then runs daily."""
        if not is_national(admin_scope(me(request))):
            raise Forbidden("Reminders are run nationally.")
        enqueue_after_commit(db_session, REMINDER_JOB, datetime.now(UTC).date().isoformat())
        return Redirect(path="/training/admin", status_code=303)


async def _completion_rows(
    request: Request[Any, Any, Any], db_session: AsyncSession, course_id: int | None, region: str | None
) -> list[Any]:
    """The dashboard's completion rows for the caller's scope and filters (what both exports write)."""
    service = DashboardService(db_session, language_of(request))
    return list(await service.completion_rows(_filters(request, course_id, region)))


def _download(body: bytes, media_type: str, filename: str) -> Response[bytes]:
    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)
