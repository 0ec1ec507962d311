"""``adal worker``: an RQ worker (JSON serializer, scheduler on) plus the periodic outbox sweep."""

from __future__ import annotations

import logging
import threading

from redis.exceptions import RedisError
from rq import Worker
from rq.serializers import JSONSerializer

from app.settings import Settings
from workers import runtime
from workers.queues import DEFAULT, QUEUE_NAMES, get_queue, job_id, redis_connection

log = logging.getLogger(__name__)
SWEEP_EVERY_S = 30


def _sweeper(redis_url: str, stop: threading.Event) -> None:
    """Every few seconds enqueue the outbox sweep (a deterministic id keeps one in the queue)."""
    while not stop.wait(SWEEP_EVERY_S):
        try:
            get_queue(redis_url, DEFAULT).enqueue(
                "workers.jobs.execute",
                "workers.sweep_outbox",
                [],
                job_id=job_id("workers.sweep_outbox"),
                job_timeout=120,
            )
        except RedisError as exc:
            log.warning("sweep not enqueued: %s", exc)


def run_worker(settings: Settings, *, burst: bool = False) -> int:
    """Work the Adal queues until stopped (or until empty with ``burst``)."""
    if not settings.redis_url:
        print("adal worker: set ADAL_REDIS_URL (without Redis, jobs run inside the app process)")
        return 2
    runtime.configure(settings)
    runtime.load_domains()
    stop = threading.Event()
    if not burst:
        threading.Thread(target=_sweeper, args=(settings.redis_url, stop), daemon=True).start()
    worker = Worker(
        [get_queue(settings.redis_url, name) for name in QUEUE_NAMES],
        connection=redis_connection(settings.redis_url),
        serializer=JSONSerializer,
    )
    try:
        worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level)
    finally:
        stop.set()
    return 0
