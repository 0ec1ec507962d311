"""The hash chain of the audit log: a pure engine (plain values in, plain findings out)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class Entry:
    """One audit entry as stored."""

    seq: int
    actor: str
    action: str
    subject: str
    at: datetime
    details: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Finding:
    """The first entry at which the chain does not hold, and why."""

    seq: int
    problem: str


def entry_hash(
    *, seq: int, actor: str, action: str, subject: str, at: datetime, details: dict[str, Any], prev_hash: str
) -> str:
    """SHA-256 over a canonical JSON of the entry's content and the previous hash."""
    body = json.dumps(
        [seq, actor, action, subject, at.isoformat(timespec="microseconds"), details, prev_hash],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def verify(entries: Iterable[Entry], *, head: tuple[int, str] | None = None) -> Finding | None:
    """Walk the chain in ``seq`` order; return the first bad entry, or None when it is intact."""
    expected_seq, prev = 1, GENESIS
    for e in entries:
        if e.seq != expected_seq:
            if e.seq > expected_seq:
                return Finding(expected_seq, f"entry {expected_seq} is missing (deleted); next is {e.seq}")
            return Finding(e.seq, f"entry {e.seq} is out of order or duplicated")
        if e.prev_hash != prev:
            return Finding(
                e.seq, f"entry {e.seq} does not link to entry {e.seq - 1} (inserted or re-chained)"
            )
        recomputed = entry_hash(
            seq=e.seq,
            actor=e.actor,
            action=e.action,
            subject=e.subject,
            at=e.at,
            details=e.details,
            prev_hash=e.prev_hash,
        )
        if recomputed != e.hash:
            return Finding(e.seq, f"entry {e.seq} was altered (its content does not match its hash)")
        prev, expected_seq = e.hash, e.seq + 1
    if head is not None and head != (expected_seq - 1, prev):
        return Finding(expected_seq, f"the log ends at entry {expected_seq - 1} but its head says {head[0]}")
    return None
