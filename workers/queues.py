"""Queue names, the Redis connection factory and deterministic job ids."""

from __future__ import annotations

import os
import re

from redis import Redis
from rq import Queue
from rq.serializers import JSONSerializer

HIGH, DEFAULT, LOW = "adal-high", "adal-default", "adal-low"
QUEUE_NAMES = (HIGH, DEFAULT, LOW)

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_connections: dict[tuple[int, str], Redis] = {}


def redis_connection(url: str) -> Redis:
    """The Redis connection of this process for ``url`` (RQ forks per job: one per pid)."""
    key = (os.getpid(), url)
    if key not in _connections:
        _connections[key] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return _connections[key]


def get_queue(url: str, name: str = DEFAULT) -> Queue:
    """An RQ queue that speaks JSON (jobs carry ids, never pickles)."""
    return Queue(name, connection=redis_connection(url), serializer=JSONSerializer)


def job_id(name: str, *args: object) -> str:
    """The deterministic id of a job (``assessments_score_session--42``): duplicates collapse into one.

    RQ accepts only letters, digits, ``_`` and ``-`` in ids.
    """
    return "--".join(_UNSAFE.sub("_", str(part)) for part in (name, *args))
