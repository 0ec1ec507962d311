"""Failed sign-in counters and temporary lock-out, per account and per client address.

Counters live in Redis when it is configured, otherwise in ``auth_throttle``; they are written in a
session of their own so a failed attempt is counted even though the request answers with an error.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from app.settings import Settings
from auth.models import Throttle
from workers import runtime
from workers.queues import redis_connection
from workers.uow import commit


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``failures`` failed attempts within ``window``, then locked for ``lock``."""

    failures: int
    window: timedelta
    lock: timedelta


ACCOUNT_LIMIT = Limit(5, timedelta(minutes=15), timedelta(minutes=15))
ADDRESS_LIMIT = Limit(20, timedelta(minutes=15), timedelta(minutes=15))


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class LoginThrottle:
    """Counts failures for keys like ``account:<email>`` and ``address:<ip>``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def locked(self, key: str) -> bool:
        """True while ``key`` is locked out."""
        if self.settings.redis_url:
            url = self.settings.redis_url
            return bool(await asyncio.to_thread(lambda: redis_connection(url).exists(f"adal:lock:{key}")))
        async with runtime.session() as session:
            row = await session.get(Throttle, key)
        return bool(row and row.locked_until and _as_utc(row.locked_until) > datetime.now(UTC))

    async def fail(self, key: str, limit: Limit) -> None:
        """Count one failure; lock ``key`` when the limit is reached."""
        if self.settings.redis_url:
            await asyncio.to_thread(self._fail_redis, key, limit)
        else:
            await self._fail_db(key, limit)

    async def clear(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful sign-in)."""
        if self.settings.redis_url:
            url = self.settings.redis_url
            await asyncio.to_thread(lambda: redis_connection(url).delete(f"adal:fail:{key}"))
            return
        async with runtime.session() as session:
            await session.execute(delete(Throttle).where(Throttle.key == key))
            await commit(session)

    def _fail_redis(self, key: str, limit: Limit) -> None:
        assert self.settings.redis_url is not None
        conn = redis_connection(self.settings.redis_url)
        count = int(conn.incr(f"adal:fail:{key}"))
        if count == 1:
            conn.expire(f"adal:fail:{key}", int(limit.window.total_seconds()))
        if count >= limit.failures:
            conn.set(f"adal:lock:{key}", "1", ex=int(limit.lock.total_seconds()))
            conn.delete(f"adal:fail:{key}")

    async def _fail_db(self, key: str, limit: Limit) -> None:
        now = datetime.now(UTC)
        async with runtime.session() as session:
            query = select(Throttle).where(Throttle.key == key).with_for_update()
            row = (await session.execute(query)).scalar_one_or_none()
            if row is None:
                row = Throttle(key=key, failures=0, window_start=now)
                session.add(row)
            if _as_utc(row.window_start) + limit.window < now:
                row.failures, row.window_start = 0, now
            row.failures += 1
            if row.failures >= limit.failures:
                row.locked_until, row.failures, row.window_start = now + limit.lock, 0, now
            await commit(session)
