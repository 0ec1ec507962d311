"""The statements of the answer hot path, built once per dialect (PostgreSQL and SQLite)."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from assessments.models import Answer, FormItem, TestSession


@cache
def answer_upsert(dialect: str) -> Any:
    """The answer upsert, built once per dialect (building it costs more than running it)."""
    table = cast(Table, Answer.__table__)
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    values = insert(table).values(
        session_id=bindparam("sid"),
        item_id=bindparam("iid"),
        response=bindparam("response", type_=table.c.response.type),
        seq=bindparam("seq"),
        saved_at=bindparam("now", type_=table.c.saved_at.type),
        first_saved_at=bindparam("now", type_=table.c.saved_at.type),
        changes=0,
    )
    return values.on_conflict_do_update(
        index_elements=[table.c.session_id, table.c.item_id],
        set_={
            "response": values.excluded.response,
            "seq": values.excluded.seq,
            "saved_at": values.excluded.saved_at,
            "changes": table.c.changes + 1,
        },
        where=values.excluded.seq > table.c.seq,
    ).returning(table.c.seq)


@cache
def sitting_lock() -> Any:
    """The sitting's owner, state and deadline, and whether item ``iid`` is on its form, share-locked."""
    table = cast(Table, TestSession.__table__)
    form = cast(Table, FormItem.__table__)
    on_form = exists().where(form.c.session_id == table.c.id, form.c.item_id == bindparam("iid"))
    return (
        select(table.c.candidate_id, table.c.status, table.c.deadline_at, on_form.label("on_form"))
        .where(table.c.id == bindparam("sid"))
        .with_for_update(read=True, of=table)
    )


@cache
def answer_seq() -> Any:
    """The seq held for one answer (after a stale retry)."""
    table = cast(Table, Answer.__table__)
    return select(table.c.seq).where(
        table.c.session_id == bindparam("sid"), table.c.item_id == bindparam("iid")
    )


@cache
def sitting_write_lock() -> Any:
    """A no-op UPDATE of the sitting that takes SQLite's write lock before the state is read."""
    # On SQLite a SELECT starts no transaction: without this, a submit could commit between a save's
    # check of the sitting and its upsert, and an acknowledged answer would go unscored.
    table = cast(Table, TestSession.__table__)
    return update(table).where(table.c.id == bindparam("sid")).values(status=table.c.status)
