"""Transactional outbox: events are rows written with the change; a relay hands them to subscribers.

Delivery is at least once. Each (event, subscriber) pair is handled in one transaction that also writes an
``OutboxReceipt``; the receipt's key makes a repeated delivery a no-op, so handlers see each event once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from workers import runtime
from workers.jobs import job, run_job
from workers.models import OutboxEvent, OutboxReceipt
from workers.periodic import periodic
from workers.queues import DEFAULT, get_queue, job_id
from workers.uow import commit, on_commit

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, dict[str, Any]], Awaitable[None]]
_SUBSCRIBERS: dict[str, dict[str, Handler]] = {}
DELIVER = "workers.deliver_event"
BATCH = 500


def subscribe(event: str, name: str) -> Callable[[Handler], Handler]:
    """Register ``handler(session, payload)`` as subscriber ``name`` of ``event``."""

    def register(handler: Handler) -> Handler:
        _SUBSCRIBERS.setdefault(event, {})[name] = handler
        return handler

    return register


def subscribers(event: str) -> dict[str, Handler]:
    """The subscribers of an event, by name."""
    runtime.load_domains()
    return _SUBSCRIBERS.get(event, {})


async def emit(session: AsyncSession, event: str, payload: dict[str, Any]) -> OutboxEvent:
    """Write ``event`` in the caller's transaction; it is relayed only after that transaction commits."""
    row = OutboxEvent(name=event, payload=payload, created_at=datetime.now(UTC), attempts=0)
    session.add(row)
    await session.flush()
    settings = runtime.settings_of(session)
    on_commit(session, lambda: runtime.spawn(relay(settings.redis_url)))
    return row


async def relay(redis_url: str | None, *, older_than: timedelta | None = None) -> int:
    """Hand pending events to their subscribers: RQ jobs with Redis, in-process otherwise."""
    cutoff = datetime.now(UTC) - (older_than or timedelta(0))
    async with runtime.session() as session:
        query = (
            select(OutboxEvent.id, OutboxEvent.name)
            .where(OutboxEvent.delivered_at.is_(None))
            .where(or_(OutboxEvent.dispatched_at.is_(None), OutboxEvent.dispatched_at <= cutoff))
            .order_by(OutboxEvent.id)
            .limit(BATCH)
        )
        pending: list[Any] = list((await session.execute(query)).all())
    orphans = [event_id for event_id, name in pending if not subscribers(name)]
    for event_id in orphans:
        await _mark_delivered(event_id)
    pending = [row for row in pending if row[0] not in orphans]
    if redis_url:
        dispatched = _dispatch_to_rq(redis_url, pending)
        await _mark_dispatched(dispatched)
        return len(dispatched)
    for event_id, name in pending:
        for subscriber in subscribers(name):
            try:
                await run_job(DELIVER, [event_id, subscriber], job_id(DELIVER, event_id, subscriber))
            except Exception:  # noqa: S112 - recorded as a job failure; the sweep tries again
                continue
    return len(pending)


def _dispatch_to_rq(redis_url: str, pending: Sequence[Any]) -> list[int]:
    """Enqueue one delivery job per subscriber; an unreachable Redis leaves events pending."""
    dispatched: list[int] = []
    try:
        queue = get_queue(redis_url, DEFAULT)
        for event_id, name in pending:
            for subscriber in subscribers(name):
                queue.enqueue(
                    "workers.jobs.execute",
                    DELIVER,
                    [event_id, subscriber],
                    job_id=job_id(DELIVER, event_id, subscriber),
                    job_timeout=300,
                    failure_ttl=30 * 24 * 3600,
                )
            dispatched.append(event_id)
    except RedisError as exc:
        log.warning("redis unavailable, events stay pending", extra={"error": str(exc)})
    return dispatched


async def _mark_dispatched(ids: list[int]) -> None:
    if not ids:
        return
    async with runtime.session() as session:
        await session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(ids))
            .values(dispatched_at=datetime.now(UTC), attempts=OutboxEvent.attempts + 1)
        )
        await commit(session)


@job(DELIVER, retries=5)
async def deliver_event(session: AsyncSession, event_id: int, subscriber: str) -> None:
    """Deliver one event to one subscriber, unless its receipt says it already was."""
    event = await session.get(OutboxEvent, event_id)
    if event is None:
        return
    if await session.get(OutboxReceipt, (event_id, subscriber)) is not None:
        return
    handler = subscribers(event.name).get(subscriber)
    if handler is None:
        log.warning("no such subscriber", extra={"event": event.name, "subscriber": subscriber})
        return
    await handler(session, event.payload)
    session.add(OutboxReceipt(event_id=event_id, subscriber=subscriber, handled_at=datetime.now(UTC)))
    try:
        await session.flush()
    except IntegrityError:
        await session.rollback()
        return
    handled = (
        await session.execute(select(OutboxReceipt.subscriber).where(OutboxReceipt.event_id == event_id))
    ).scalars()
    if set(subscribers(event.name)) <= set(handled):
        event.delivered_at = datetime.now(UTC)


async def _mark_delivered(event_id: int) -> None:
    """Mark an event without subscribers delivered."""
    async with runtime.session() as session:
        event = await session.get(OutboxEvent, event_id)
        if event is not None and event.delivered_at is None:
            event.delivered_at = datetime.now(UTC)
        await commit(session)


SWEEP = "workers.sweep_outbox"


@job(SWEEP, retries=0, timeout=120)
async def sweep_outbox(session: AsyncSession) -> None:
    """Periodic sweep: re-dispatch events that are still undelivered after a while."""
    settings = runtime.settings_of(session)
    await relay(settings.redis_url, older_than=timedelta(seconds=settings.outbox_redeliver_after_s))


periodic(SWEEP, every_s=30)
