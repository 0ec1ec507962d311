"""Jobs: enqueued after commit only, deterministic ids, failures recorded and retryable."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.ops import list_failed_jobs, retry_failed_jobs
from app.settings import Settings
from tests.conftest import run_jobs
from workers import runtime
from workers.jobs import enqueue_after_commit, job
from workers.models import JobFailure
from workers.uow import commit

RAN: list[int] = []
FAIL_ONCE: set[int] = set()


@job("tests.record", retries=0)
async def record(session: AsyncSession, n: int) -> None:
    """Records that it ran."""
    RAN.append(n)


@job("tests.flaky", retries=0)
async def flaky(session: AsyncSession, n: int) -> None:
    """Fails the first time for each n."""
    if n not in FAIL_ONCE:
        FAIL_ONCE.add(n)
        raise RuntimeError(f"flaky job {n} failed")
    RAN.append(n)


async def test_job_of_rolled_back_transaction_never_runs(committed: AsyncEngine, settings: Settings) -> None:
    RAN.clear()
    async with runtime.session() as session:
        enqueue_after_commit(session, "tests.record", 1)
        await session.rollback()
        await commit(session)
    async with runtime.session() as session:
        jid = enqueue_after_commit(session, "tests.record", 2)
        await commit(session)
    await run_jobs(settings)
    assert RAN == [2]
    assert jid == "tests_record--2"


async def test_failed_job_is_listed_and_can_be_retried(
    committed: AsyncEngine, settings: Settings, capsys: object
) -> None:
    RAN.clear()
    FAIL_ONCE.clear()
    async with runtime.session() as session:
        enqueue_after_commit(session, "tests.flaky", 7)
        await commit(session)
    await run_jobs(settings)
    assert RAN == []
    async with committed.connect() as conn:
        failures = (await conn.execute(select(JobFailure.job_name, JobFailure.args))).all()
    assert [(f.job_name, f.args) for f in failures] == [("tests.flaky", [7])]
    assert await list_failed_jobs(settings) == 1
    assert await retry_failed_jobs(settings, []) == 0
    await run_jobs(settings)
    assert RAN == [7]
    assert await list_failed_jobs(settings) == 0
