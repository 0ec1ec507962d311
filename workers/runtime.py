"""Process-wide runtime for jobs and events: the settings, a session factory and background tasks."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_engine, session_factory
from app.settings import Settings, load_settings

_SETTINGS_KEY = "adal.settings"
_state: dict[str, Any] = {"settings": None, "domains_loaded": False}
_tasks: set[asyncio.Task[Any]] = set()


def configure(settings: Settings) -> None:
    """Set the settings this process uses for jobs and event delivery."""
    _state["settings"] = settings


def current_settings() -> Settings:
    """The configured settings, or the environment's on first use in a fresh worker process."""
    if _state["settings"] is None:
        _state["settings"] = load_settings()
    settings: Settings = _state["settings"]
    return settings


def settings_of(session: AsyncSession) -> Settings:
    """The settings a session was opened with (falls back to the process settings)."""
    found = session.info.get(_SETTINGS_KEY)
    return found if isinstance(found, Settings) else current_settings()


def bind_settings(session: AsyncSession, settings: Settings) -> AsyncSession:
    """Remember which settings a session belongs to, so after-commit work finds Redis and the database."""
    session.info[_SETTINGS_KEY] = settings
    return session


@asynccontextmanager
async def session() -> AsyncIterator[AsyncSession]:
    """A new session on this process's engine; the caller commits."""
    settings = current_settings()
    async with session_factory(get_engine(settings))() as s:
        bind_settings(s, settings)
        yield s


def spawn(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    """Run ``coro`` in the background, keeping a reference until it is done."""
    task = asyncio.get_running_loop().create_task(coro)
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return task


async def drain() -> None:
    """Wait for every background task of this event loop (including tasks they start) to finish."""
    loop = asyncio.get_running_loop()
    while mine := [t for t in _tasks if t.get_loop() is loop]:
        await asyncio.gather(*mine, return_exceptions=True)


def load_domains() -> None:
    """Import every domain's jobs and event handlers (the composition root lists them)."""
    if not _state["domains_loaded"]:
        importlib.import_module("app.composition").load_domains()
        _state["domains_loaded"] = True


async def dispose() -> None:
    """Close this process's engine (an RQ job runs in its own event loop)."""
    from app.db import dispose_engine

    await dispose_engine(current_settings())
