"""Appending to and verifying the audit log."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from auth.audit.chain import GENESIS, Entry, Finding, entry_hash, verify
from auth.audit.models import AuditEntry, AuditHead

PAGE = 2000
LOCK_WAIT_S = 5.0
_HELD = "adal.audit_lock"
_LISTENING = "adal.audit_lock_listener"
_sqlite_locks: dict[int, asyncio.Lock] = {}


async def hold_sqlite_append_lock(session: AsyncSession) -> None:
    """SQLite has no advisory lock: hold a process lock from reading the chain's head until the transaction
    ends, so concurrent appends in this process take turns instead of both claiming the next number.

    After ``LOCK_WAIT_S`` the append goes ahead unserialised rather than wait on a transaction of the same
    task (the embedded default runs one server process; production uses PostgreSQL's lock).
    """
    sync = session.sync_session
    if sync.info.get(_HELD):
        return
    lock = _sqlite_locks.setdefault(id(asyncio.get_running_loop()), asyncio.Lock())
    try:
        await asyncio.wait_for(lock.acquire(), timeout=LOCK_WAIT_S)
    except TimeoutError:
        return
    sync.info[_HELD] = lock
    if not sync.info.get(_LISTENING):
        sync.info[_LISTENING] = True
        event.listen(sync, "after_transaction_end", _release_at_end)


def _release_at_end(session: Session, transaction: SessionTransaction) -> None:
    """When the outermost transaction ends, give the append lock back."""
    held = session.info.pop(_HELD, None) if transaction.parent is None else None
    if held is not None:
        held.release()


class AuditService:
    """The audit log: ``record`` appends within the caller's transaction, ``verify_chain`` checks it."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self, *, actor: str, action: str, subject: str, details: dict[str, Any] | None = None
    ) -> AuditEntry:
        """Append an entry linked to the previous one (serialised across concurrent writers)."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(text("SELECT pg_advisory_xact_lock(7420001)"))
        else:
            await hold_sqlite_append_lock(self.session)
        head = await self.session.get(AuditHead, 1, with_for_update=True, populate_existing=True)
        seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
        at = datetime.now(UTC)
        body = dict(details or {})
        digest = entry_hash(
            seq=seq, actor=actor, action=action, subject=subject, at=at, details=body, prev_hash=prev
        )
        entry = AuditEntry(
            seq=seq,
            actor=actor,
            action=action,
            subject=subject,
            at=at,
            details=body,
            prev_hash=prev,
            hash=digest,
        )
        self.session.add(entry)
        if head is None:
            self.session.add(AuditHead(id=1, seq=seq, hash=digest))
        else:
            head.seq, head.hash = seq, digest
        await self.session.flush()
        return entry

    async def verify_chain(self) -> Finding | None:
        """The first broken entry of the whole log, or None when every link holds."""
        head = await self.session.get(AuditHead, 1)
        return verify(
            [e async for e in self._entries()], head=(head.seq, head.hash) if head else (0, GENESIS)
        )

    async def _entries(self) -> AsyncIterator[Entry]:
        last = 0
        while True:
            rows = (
                await self.session.execute(
                    select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(PAGE)
                )
            ).scalars()
            batch = list(rows)
            if not batch:
                return
            for r in batch:
                yield Entry(r.seq, r.actor, r.action, r.subject, r.at, r.details, r.prev_hash, r.hash)
            last = batch[-1].seq

    async def recent(self, *, limit: int = 100, before: int | None = None) -> list[AuditEntry]:
        """The latest entries, newest first (for the auditor's page)."""
        query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if before is not None:
            query = query.where(AuditEntry.seq < before)
        return list((await self.session.execute(query)).scalars())
