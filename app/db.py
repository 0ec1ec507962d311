"""Engine and session factory: SQLite (embedded default) or PostgreSQL, created lazily per process."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from app.settings import Settings

_engines: dict[tuple[int, int, str], AsyncEngine] = {}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def build_engine(settings: Settings, url: str | None = None) -> AsyncEngine:
    """A new engine for this process (RQ forks per job, so never share one across a fork)."""
    url = url or settings.effective_database_url
    if url.startswith("sqlite"):
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        # No pre-ping: it costs a round trip per request (~30 % of a read route). A connection broken by a
        # database restart fails one request and invalidates the pool; clients retry (answers are idempotent).
        pool_pre_ping=False,
        pool_recycle=1800,
    )


def _key(settings: Settings) -> tuple[int, int, str]:
    try:
        loop_id = id(asyncio.get_running_loop())
    except RuntimeError:
        loop_id = 0
    return (os.getpid(), loop_id, settings.effective_database_url)


def get_engine(settings: Settings) -> AsyncEngine:
    """The engine of this process and event loop for these settings (pools are bound to a loop)."""
    key = _key(settings)
    if key not in _engines:
        _engines[key] = build_engine(settings)
    return _engines[key]


async def dispose_engine(settings: Settings) -> None:
    """Close and forget the engine of the running loop."""
    engine = _engines.pop(_key(settings), None)
    if engine is not None:
        await engine.dispose()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
