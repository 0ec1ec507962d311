"""The answer hot path: the rules of one save, run on either of two executors of the same statements.

A national sitting is tens of thousands of candidates saving an answer every few seconds, so a save is one
statement (``upsert.answer_save``): it inserts or updates the answer only when the sitting is the candidate's,
open, within its deadline's grace and has the item on its form, and only when ``seq`` is newer; one round trip
that is its own durable transaction, committed before the acknowledgement. Only when it keeps nothing does a
second query (``upsert.sitting_facts``) find out why: a stale retry, a closed sitting, a stranger's sitting.

- ``CoreStore`` runs the statements on a SQLAlchemy connection: inside a caller's transaction
  (``SittingService.save_answer``) and for the embedded SQLite default.
- ``DriverStore`` runs the same statements, compiled once for asyncpg, on the raw driver pool of
  ``app.db.driver_pool``: the save route on PostgreSQL. SQLAlchemy's session and greenlet bridge cost more
  than the statement itself, and this is the route a national sitting hammers.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from functools import cache
from typing import Any, NamedTuple, Protocol

from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from app.db import driver_pool, get_engine
from app.settings import Settings
from assessments.rules import GRACE_SECONDS, MAX_RESPONSE_BYTES, SaveResult, SittingClosed, past_deadline
from assessments.upsert import answer_save, answer_seq, sitting_facts


class Save(NamedTuple):
    """One save as the statement takes it."""

    session_id: int
    item_id: int
    candidate_id: int
    response: Any
    encoded: str  # the response as JSON text (what asyncpg sends)
    seq: int
    now: datetime

    def params(self) -> dict[str, Any]:
        return {
            "sid": self.session_id,
            "iid": self.item_id,
            "cid": self.candidate_id,
            "response": self.response,
            "seq": self.seq,
            "now": self.now,
            "earliest_deadline": self.now - timedelta(seconds=GRACE_SECONDS),
        }


class Sitting(NamedTuple):
    """What a refused or stale save is explained with."""

    candidate_id: int
    status: str
    deadline_at: datetime
    on_form: bool


class AnswerStore(Protocol):
    """Where a save's statements run."""

    async def save(self, save: Save) -> int | None:
        """Keep the response if allowed and newer; the kept seq, or None when refused or stale."""

    async def sitting(self, session_id: int, item_id: int) -> Sitting | None:
        """The facts that explain a save that kept nothing."""

    async def held_seq(self, session_id: int, item_id: int) -> int:
        """The seq the server holds for an answer."""


class CoreStore:
    """The statements on a SQLAlchemy connection (the caller's transaction)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name

    async def save(self, save: Save) -> int | None:
        found = (await self.connection.execute(answer_save(self.dialect), save.params())).scalar_one_or_none()
        return None if found is None else int(found)

    async def sitting(self, session_id: int, item_id: int) -> Sitting | None:
        result = await self.connection.execute(sitting_facts(), {"sid": session_id, "iid": item_id})
        row = result.one_or_none()
        return None if row is None else Sitting(*row)

    async def held_seq(self, session_id: int, item_id: int) -> int:
        found = await self.connection.execute(answer_seq(), {"sid": session_id, "iid": item_id})
        return int(found.scalar_one())


class Compiled:
    """A Core statement compiled once for asyncpg: its SQL and the order of its parameters."""

    def __init__(self, statement: Any) -> None:
        compiled = statement.compile(dialect=asyncpg_dialect())
        self.sql = str(compiled)
        self.names = tuple(compiled.positiontup or ())
        self.defaults = dict(compiled.params)

    def args(self, params: dict[str, Any]) -> list[Any]:
        """Positional arguments from named parameters (literals keep their compiled values)."""
        return [params[n] if n in params else self.defaults[n] for n in self.names]


@cache
def compiled(name: str) -> Compiled:
    """The hot path's statements for asyncpg, compiled on first use."""
    statements = {"save": answer_save("postgresql"), "sitting": sitting_facts(), "seq": answer_seq()}
    return Compiled(statements[name])


class DriverStore:
    """The same statements on a raw asyncpg connection (JSON travels as text)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    async def save(self, save: Save) -> int | None:
        q = compiled("save")
        found = await self.connection.fetchval(q.sql, *q.args(save.params() | {"response": save.encoded}))
        return None if found is None else int(found)

    async def sitting(self, session_id: int, item_id: int) -> Sitting | None:
        q = compiled("sitting")
        row = await self.connection.fetchrow(q.sql, *q.args({"sid": session_id, "iid": item_id}))
        return None if row is None else Sitting(*row)

    async def held_seq(self, session_id: int, item_id: int) -> int:
        q = compiled("seq")
        return int(await self.connection.fetchval(q.sql, *q.args({"sid": session_id, "iid": item_id})))


@asynccontextmanager
async def answer_store(settings: Settings) -> AsyncIterator[AnswerStore]:
    """A store whose saves are committed when they return (SQLite: when the block ends), before the reply."""
    if settings.is_sqlite:
        async with get_engine(settings).begin() as connection:
            yield CoreStore(connection)
        return
    async with (await driver_pool(settings)).acquire() as connection:  # each statement commits itself
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
    encoded = json.dumps(response)
    if len(encoded) > MAX_RESPONSE_BYTES:
        raise ClientException("The answer is too long.")
    kept = await store.save(Save(session_id, item_id, candidate_id, response, encoded, seq, now))
    if kept is not None:
        return SaveResult(True, kept, True)
    sitting = await store.sitting(session_id, item_id)
    if sitting is None or sitting.candidate_id != candidate_id:
        raise NotFoundException("No such test session.")
    if sitting.status != "open":
        raise SittingClosed("This test has been submitted; answers can no longer change.")
    if past_deadline(sitting.deadline_at, now):
        raise SittingClosed("Time is up; answers can no longer change.")
    if not sitting.on_form:
        raise NotFoundException("This question is not part of your test.")
    return SaveResult(True, await store.held_seq(session_id, item_id), False)
