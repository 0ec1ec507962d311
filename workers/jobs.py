"""Job registry and execution: an async job runs with its own session and commits once.

A domain declares ``@job("assessments.score_session")`` on ``async def f(session, *ids)``. With Redis
configured the job goes to RQ as ``workers.jobs.execute(name, args)`` (JSON serializer, deterministic id,
timeout and retries); on the embedded default it runs in-process right after the enqueuing commit.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rq import Retry, get_current_job
from sqlalchemy.ext.asyncio import AsyncSession

from workers import runtime
from workers.models import JobFailure
from workers.queues import DEFAULT, get_queue, job_id
from workers.uow import commit, on_commit

log = logging.getLogger(__name__)

JobFn = Callable[..., Awaitable[None]]


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A registered job: its function and how RQ should treat it."""

    name: str
    fn: JobFn
    queue: str
    timeout: int
    retries: int


_REGISTRY: dict[str, JobSpec] = {}


def job(name: str, *, queue: str = DEFAULT, timeout: int = 300, retries: int = 3) -> Callable[[JobFn], JobFn]:
    """Register ``fn(session, *args)`` as the job ``name``."""

    def register(fn: JobFn) -> JobFn:
        _REGISTRY[name] = JobSpec(name, fn, queue, timeout, retries)
        return fn

    return register


def registered(name: str) -> JobSpec:
    """The job registered under ``name`` (domains are loaded on demand in a fresh process)."""
    if name not in _REGISTRY:
        runtime.load_domains()
    return _REGISTRY[name]


def enqueue_after_commit(session: AsyncSession, name: str, *args: Any, at: datetime | None = None) -> str:
    """Run job ``name(*args)`` once this session commits; nothing happens on rollback."""
    spec = registered(name)
    jid = job_id(name, *args)
    settings = runtime.settings_of(session)

    if settings.redis_url:
        url = settings.redis_url

        def push() -> None:
            q = get_queue(url, spec.queue)
            kwargs: dict[str, Any] = {
                "job_id": jid,
                "job_timeout": spec.timeout,
                "retry": Retry(max=spec.retries, interval=[5, 30, 120]) if spec.retries else None,
                "failure_ttl": 30 * 24 * 3600,
            }
            if at is None:
                q.enqueue("workers.jobs.execute", name, list(args), **kwargs)
            else:
                q.enqueue_at(at, "workers.jobs.execute", name, list(args), **kwargs)

        on_commit(session, push)
    else:

        async def run_here() -> None:
            if at is None:
                await run_job(name, list(args), jid)
            else:
                delay = max(0.0, (at - datetime.now(UTC)).total_seconds())
                loop = asyncio.get_running_loop()
                loop.call_later(delay, lambda: runtime.spawn(run_job(name, list(args), jid)))

        on_commit(session, lambda: runtime.spawn(run_here()))
    return jid


async def run_job(name: str, args: list[Any], jid: str, *, final: bool = True) -> None:
    """Run a job in a session of its own and commit; record the failure when no retry is left."""
    spec = registered(name)
    try:
        async with runtime.session() as session:
            await spec.fn(session, *args)
            await commit(session)
    except Exception as exc:
        log.exception("job failed", extra={"job_id": jid})
        if final:
            await _record_failure(jid, name, args, exc)
        raise


async def _record_failure(jid: str, name: str, args: list[Any], exc: BaseException) -> None:
    error = "".join(traceback.format_exception(exc))[-4000:]
    async with runtime.session() as session:
        session.add(
            JobFailure(job_id=jid, job_name=name, args=args, error=error, failed_at=datetime.now(UTC))
        )
        await commit(session)


def execute(name: str, args: list[Any]) -> None:
    """RQ entry point: a thin sync wrapper that runs the registered coroutine in a fresh event loop."""
    current = get_current_job()
    final = current is None or not current.retries_left
    jid = current.id if current is not None else job_id(name, *args)
    asyncio.run(_execute_and_dispose(name, args, jid, final))


async def _execute_and_dispose(name: str, args: list[Any], jid: str, final: bool) -> None:
    try:
        await run_job(name, args, jid, final=final)
        await runtime.drain()
    finally:
        await runtime.dispose()
