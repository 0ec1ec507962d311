"""Administration pages: users and their role grants, state bodies (administrators only)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from msgspec import Struct
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import language_of
from auth.audit.service import AuditService
from auth.guards import principal_of, requires_role
from auth.principal import Role
from auth.service import AccountService, OrgService, parse_role


class GrantForm(Struct):
    """A role and, for body-scoped roles, the body ('' = every body)."""

    role: str
    body_id: str = ""


class ActiveForm(Struct):
    """Enable ('true') or disable ('false') an account."""

    active: str


class BodyForm(Struct):
    """A new state body."""

    name_kk: str
    name_ru: str
    name_en: str
    region_code: str
    parent_id: str = ""


def _actor(request: Request[Any, Any, Any]) -> str:
    principal = principal_of(request)
    return f"user:{principal.user_id}" if principal else "unknown"


def _optional_int(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


class AdminController(Controller):
    """Users, grants and state bodies."""

    path = "/admin"
    include_in_schema = False
    guards = [requires_role(Role.ADMIN)]

    @get("/users")
    async def users(self, db_session: NamedDependency[AsyncSession], q: FromQuery[str] = "") -> Template:
        """Search users."""
        users = await AccountService(db_session).users(search=q.strip())
        return Template(template_name="auth/admin_users.html", context={"users": users, "q": q})

    @get("/users/{user_id:int}")
    async def user(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        user_id: FromPath[int],
    ) -> Template:
        """One user's grants (revoked ones too) and the forms to change them."""
        accounts, lang = AccountService(db_session), language_of(request)
        user = await accounts.get(user_id)
        context = {
            "user": user,
            "grants": await accounts.grants(user_id, include_revoked=True),
            "bodies": {b.id: b.name(lang) for b in await OrgService(db_session).bodies()},
            "roles": [r.value for r in Role],
        }
        return Template(template_name="auth/admin_user.html", context=context)

    @post("/users/{user_id:int}/grant", status_code=303)
    async def grant(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        user_id: FromPath[int],
        data: URLEncodedBody[GrantForm],
    ) -> Redirect:
        """Grant a role (audited)."""
        return await _change_grant(AccountService(db_session).grant_role, request, user_id, data)

    @post("/users/{user_id:int}/revoke", status_code=303)
    async def revoke(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        user_id: FromPath[int],
        data: URLEncodedBody[GrantForm],
    ) -> Redirect:
        """Revoke a role (audited)."""
        return await _change_grant(AccountService(db_session).revoke_role, request, user_id, data)

    @post("/users/{user_id:int}/active", status_code=303)
    async def active(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        user_id: FromPath[int],
        data: URLEncodedBody[ActiveForm],
    ) -> Redirect:
        """Enable or disable an account; disabling ends its sessions."""
        from auth.sessions import SessionService

        active = data.active == "true"
        await AccountService(db_session).set_active(user_id, active=active, actor=_actor(request))
        if not active:
            await SessionService(db_session).end_all(user_id)
        return Redirect(path=f"/admin/users/{user_id}", status_code=303)

    @get("/bodies")
    async def bodies(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """State bodies and the form to add one."""
        return Template(
            template_name="auth/admin_bodies.html", context=await _bodies_context(request, db_session)
        )

    @post("/bodies", status_code=303)
    async def create_body(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[BodyForm],
    ) -> Redirect:
        """Register a state body (audited)."""
        await OrgService(db_session).create_body(
            name_kk=data.name_kk.strip(),
            name_ru=data.name_ru.strip(),
            name_en=data.name_en.strip(),
            region_code=data.region_code,
            parent_id=_optional_int(data.parent_id),
            actor=_actor(request),
        )
        return Redirect(path="/admin/bodies", status_code=303)


async def _change_grant(
    change: Callable[..., Awaitable[object]], request: Request[Any, Any, Any], user_id: int, data: GrantForm
) -> Redirect:
    """Grant or revoke the role of the form, then back to the user's page."""
    await change(
        user_id=user_id,
        role=parse_role(data.role),
        body_id=_optional_int(data.body_id),
        actor=_actor(request),
    )
    return Redirect(path=f"/admin/users/{user_id}", status_code=303)


async def _bodies_context(request: Request[Any, Any, Any], db_session: AsyncSession) -> dict[str, Any]:
    org, lang = OrgService(db_session), language_of(request)
    bodies = await org.bodies()
    regions = {r.code: getattr(r, f"name_{lang}", r.name_en) for r in await org.regions()}
    return {"bodies": bodies, "regions": regions, "names": {b.id: b.name(lang) for b in bodies}}


class AuditController(Controller):
    """The audit log, newest first, with the result of verifying its hash chain."""

    path = "/admin/audit"
    include_in_schema = False
    guards = [requires_role(Role.AUDITOR, Role.ADMIN)]

    @get("/")
    async def audit(
        self, db_session: NamedDependency[AsyncSession], before: FromQuery[int | None] = None
    ) -> Template:
        """A page of the audit log and whether the chain holds."""
        audit = AuditService(db_session)
        context = {
            "entries": await audit.recent(limit=100, before=before),
            "finding": await audit.verify_chain(),
        }
        return Template(template_name="auth/audit.html", context=context)
