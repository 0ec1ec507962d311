"""Shared fixtures: a real database (SQLite file, or PostgreSQL when ADAL_TEST_DATABASE_URL is set), a real
Redis and RQ workers when ADAL_TEST_REDIS_URL is set, and the assembled app."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from litestar.testing import AsyncTestClient
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from rq.timeouts import TimerDeathPenalty
from sqlalchemy import create_engine, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from app.composition import load_models
from app.main import create_app
from app.settings import Settings, load_settings
from workers import runtime

pytest_plugins = ["tests.auth_fixtures"]

PG_URL = os.environ.get("ADAL_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("ADAL_TEST_REDIS_URL", "") or None
needs_redis = pytest.mark.skipif(REDIS_URL is None, reason="runs on the PostgreSQL + Redis pass")
needs_postgres = pytest.mark.skipif(not PG_URL, reason="runs on the PostgreSQL + Redis pass")


def _create_pg_database(base_url: str) -> tuple[str, str]:
    name = f"adal_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base_url.replace("+asyncpg", "+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + f"/{name}", name


def _drop_pg_database(base_url: str, name: str) -> None:
    admin = create_engine(base_url.replace("+asyncpg", "+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database for this test run, dropped at the end."""
    if PG_URL:
        url, name = _create_pg_database(PG_URL)
        yield url
        _drop_pg_database(PG_URL, name)
    else:
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Test settings: own database, own Redis database, own files."""
    var = tmp_path_factory.mktemp("var")
    s = load_settings(
        env="test",
        database_url=database_url,
        redis_url=REDIS_URL,
        var_dir=var,
        log_json=False,
        log_level="WARNING",
        argon2_time_cost=1,
        argon2_memory_kib=8192,
    )
    runtime.configure(s)
    if REDIS_URL:
        from workers.queues import redis_connection

        redis_connection(REDIS_URL).flushdb()
    return s


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The engine of the test database, with the schema of every domain created."""
    from app.db import get_engine

    eng = get_engine(settings)
    async with eng.begin() as conn:
        await conn.run_sync(load_models().create_all)
    yield eng
    await eng.dispose()


@pytest.fixture
async def db(engine: AsyncEngine, settings: Settings) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test (commits become savepoints)."""
    url = settings.effective_database_url
    test_engine = create_async_engine(url)
    if url.startswith("sqlite"):

        @event.listens_for(test_engine.sync_engine, "connect")
        def _connect(dbapi_conn, _rec):
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA foreign_keys=ON")

        @event.listens_for(test_engine.sync_engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN")

    async with test_engine.connect() as conn:
        await conn.begin()
        session = AsyncSession(bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint")
        runtime.bind_settings(session, settings)
        yield session
        await session.close()
        await conn.rollback()
    await test_engine.dispose()


async def truncate_all(engine: AsyncEngine) -> None:
    """Empty every table (for tests whose work must really commit)."""
    tables = list(reversed(load_models().sorted_tables))
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                await conn.execute(t.delete())


@pytest.fixture
async def committed(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """The real engine; every table is emptied after the test."""
    yield engine
    await runtime.drain()
    await truncate_all(engine)


class ThreadWorker(SimpleWorker):
    """A real RQ worker that runs jobs in a thread of the test process (so test handlers are registered).

    Signals only work in the main thread, so this one installs none and times jobs out with a timer.
    """

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        return None


def _burst_worker(url: str) -> None:
    from workers.queues import QUEUE_NAMES, get_queue, redis_connection

    queues = [get_queue(url, n) for n in QUEUE_NAMES]
    ThreadWorker(queues, connection=redis_connection(url), serializer=JSONSerializer).work(burst=True)


async def run_jobs(settings: Settings) -> None:
    """Let every pending job and event run: in-process, or by a real RQ worker (burst) on real Redis."""
    await runtime.drain()
    if settings.redis_url:
        for _ in range(3):  # jobs may enqueue jobs (an event handler emitting an event)
            await asyncio.to_thread(_burst_worker, settings.redis_url)
            await runtime.drain()


@pytest.fixture
async def client(committed: AsyncEngine, settings: Settings) -> AsyncIterator[AsyncTestClient]:
    """The assembled app on the test database, over real HTTP semantics (no server process)."""
    app = create_app(settings)
    async with AsyncTestClient(app=app, base_url="http://127.0.0.1:8000") as c:
        yield c
