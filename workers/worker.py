"""``adal worker``: an RQ worker (JSON serializer, scheduler on) plus the periodic jobs."""

from __future__ import annotations

import logging
import threading

from rq import Worker
from rq.serializers import JSONSerializer

from app.settings import Settings
from workers import runtime
from workers.periodic import TICK_S, enqueue_due
from workers.queues import QUEUE_NAMES, get_queue, redis_connection

log = logging.getLogger(__name__)


def _scheduler(redis_url: str, stop: threading.Event) -> None:
    """Every few seconds start the periodic jobs that are due (the outbox sweep among them)."""
    while not stop.wait(TICK_S):
        enqueue_due(redis_url)


def run_worker(settings: Settings, *, burst: bool = False) -> int:
    """Work the Adal queues until stopped (or until empty with ``burst``)."""
    if not settings.redis_url:
        print("adal worker: set ADAL_REDIS_URL (without Redis, jobs run inside the app process)")
        return 2
    runtime.configure(settings)
    runtime.load_domains()
    stop = threading.Event()
    if not burst:
        threading.Thread(target=_scheduler, args=(settings.redis_url, stop), daemon=True).start()
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
