"""The auth JSON API: tokens (password grant, refresh with rotation, sign-out), the caller, the org."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.guards import PUBLIC, principal_of, requires_login, requires_role
from auth.login import FAILED_MESSAGE, LOCKED_MESSAGE, LoginService, Outcome
from auth.principal import Role
from auth.schemas import (
    BodyCreate,
    BodyRead,
    GrantChange,
    GrantRead,
    MeRead,
    RefreshRequest,
    RegionRead,
    TokenPair,
    TokenRequest,
)
from auth.service import AccountService, OrgService, parse_role
from auth.sessions import RefreshService
from auth.tokens import issue_access_token
from auth.web_login import address_of


def problem(request: Request[Any, Any, Any], status: int, detail: str) -> Response[dict[str, Any]]:
    """A problem-details answer returned (not raised) so the request's writes still commit."""
    body = {"type": "about:blank", "title": "Sign-in failed", "status": status, "detail": detail}
    return Response(
        {**body, "instance": request.url.path},
        status_code=status,
        media_type="application/problem+json",
        headers={"www-authenticate": 'Bearer realm="adal"'} if status == 401 else None,
    )


async def token_pair(db_session: AsyncSession, settings: Settings, user_id: int) -> TokenPair:
    """A fresh access token and a refresh token in a new family."""
    refresh = await RefreshService(db_session).issue(user_id)
    access = issue_access_token(settings, user_id=user_id)
    return TokenPair(
        access_token=access, refresh_token=refresh, expires_in=settings.access_token_minutes * 60
    )


class TokenController(Controller):
    """Access and refresh tokens for API clients."""

    path = "/api/auth"
    tags = ["auth"]

    @post("/token", opt=PUBLIC, status_code=200)
    async def token(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        data: JSONBody[TokenRequest],
    ) -> Response[Any]:
        """Exchange email, password (and a one-time code when the role needs one) for tokens."""
        login, address = LoginService(db_session), address_of(request)
        result = await login.check_password(email=data.email, password=data.password, address=address)
        if result.outcome in (Outcome.FAILED, Outcome.LOCKED):
            await login.failed(data.email, address=address)
            locked = result.outcome == Outcome.LOCKED
            return problem(request, 429 if locked else 401, LOCKED_MESSAGE if locked else FAILED_MESSAGE)
        assert result.user is not None
        if result.outcome == Outcome.UNVERIFIED:
            return problem(request, 403, "Confirm your email address first.")
        if result.outcome == Outcome.NEEDS_TOTP_SETUP:
            return problem(request, 403, "Set up two-factor authentication in the browser first.")
        if result.outcome == Outcome.NEEDS_TOTP:
            verdict = await login.check_second_factor(result.user, data.totp) if data.totp else False
            if not verdict:
                return problem(request, 401, "A valid one-time code is required.")
        await login.signed_in(result.user, method="api", address=address)
        return Response(await token_pair(db_session, settings, result.user.id))

    @post("/refresh", opt=PUBLIC, status_code=200)
    async def refresh(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        data: JSONBody[RefreshRequest],
    ) -> Response[Any]:
        """Spend a refresh token for a new pair; reusing a spent one revokes its whole family."""
        rotated = await RefreshService(db_session).rotate(data.refresh_token)
        if rotated is None or await AccountService(db_session).principal_for(rotated[0]) is None:
            return problem(request, 401, "The refresh token is not valid.")
        user_id, refresh = rotated
        access = issue_access_token(settings, user_id=user_id)
        return Response(
            TokenPair(
                access_token=access, refresh_token=refresh, expires_in=settings.access_token_minutes * 60
            )
        )

    @post("/logout", opt=PUBLIC, status_code=204)
    async def logout(self, db_session: NamedDependency[AsyncSession], data: JSONBody[RefreshRequest]) -> None:
        """Revoke the refresh token's family (access tokens expire on their own within minutes)."""
        await RefreshService(db_session).revoke(data.refresh_token)

    @get("/me", guards=[requires_login()])
    async def me(self, request: Request[Any, Any, Any]) -> MeRead:
        """Who the caller is and which roles they hold."""
        p = principal_of(request)
        assert p is not None
        grants = sorted(
            (GrantRead(g.role.value, g.body_id) for g in p.grants), key=lambda g: (g.role, g.body_id or 0)
        )
        return MeRead(user_id=p.user_id, email=p.email, language=p.language, grants=grants)


def _body_read(b: Any) -> BodyRead:
    return BodyRead(b.id, b.name_kk, b.name_ru, b.name_en, b.region_code, b.parent_id)


class OrgController(Controller):
    """Regions and state bodies (public reference data); changes are for administrators."""

    path = "/api/org"
    tags = ["org"]

    @get("/regions", opt=PUBLIC)
    async def regions(self, db_session: NamedDependency[AsyncSession]) -> list[RegionRead]:
        """The 17 regions and 3 cities of national significance."""
        return [
            RegionRead(r.code, r.name_kk, r.name_ru, r.name_en)
            for r in await OrgService(db_session).regions()
        ]

    @get("/bodies", opt=PUBLIC)
    async def bodies(
        self, db_session: NamedDependency[AsyncSession], region: FromQuery[str | None] = None
    ) -> list[BodyRead]:
        """State bodies, optionally of one region."""
        return [_body_read(b) for b in await OrgService(db_session).bodies(region)]

    @post("/bodies", guards=[requires_role(Role.ADMIN)])
    async def create_body(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: JSONBody[BodyCreate],
    ) -> BodyRead:
        """Register a state body."""
        actor = f"user:{principal_of(request).user_id}"  # type: ignore[union-attr]
        body = await OrgService(db_session).create_body(
            name_kk=data.name_kk,
            name_ru=data.name_ru,
            name_en=data.name_en,
            region_code=data.region_code,
            parent_id=data.parent_id,
            actor=actor,
        )
        return _body_read(body)

    @post("/users/{user_id:int}/grants", guards=[requires_role(Role.ADMIN)], status_code=204)
    async def grant(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        user_id: FromPath[int],
        data: JSONBody[GrantChange],
    ) -> None:
        """Grant a role to a user."""
        actor = f"user:{principal_of(request).user_id}"  # type: ignore[union-attr]
        await AccountService(db_session).grant_role(
            user_id=user_id, role=parse_role(data.role), body_id=data.body_id, actor=actor
        )

    @post("/users/{user_id:int}/revocations", guards=[requires_role(Role.ADMIN)], status_code=204)
    async def revoke(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        user_id: FromPath[int],
        data: JSONBody[GrantChange],
    ) -> None:
        """Revoke a role from a user."""
        actor = f"user:{principal_of(request).user_id}"  # type: ignore[union-attr]
        await AccountService(db_session).revoke_role(
            user_id=user_id, role=parse_role(data.role), body_id=data.body_id, actor=actor
        )
