"""Failed jobs: listing and retrying (shared by ``adal jobs`` and the admin page)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from workers.jobs import enqueue_after_commit
from workers.models import JobFailure


async def open_failures(session: AsyncSession, *, limit: int = 500) -> list[JobFailure]:
    """Failures not yet retried, oldest first."""
    query = select(JobFailure).where(JobFailure.retried_at.is_(None)).order_by(JobFailure.id).limit(limit)
    return list((await session.execute(query)).scalars())


async def retry_failures(session: AsyncSession, ids: list[int] | None = None) -> int:
    """Enqueue the failed jobs again after commit (all open ones, or ``ids``) and mark them retried."""
    query = select(JobFailure).where(JobFailure.retried_at.is_(None))
    if ids:
        query = query.where(JobFailure.id.in_(ids))
    failures = list((await session.execute(query)).scalars())
    for failure in failures:
        enqueue_after_commit(session, failure.job_name, *failure.args)
        failure.retried_at = datetime.now(UTC)
    await session.flush()
    return len(failures)


def last_line(error: str) -> str:
    """The exception line of a stored traceback."""
    lines = error.strip().splitlines()
    return lines[-1] if lines else ""
