"""Periodic jobs: registered once, started by whichever scheduler runs (``adal worker`` or the app itself).

``periodic("training.send_reminders", every_s=3600, args=lambda: [today])`` makes the job due every hour;
each run gets a deterministic id from its arguments, so a day's reminders run once however many schedulers
tick. With Redis, a ``SET NX EX`` lock per job and period keeps several workers from enqueueing it twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError

from workers import runtime
from workers.jobs import registered, run_job
from workers.queues import get_queue, job_id, redis_connection

log = logging.getLogger(__name__)
TICK_S = 30


@dataclass(frozen=True, slots=True)
class Periodic:
    """A job to start every ``every_s`` seconds with the arguments ``args()`` gives at that moment."""

    name: str
    every_s: int
    args: Callable[[], list[Any]]


_PERIODIC: dict[str, Periodic] = {}
_last_run: dict[str, float] = {}


def periodic(name: str, *, every_s: int, args: Callable[[], list[Any]] = list) -> None:
    """Make the registered job ``name`` run every ``every_s`` seconds."""
    _PERIODIC[name] = Periodic(name, every_s, args)


def schedule() -> list[Periodic]:
    """Every periodic job (domains loaded)."""
    runtime.load_domains()
    return list(_PERIODIC.values())


def enqueue_due(redis_url: str) -> list[str]:
    """Enqueue each periodic job whose period has started, unless another scheduler already did."""
    started = []
    for p in schedule():
        lock = f"adal:periodic:{p.name}"
        try:
            if not redis_connection(redis_url).set(lock, "1", nx=True, ex=p.every_s):
                continue
            spec, args = registered(p.name), p.args()
            get_queue(redis_url, spec.queue).enqueue(
                "workers.jobs.execute", p.name, args, job_id=job_id(p.name, *args), job_timeout=spec.timeout
            )
            started.append(p.name)
        except RedisError as exc:
            log.warning("periodic job not enqueued: %s", exc)
    return started


async def run_due_in_process() -> list[str]:
    """Without Redis: run each periodic job whose period has started, here and now."""
    started = []
    now = time.monotonic()
    for p in schedule():
        if now - _last_run.get(p.name, -1e12) < p.every_s:
            continue
        _last_run[p.name] = now
        args = p.args()
        try:
            await run_job(p.name, args, job_id(p.name, *args))
            started.append(p.name)
        except Exception:  # noqa: S112 - recorded as a job failure; the next period tries again
            continue
    return started
