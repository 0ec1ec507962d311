"""A short-lived per-process cache of resolved principals: the hot paths (answer saving, lessons) skip the
user-and-grants query on repeated requests.

A change of roles, a disabled account or a signed-out session clears this process's cache at once; other
server processes see the change within ``TTL_S`` seconds. The token itself is still verified on every
request (signature and expiry for bearer tokens; the cache is keyed by the session token's digest).
"""

from __future__ import annotations

import time

from auth.principal import Principal

TTL_S = 5.0
MAX_ENTRIES = 50_000
_cache: dict[str, tuple[float, Principal | None]] = {}


def cached(key: str) -> tuple[bool, Principal | None]:
    """(hit, principal) for ``key``; a miss when absent or older than ``TTL_S``."""
    found = _cache.get(key)
    if found is None or time.monotonic() - found[0] > TTL_S:
        return False, None
    return True, found[1]


def remember(key: str, principal: Principal | None) -> None:
    """Keep ``principal`` for ``key`` (the cache is emptied when it grows past ``MAX_ENTRIES``)."""
    if len(_cache) >= MAX_ENTRIES:
        _cache.clear()
    _cache[key] = (time.monotonic(), principal)


def forget_all() -> None:
    """Drop every cached principal (after a change of roles, account state or sessions)."""
    _cache.clear()
