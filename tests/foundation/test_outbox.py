"""Domain events: written with the change, delivered after commit, never on rollback, never twice."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.settings import Settings
from tests.conftest import _burst_worker, run_jobs
from tests.servers import free_port
from workers import runtime
from workers.models import OutboxEvent
from workers.outbox import DELIVER, emit, relay, subscribe
from workers.queues import get_queue, job_id, redis_connection
from workers.uow import commit

DELIVERED: list[int] = []


@subscribe("tests.thing_happened", "tests.recorder")
async def record_delivery(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Records each delivery, so a duplicate would show."""
    DELIVERED.append(payload["n"])


@pytest.fixture(autouse=True)
def _clear() -> None:
    DELIVERED.clear()


async def _pending(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        q = select(func.count()).select_from(OutboxEvent).where(OutboxEvent.delivered_at.is_(None))
        return int((await conn.execute(q)).scalar_one())


async def test_event_of_rolled_back_transaction_is_never_delivered(
    committed: AsyncEngine, settings: Settings
) -> None:
    async with runtime.session() as session:
        await emit(session, "tests.thing_happened", {"n": 1})
        await session.rollback()
    async with runtime.session() as session:
        await emit(session, "tests.thing_happened", {"n": 2})
        await commit(session)
    await run_jobs(settings)
    await relay(settings.redis_url)
    await run_jobs(settings)
    assert DELIVERED == [2]
    assert await _pending(committed) == 0


@pytest.fixture
def private_redis(tmp_path: Any) -> Iterator[tuple[str, Any]]:
    """A Redis server of our own that the test may stop and start."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed for this test"
    port = free_port()
    args = [
        binary,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp_path),
    ]
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        procs.append(subprocess.Popen(args, stdout=subprocess.DEVNULL))
        for _ in range(50):
            try:
                redis_connection(f"redis://127.0.0.1:{port}/0").ping()
                return
            except Exception:
                time.sleep(0.1)

    def stop() -> None:
        for p in procs:
            p.terminate()
            p.wait()
        procs.clear()

    yield f"redis://127.0.0.1:{port}/0", (start, stop)
    stop()


async def test_events_wait_for_redis_and_are_delivered_once(
    committed: AsyncEngine, settings: Settings, private_redis: tuple[str, Any]
) -> None:
    url, (start, stop) = private_redis
    redis_settings = settings.model_copy(update={"redis_url": url})
    runtime.configure(redis_settings)
    try:
        async with runtime.session() as session:
            for n in range(3):
                await emit(session, "tests.thing_happened", {"n": n})
            await commit(session)
        await runtime.drain()
        assert await _pending(committed) == 3 and DELIVERED == []

        start()
        assert await relay(url) == 3
        # A duplicate delivery job (as a sweep racing a slow worker would make) must not deliver twice.
        first = await _first_event_id(committed)
        get_queue(url).enqueue(
            "workers.jobs.execute",
            DELIVER,
            [first, "tests.recorder"],
            job_id=job_id(DELIVER, first, "tests.recorder") + "--again",
        )
        await asyncio.to_thread(_burst_worker, url)
        assert sorted(DELIVERED) == [0, 1, 2]
        assert await _pending(committed) == 0
        assert await relay(url) == 0
    finally:
        stop()
        runtime.configure(settings)


async def _first_event_id(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.min(OutboxEvent.id)))).scalar_one())
