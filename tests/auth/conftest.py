"""Auth tests leave no lock-outs behind in Redis (the database is emptied by ``committed``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.settings import Settings


@pytest.fixture(autouse=True)
def _forget_throttles(settings: Settings) -> Iterator[None]:
    yield
    if settings.redis_url:
        from workers.queues import redis_connection

        conn = redis_connection(settings.redis_url)
        for key in conn.scan_iter("adal:*"):
            conn.delete(key)


@pytest.fixture
def client(client: Any) -> Any:
    """The app's test client, reading pages in English (messages are asserted in their source language)."""
    client.cookies.set("adal_lang", "en")
    return client
