"""The principal cache: a change of roles reaches every server process within about a second via the shared
epoch in Redis, long-lived entries only while that epoch is being read, and no stale load is ever kept."""

from __future__ import annotations

import time

import pytest

from app.settings import Settings
from auth import principal_cache as pc
from auth.principal import Grant, Principal, Role
from tests.conftest import needs_redis
from workers import runtime
from workers.queues import redis_connection

ALICE = Principal(user_id=1, email="alice@example.kz", grants=frozenset({Grant(Role.CANDIDATE)}))


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    pc._forget()
    pc._Epoch.value, pc._Epoch.checked_at, pc._Epoch.trusted_until = None, float("-inf"), float("-inf")


def _age(key: str, seconds: float) -> None:
    stamp, principal = pc._cache[key]
    pc._cache[key] = (stamp - seconds, principal)


def test_without_a_shared_epoch_entries_live_only_the_short_ttl() -> None:
    pc.remember("user:1", ALICE, pc.generation())
    assert pc.cached("user:1") == (True, ALICE)
    _age("user:1", pc.TTL_S + 1)
    assert pc.cached("user:1") == (False, None)


def test_a_load_that_spans_a_change_is_not_kept() -> None:
    loaded_in = pc.generation()
    pc._forget()  # roles changed while the principal was being read from the database
    pc.remember("user:1", ALICE, loaded_in)
    assert pc.cached("user:1") == (False, None)


@needs_redis
async def test_a_change_in_another_process_empties_this_cache_and_long_ttl_needs_the_epoch(
    settings: Settings,
) -> None:
    assert settings.redis_url is not None
    redis = redis_connection(settings.redis_url)
    await pc._read_epoch(settings.redis_url, time.monotonic())  # this process reads the epoch
    pc.remember("user:1", ALICE, pc.generation())
    _age("user:1", pc.TTL_S + 1)
    assert pc.cached("user:1") == (True, ALICE)  # the epoch is being read: the long TTL holds
    redis.incr(pc.EPOCH_KEY)  # another server process granted or revoked a role
    await pc._read_epoch(settings.redis_url, time.monotonic())
    assert pc.cached("user:1") == (False, None)
    pc.remember("user:1", ALICE, pc.generation())
    _age("user:1", pc.TTL_S + 1)
    pc._Epoch.trusted_until = time.monotonic() - 1  # the epoch has not been read lately (Redis down)
    assert pc.cached("user:1") == (False, None)


@needs_redis
async def test_forget_all_bumps_the_shared_epoch(settings: Settings) -> None:
    assert settings.redis_url is not None
    runtime.configure(settings)
    redis = redis_connection(settings.redis_url)
    before = int(redis.get(pc.EPOCH_KEY) or 0)
    await pc.forget_all()
    assert int(redis.get(pc.EPOCH_KEY) or 0) == before + 1
