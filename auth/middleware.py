"""Authentication: ``scope["user"]`` becomes a Principal from a bearer access token or the session cookie."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar.datastructures import Cookie
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.principal import Principal
from auth.principal_cache import cached, generation, remember, watch_epoch
from auth.service import AccountService
from auth.sessions import SESSION_COOKIE, digest, principal_for_session, principal_for_user
from auth.tokens import verify_access_token
from workers import runtime
from workers.uow import commit


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


def _cookie(scope: Scope, name: str) -> str | None:
    for part in _header(scope, b"cookie").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


async def remember_language(request: Any, lang: str) -> None:
    """The language switcher's hook: a signed-in user's choice is also kept on their account."""
    principal = request.scope.get("user")
    if isinstance(principal, Principal):
        async with runtime.session() as session:
            await AccountService(session).set_language(principal.user_id, lang)
            await commit(session)


class Authentication:
    """Resolves the caller once per request (one query joining the user and their grants, then cached).

    A plain ASGI middleware (no framework wrapper): it runs on every request, answer saves included.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.hooked = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set ``scope["user"]`` (None when anonymous or the credentials are invalid)."""
        if scope["type"] in ("http", "websocket") and not scope["path"].startswith("/static/"):
            if not self.hooked:  # the language switcher also keeps a signed-in user's choice
                scope["app"].state.on_language_chosen = remember_language
                self.hooked = True
            scope["user"] = await self._principal(scope)
        await self.app(scope, receive, send)

    async def _principal(self, scope: Scope) -> Principal | None:
        authorization = _header(scope, b"authorization")
        if authorization[:7].lower() == "bearer ":
            user_id = verify_access_token(self.settings, authorization[7:].strip())
            if user_id is None:
                return None
            return await self._resolve(f"user:{user_id}", lambda s: principal_for_user(s, user_id))
        token = _cookie(scope, SESSION_COOKIE)
        if token:
            return await self._resolve(f"session:{digest(token)}", lambda s: principal_for_session(s, token))
        return None

    async def _resolve(
        self, key: str, load: Callable[[AsyncSession], Awaitable[Principal | None]]
    ) -> Principal | None:
        watch_epoch(self.settings.redis_url)
        hit, principal = cached(key)
        if hit:
            return principal
        loaded_in = generation()
        async with runtime.session() as session:
            principal = await load(session)
        remember(key, principal, loaded_in)
        return principal


def session_cookie(
    token: str, settings: Settings, *, name: str = SESSION_COOKIE, max_age: int | None = None
) -> Cookie:
    """The HttpOnly, SameSite=Lax session cookie (Secure when served over https)."""
    return Cookie(
        key=name,
        value=token,
        httponly=True,
        samesite="lax",
        secure=settings.base_url.startswith("https"),
        max_age=max_age,
        path="/",
    )


def middleware(settings: Settings) -> list[Any]:
    """The auth middleware stack, authentication first."""
    return [lambda app: Authentication(app, settings)]
