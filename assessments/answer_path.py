"""The answer hot path: the rules of one save, run on either of two executors of the same statements.

A national sitting is tens of thousands of candidates saving an answer every few seconds, so the save is one
share-locked read of the sitting (owner, state, deadline, whether the item is on the form) and one upsert that
keeps the newest ``seq``, in one transaction that commits before the acknowledgement.

- ``CoreStore`` runs the statements of ``upsert.py`` on a SQLAlchemy connection: inside a caller's
  transaction (``SittingService.save_answer``) and for the embedded SQLite default.
- ``DriverStore`` runs the same statements, compiled once for asyncpg, on the raw driver pool of
  ``app.db.driver_pool``: the save route on PostgreSQL. SQLAlchemy's session and greenlet bridge cost more
  than the two statements themselves, and this is the route a national sitting hammers.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple, Protocol

from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from app.db import driver_pool, get_engine
from app.settings import Settings
from assessments.rules import MAX_RESPONSE_BYTES, SaveResult, SittingClosed, past_deadline
from assessments.upsert import answer_seq, answer_upsert, sitting_lock, sitting_write_lock


class Sitting(NamedTuple):
    """The share-locked facts a save checks."""

    candidate_id: int
    status: str
    deadline_at: datetime
    on_form: bool


class AnswerStore(Protocol):
    """Where a save's statements run; the caller owns the transaction."""

    async def lock_sitting(self, session_id: int, item_id: int) -> Sitting | None:
        """The sitting, share-locked until the transaction ends (a submit waits for this save)."""

    async def upsert(
        self, session_id: int, item_id: int, response: Any, seq: int, now: datetime
    ) -> int | None:
        """Keep ``response`` if ``seq`` is newer than the held one; the new seq, or None when stale."""

    async def held_seq(self, session_id: int, item_id: int) -> int:
        """The seq the server holds for an answer."""


class CoreStore:
    """The statements on a SQLAlchemy connection (the caller's transaction)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name

    async def lock_sitting(self, session_id: int, item_id: int) -> Sitting | None:
        if self.dialect == "sqlite":  # a SELECT starts no SQLite transaction: take the write lock first,
            # or a submit could commit between this check and the upsert and leave the answer unscored
            await self.connection.execute(sitting_write_lock(), {"sid": session_id})
        result = await self.connection.execute(sitting_lock(), {"sid": session_id, "iid": item_id})
        row = result.one_or_none()
        return None if row is None else Sitting(*row)

    async def upsert(
        self, session_id: int, item_id: int, response: Any, seq: int, now: datetime
    ) -> int | None:
        params = {"sid": session_id, "iid": item_id, "response": response, "seq": seq, "now": now}
        found = (await self.connection.execute(answer_upsert(self.dialect), params)).scalar_one_or_none()
        return None if found is None else int(found)

    async def held_seq(self, session_id: int, item_id: int) -> int:
        found = await self.connection.execute(answer_seq(), {"sid": session_id, "iid": item_id})
        return int(found.scalar_one())


class _Compiled:
    """A Core statement compiled once for asyncpg: its SQL and the order of its parameters."""

    def __init__(self, statement: Any) -> None:
        compiled = statement.compile(dialect=asyncpg_dialect())
        self.sql = str(compiled)
        self.names = tuple(compiled.positiontup or ())
        self.defaults = dict(compiled.params)

    def args(self, **params: Any) -> list[Any]:
        return [params[n] if n in params else self.defaults[n] for n in self.names]


@cache
def _pg(name: str) -> _Compiled:
    statements = {
        "lock": sitting_lock(),
        "upsert": answer_upsert("postgresql"),
        "seq": answer_seq(),
    }
    return _Compiled(statements[name])


class DriverStore:
    """The same statements on a raw asyncpg connection (JSON travels as text)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    async def lock_sitting(self, session_id: int, item_id: int) -> Sitting | None:
        q = _pg("lock")
        row = await self.connection.fetchrow(q.sql, *q.args(sid=session_id, iid=item_id))
        return None if row is None else Sitting(*row)

    async def upsert(
        self, session_id: int, item_id: int, response: Any, seq: int, now: datetime
    ) -> int | None:
        q = _pg("upsert")
        args = q.args(sid=session_id, iid=item_id, response=json.dumps(response), seq=seq, now=now)
        found = await self.connection.fetchval(q.sql, *args)
        return None if found is None else int(found)

    async def held_seq(self, session_id: int, item_id: int) -> int:
        q = _pg("seq")
        return int(await self.connection.fetchval(q.sql, *q.args(sid=session_id, iid=item_id)))


@asynccontextmanager
async def answer_transaction(settings: Settings) -> AsyncIterator[AnswerStore]:
    """A store in a transaction of its own, committed when the block ends (before the acknowledgement)."""
    if settings.is_sqlite:
        async with get_engine(settings).begin() as connection:
            yield CoreStore(connection)
        return
    async with (await driver_pool(settings)).acquire() as connection, connection.transaction():
        yield DriverStore(connection)


async def save_answer(
    store: AnswerStore,
    session_id: int,
    item_id: int,
    response: Any,
    seq: int,
    *,
    candidate_id: int,
    now: datetime,
) -> SaveResult:
    """Keep the newest response (by ``seq``) to one item; refused after submit or the deadline."""
    if len(json.dumps(response)) > MAX_RESPONSE_BYTES:
        raise ClientException("The answer is too long.")
    sitting = await store.lock_sitting(session_id, item_id)
    if sitting is None or sitting.candidate_id != candidate_id:
        raise NotFoundException("No such test session.")
    if sitting.status != "open":
        raise SittingClosed("This test has been submitted; answers can no longer change.")
    if past_deadline(sitting.deadline_at, now):
        raise SittingClosed("Time is up; answers can no longer change.")
    if not sitting.on_form:
        raise NotFoundException("This question is not part of your test.")
    stored = await store.upsert(session_id, item_id, response, seq, now)
    if stored is not None:
        return SaveResult(True, stored, True)
    return SaveResult(True, await store.held_seq(session_id, item_id), False)
