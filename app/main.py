"""``create_app(settings)``: the whole Adal web application, composed from its domains."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, cast

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from sqlalchemy.ext.asyncio import AsyncSession

from app import composition
from app.db import dispose_engine, get_engine, session_factory
from app.edge import edge_middleware
from app.errors import EXCEPTION_HANDLERS
from app.i18n import LANGUAGE_NAMES, LANGUAGES, template_gettext, template_lang
from app.logs import configure_logging
from app.settings import Settings, load_settings
from app.web import web_router
from app.web_ops import OpsController
from workers import runtime
from workers.periodic import TICK_S, run_due_in_process
from workers.uow import commit

STATIC = Path(__file__).resolve().parent / "static"


async def provide_db_session(state: State) -> AsyncGenerator[AsyncSession, None]:
    """The request's unit of work: committed before the response is sent, rolled back on error."""
    async with state.session_maker() as session:
        runtime.bind_settings(session, state.settings)
        try:
            yield session
        except Exception:
            await session.rollback()
            raise
        else:
            await commit(session)


async def _embedded_scheduler() -> None:
    """Without Redis, the app process itself runs the periodic jobs (outbox sweep, reminders, ...)."""
    while True:
        await asyncio.sleep(TICK_S)
        with contextlib.suppress(Exception):
            await run_due_in_process()


def _lifespan(settings: Settings) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        runtime.configure(settings)
        runtime.load_domains()
        engine = get_engine(settings)  # created inside the server's event loop
        app.state.session_maker = session_factory(engine)
        app.state.settings = settings
        sweeper = None if settings.redis_url else asyncio.create_task(_embedded_scheduler())
        try:
            yield
        finally:
            if sweeper is not None:
                sweeper.cancel()
            await runtime.drain()
            await dispose_engine(settings)

    return lifespan


def _template_principal(ctx: dict[str, Any]) -> Any:
    request = ctx.get("request")
    return request.scope.get("user") if request is not None else None


def _templates() -> TemplateConfig[JinjaTemplateEngine]:
    def setup(engine: JinjaTemplateEngine) -> None:
        engine.register_template_callable("_", template_gettext)  # type: ignore[arg-type]
        engine.register_template_callable("lang", template_lang)  # type: ignore[arg-type]
        engine.register_template_callable("principal", _template_principal)  # type: ignore[arg-type]
        engine.engine.globals.update(LANGUAGES=LANGUAGES, LANGUAGE_NAMES=LANGUAGE_NAMES)

    return TemplateConfig(
        directory=cast("list[Path | os.PathLike[Any] | str]", composition.template_dirs()),
        engine=JinjaTemplateEngine,
        engine_callback=setup,
    )


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the application for ``settings`` (read from the environment when omitted)."""
    settings = settings or load_settings()
    configure_logging(settings.log_level, settings.log_json)
    runtime.configure(settings)
    runtime.load_domains()
    return Litestar(
        route_handlers=[
            web_router,
            OpsController,
            create_static_files_router(path="/static", directories=[STATIC], opt={"public": True}),
            *composition.routers(),
        ],
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "db_session": Provide(provide_db_session),
        },
        middleware=[edge_middleware, *composition.middleware(settings)],
        exception_handlers=EXCEPTION_HANDLERS,
        template_config=_templates(),
        csrf_config=CSRFConfig(
            secret=settings.secret().decode(),
            cookie_name="adal_csrf",
            header_name="x-csrftoken",
            cookie_secure=settings.base_url.startswith("https"),
            exclude=["/api/", "/health", "/ready"],
        ),
        openapi_config=OpenAPIConfig(
            title="Adal API",
            version="1.0.0",
            path="/schema",
            render_plugins=[ScalarRenderPlugin()],
        ),
        lifespan=[_lifespan(settings)],
        request_max_body_size=settings.max_upload_bytes + 64 * 1024,
        debug=False,
    )
