"""Item exposure counters, kept in batches by a job so that starts never queue on item row locks.

Every start schedules ``assessments.count_exposure(test, window)`` for the end of its 30-second window
(one job per window with Redis: the deterministic id collapses duplicates). The job adds every sitting
not yet counted to its items' counters in one transaction, locking the items in id order.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assessments import events
from assessments.models import AssessmentTest, Item, TestSession
from workers import runtime
from workers.jobs import enqueue_after_commit

WINDOW_SECONDS = 30
BATCH = 5000


def schedule_count(session: AsyncSession, test_id: int, now: datetime) -> None:
    """Count a new sitting's exposure at the end of the current window (after this transaction commits)."""
    window = int(now.timestamp()) // WINDOW_SECONDS
    at = datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, tz=now.tzinfo) + timedelta(seconds=1)
    # The embedded default (no Redis) has no queue to spare and one writer anyway: count right away.
    later = at if runtime.settings_of(session).redis_url else None
    enqueue_after_commit(session, events.COUNT_EXPOSURE, test_id, window, at=later)


async def count_exposure(session: AsyncSession, test_id: int) -> int:
    """Add the sittings of a test not yet counted to the item counters; returns how many were counted.

    An adaptive sitting's form grows question by question: it is counted once submitted (the submit
    schedules this job).
    """
    query = (
        select(TestSession)
        .where(TestSession.test_id == test_id, TestSession.exposure_counted.is_(False))
        .order_by(TestSession.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)  # a concurrent run takes the others
    )
    test = await session.get(AssessmentTest, test_id)
    if test is not None and test.blueprint.get("mode") == "adaptive":
        query = query.where(TestSession.status != "open")
    sittings = list((await session.execute(query)).scalars())
    counts = Counter(int(e["item"]) for ts in sittings for e in ts.form)
    if counts:
        ids = sorted(counts)
        # Lock in id order first: two runs never wait on each other in opposite orders.
        await session.execute(select(Item.id).where(Item.id.in_(ids)).order_by(Item.id).with_for_update())
        table = cast(Table, Item.__table__)
        bump: Any = (
            update(table)
            .where(table.c.id == bindparam("iid"))
            .values(exposure=table.c.exposure + bindparam("n"))
        )
        connection = await session.connection()
        await connection.execute(bump, [{"iid": i, "n": counts[i]} for i in ids])
    for ts in sittings:
        ts.exposure_counted = True
    await session.flush()
    return len(sittings)


async def count_all(session: AsyncSession) -> int:
    """Count every test's uncounted sittings (the periodic safety net behind the windowed job)."""
    query = select(TestSession.test_id).where(TestSession.exposure_counted.is_(False)).distinct()
    tests = list((await session.execute(query)).scalars())
    return sum([await count_exposure(session, test_id) for test_id in tests])
