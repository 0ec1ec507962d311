"""Public pages: certificate verification and aggregate completion statistics (no personal data)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import language_of
from auth.guards import PUBLIC
from training.courses import text_in
from training.dashboard import DashboardService, Filters
from training.heatmap import MIN_CELL_COUNT
from training.service import CertificateService

DB = NamedDependency[AsyncSession]


class PublicPages(Controller):
    """Open to anyone, on purpose."""

    include_in_schema = False
    opt = PUBLIC

    @get("/verify-course/{code:str}")
    async def verify_page(
        self, request: Request[Any, Any, Any], db_session: DB, code: FromPath[str]
    ) -> Template:
        """Validity, course, holder name and date of a course certificate — nothing more."""
        v = await CertificateService(db_session).verify(code)
        lang = language_of(request)
        course = text_in(v.course_title, lang) if v.course_title else ""
        status = 200 if v.status != "unknown" else 404
        return Template(
            template_name="training/verify.html",
            context={"v": v, "code": code[:60], "course": course},
            status_code=status,
        )

    @get("/training/stats")
    async def stats_page(self, request: Request[Any, Any, Any], db_session: DB) -> Template:
        """National completion by region and by course; small groups are suppressed."""
        lang = language_of(request)
        service = DashboardService(db_session, lang)
        heat = await service.heatmap(Filters())
        courses = [
            {
                "title": text_in(c.title, lang),
                "assigned": n,
                "completed": done if n >= MIN_CELL_COUNT else None,
            }
            for c, n, done in await service.by_course(Filters())
        ]
        regions = list(zip(heat.regions, heat.row_totals, strict=True))
        context = {"regions": regions, "courses": courses, "total": heat.total, "legend": heat.legend}
        return Template(template_name="training/stats.html", context=context)
