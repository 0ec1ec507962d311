"""Administration entry page and the failed-jobs page (operations of the platform itself)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from auth.guards import requires_role
from auth.principal import Role
from workers.failures import last_line, open_failures, retry_failures

STAFF_ROLES = (Role.ADMIN, Role.AUDITOR, Role.TRAINING_ADMIN, Role.HR_OFFICER, Role.COMMISSION_MEMBER)


class OpsController(Controller):
    """``/admin``: the way into every administrative area; ``/admin/jobs``: failed background jobs."""

    path = "/admin"
    include_in_schema = False

    @get("/", guards=[requires_role(*STAFF_ROLES)])
    async def admin_home(self) -> Template:
        """Links to the administrative areas this user may enter."""
        return Template(template_name="ops/admin_home.html")

    @get("/jobs", guards=[requires_role(Role.ADMIN)])
    async def failed_jobs(self, db_session: NamedDependency[AsyncSession]) -> Template:
        """Jobs that failed after their last retry."""
        failures = await open_failures(db_session)
        rows = [(f, last_line(f.error)) for f in failures]
        return Template(template_name="ops/jobs.html", context={"rows": rows})

    @post("/jobs/retry", guards=[requires_role(Role.ADMIN)], status_code=303)
    async def retry_jobs(self, db_session: NamedDependency[AsyncSession]) -> Redirect:
        """Retry every open failure (each job is idempotent)."""
        await retry_failures(db_session)
        return Redirect(path="/admin/jobs", status_code=303)

    @post("/jobs/{failure_id:int}/retry", guards=[requires_role(Role.ADMIN)], status_code=303)
    async def retry_job(
        self, failure_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> Redirect:
        """Retry one failed job."""
        await retry_failures(db_session, [failure_id])
        return Redirect(path="/admin/jobs", status_code=303)
