"""Composition-level routes: home page, language switch, liveness and readiness."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from msgspec import Struct
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import COOKIE, LANGUAGES
from app.settings import Settings
from auth.guards import PUBLIC
from workers.queues import redis_connection


class Health(Struct):
    """Liveness / readiness answer."""

    status: str
    checks: dict[str, str] = {}


@get("/health", opt=PUBLIC, include_in_schema=True, tags=["ops"], sync_to_thread=False)
def health() -> Health:
    """The process is alive."""
    return Health(status="ok")


@get("/ready", opt=PUBLIC, tags=["ops"])
async def ready(
    db_session: NamedDependency[AsyncSession], settings: NamedDependency[Settings]
) -> Response[Health]:
    """The database (and Redis, when configured) answer."""
    checks: dict[str, str] = {}
    try:
        await db_session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    if settings.redis_url:
        try:
            redis_connection(settings.redis_url).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {type(exc).__name__}"
    ok = all(v == "ok" for v in checks.values())
    return Response(
        Health(status="ok" if ok else "unavailable", checks=checks),
        status_code=HTTP_200_OK if ok else HTTP_503_SERVICE_UNAVAILABLE,
    )


@get("/", opt=PUBLIC, include_in_schema=False)
async def home() -> Template:
    """What Adal is, and the way into each area."""
    return Template(template_name="home.html")


class LanguageChoice(Struct):
    """The language switcher form."""

    lang: str
    next: str = "/"


@post("/language", opt=PUBLIC, include_in_schema=False, status_code=303)
async def switch_language(
    request: Request[Any, Any, Any],
    data: Annotated[LanguageChoice, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect:
    """Remember the chosen language in a cookie (and for the user, when signed in)."""
    if data.lang not in LANGUAGES:
        raise ClientException(f"Unknown language {data.lang!r}; choose one of {', '.join(LANGUAGES)}.")
    target = data.next if data.next.startswith("/") and not data.next.startswith("//") else "/"
    cookie = Cookie(key=COOKIE, value=data.lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    hook = request.app.state.get("on_language_chosen")
    if hook is not None:
        await hook(request, data.lang)
    return Redirect(path=target, cookies=[cookie], status_code=303)


web_router = Router(path="/", route_handlers=[health, ready, home, switch_language])
