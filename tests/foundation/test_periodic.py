"""Periodic jobs start once per period, however many schedulers tick."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.settings import Settings
from tests.conftest import run_jobs
from workers.jobs import job
from workers.periodic import enqueue_due, periodic, run_due_in_process
from workers.queues import redis_connection

TICKS: list[str] = []


@job("tests.tick", retries=0)
async def tick(session: AsyncSession, day: str) -> None:
    """Records each run."""
    TICKS.append(day)


periodic("tests.tick", every_s=3600, args=lambda: ["2026-11-28"])


async def test_periodic_job_runs_once_per_period(committed: AsyncEngine, settings: Settings) -> None:
    TICKS.clear()
    if settings.redis_url:
        redis_connection(settings.redis_url).delete("adal:periodic:tests.tick")
        first, second = enqueue_due(settings.redis_url), enqueue_due(settings.redis_url)
        assert "tests.tick" in first and "tests.tick" not in second
        await run_jobs(settings)
    else:
        first, second = await run_due_in_process(), await run_due_in_process()
        assert "tests.tick" in first and "tests.tick" not in second
    assert TICKS == ["2026-11-28"]
