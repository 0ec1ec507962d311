"""Engine and session factory: SQLite (embedded default) or PostgreSQL, created lazily per process."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import asyncpg
from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from app.settings import Settings

_engines: dict[tuple[int, int, str], AsyncEngine] = {}
_driver_pools: dict[tuple[int, int, str], asyncio.Future[asyncpg.Pool]] = {}


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


async def keep_session_state(_connection: asyncpg.Connection) -> None:
    """The driver pool's reset on release: nothing. The hot path sets no session state (no SET, LISTEN or
    advisory lock), so asyncpg's default reset query, a round trip per request, is skipped; asyncpg still
    rolls back a transaction left open."""


async def driver_pool(settings: Settings) -> asyncpg.Pool:
    """The raw asyncpg pool of this process and loop (PostgreSQL only), for the one hot path that skips
    SQLAlchemy: answer saving (``assessments.answer_path``). Up to ``db_pool_size`` connections."""
    key = _key(settings)
    found = _driver_pools.get(key)
    if found is None or (found.done() and (found.cancelled() or found.exception() is not None)):
        # stored before any await, so concurrent callers share one pool; a failed start is retried later
        url = make_url(settings.effective_database_url).set(drivername="postgresql")
        _driver_pools[key] = asyncio.ensure_future(
            asyncpg.create_pool(
                url.render_as_string(hide_password=False),
                min_size=1,
                max_size=settings.db_pool_size,
                reset=keep_session_state,
            )
        )
    return await _driver_pools[key]


async def dispose_engine(settings: Settings) -> None:
    """Close and forget the engine (and the driver pool) of the running loop."""
    engine = _engines.pop(_key(settings), None)
    if engine is not None:
        await engine.dispose()
    pool = _driver_pools.pop(_key(settings), None)
    if pool is not None:
        await (await pool).close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
