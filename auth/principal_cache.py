"""A per-process cache of resolved principals: the hot paths (answer saving, lessons) skip the
user-and-grants query on repeated requests.

A change of roles, a disabled account or a signed-out session clears this process's cache at once and, with
Redis, bumps a shared epoch (``EPOCH_KEY``) that every other process reads in the background at most every
``EPOCH_CHECK_S``: a change reaches every server process within about a second. While that check keeps
succeeding, an entry lives ``SHARED_TTL_S`` (a candidate saves an answer every half minute or so, and each
save would otherwise repeat the query); without Redis, or when it cannot be reached, entries live only
``TTL_S``. The token itself is still verified on every request (signature and expiry for bearer tokens; the
cache is keyed by the session token's digest).
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from redis.exceptions import RedisError

from auth.principal import Principal
from workers import runtime
from workers.queues import redis_connection

TTL_S = 5.0
SHARED_TTL_S = 300.0
EPOCH_CHECK_S = 1.0
EPOCH_KEY = "adal:auth:principal-epoch"
MAX_ENTRIES = 50_000
_cache: dict[str, tuple[float, Principal | None]] = {}


class _Epoch:
    """What this process last read of the shared epoch, and until when its long TTL may be trusted."""

    value: bytes | None = None
    generation = 0  # bumped whenever the cache is emptied: a load that spans it is not kept
    checked_at = float("-inf")
    trusted_until = float("-inf")
    checking = False


def cached(key: str) -> tuple[bool, Principal | None]:
    """(hit, principal) for ``key``; a miss when absent or older than the TTL in force."""
    found = _cache.get(key)
    if found is None:
        return False, None
    now = time.monotonic()
    ttl = SHARED_TTL_S if now < _Epoch.trusted_until else TTL_S
    if now - found[0] > ttl:
        return False, None
    return True, found[1]


def generation() -> int:
    """Taken before loading a principal and handed to ``remember``."""
    return _Epoch.generation


def remember(key: str, principal: Principal | None, loaded_in: int) -> None:
    """Keep ``principal`` for ``key`` unless the cache was emptied while it was being loaded (it may be
    stale); the cache is emptied when it grows past ``MAX_ENTRIES``."""
    if loaded_in != _Epoch.generation:
        return
    if len(_cache) >= MAX_ENTRIES:
        _cache.clear()
    _cache[key] = (time.monotonic(), principal)


def _forget() -> None:
    _cache.clear()
    _Epoch.generation += 1


async def forget_all() -> None:
    """Drop every cached principal here and, with Redis, tell the other processes (after a change of
    roles, account state or sessions)."""
    _forget()
    url = runtime.current_settings().redis_url
    if url:
        with contextlib.suppress(RedisError, OSError):
            await asyncio.to_thread(redis_connection(url).incr, EPOCH_KEY)


def watch_epoch(redis_url: str | None) -> None:
    """Start a background read of the shared epoch when one is due (never delays the request)."""
    now = time.monotonic()
    if redis_url and not _Epoch.checking and now - _Epoch.checked_at >= EPOCH_CHECK_S:
        _Epoch.checking, _Epoch.checked_at = True, now
        runtime.spawn(_read_epoch(redis_url, now))


async def _read_epoch(redis_url: str, started: float) -> None:
    try:
        value = await asyncio.to_thread(redis_connection(redis_url).get, EPOCH_KEY)
    except (RedisError, OSError):
        _Epoch.trusted_until = float("-inf")  # back to the short TTL until Redis answers again
        return
    finally:
        _Epoch.checking = False
    if value != _Epoch.value:
        _forget()
        _Epoch.value = value
    _Epoch.trusted_until = started + 3 * EPOCH_CHECK_S
