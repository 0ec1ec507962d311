"""The statements of the answer hot path, built once per dialect (PostgreSQL and SQLite)."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from assessments.models import Answer, FormItem, TestSession


@cache
def answer_save(dialect: str) -> Any:
    """The whole save as one statement: insert the answer only if the sitting is the candidate's, open, within
    its deadline's grace and has the item on its form, or update it only if ``seq`` is newer; RETURNING the
    kept seq (no row: refused or stale, which ``sitting_facts`` then explains).

    One statement is one round trip and its own durable transaction. On PostgreSQL the sitting row is
    share-locked by the statement, so a concurrent submit waits for it and the answer is scored; on SQLite
    the statement holds the write lock from start to end.
    """
    answer = cast(Table, Answer.__table__)
    sitting = cast(Table, TestSession.__table__)
    form = cast(Table, FormItem.__table__)
    stamp = answer.c.saved_at.type
    source = (
        select(
            sitting.c.id,
            bindparam("iid", type_=answer.c.item_id.type),
            bindparam("response", type_=answer.c.response.type),
            bindparam("seq", type_=answer.c.seq.type),
            bindparam("now", type_=stamp),
            bindparam("now", type_=stamp),
            literal(0, type_=answer.c.changes.type),
        )
        .where(
            sitting.c.id == bindparam("sid"),
            sitting.c.candidate_id == bindparam("cid"),
            sitting.c.status == "open",
            sitting.c.deadline_at >= bindparam("earliest_deadline", type_=stamp),
            exists().where(form.c.session_id == sitting.c.id, form.c.item_id == bindparam("iid")),
        )
        .with_for_update(read=True, of=sitting)
    )
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    columns = ["session_id", "item_id", "response", "seq", "saved_at", "first_saved_at", "changes"]
    statement = insert(answer).from_select(columns, source)
    return statement.on_conflict_do_update(
        index_elements=[answer.c.session_id, answer.c.item_id],
        set_={
            "response": statement.excluded.response,
            "seq": statement.excluded.seq,
            "saved_at": statement.excluded.saved_at,
            "changes": answer.c.changes + 1,
        },
        where=statement.excluded.seq > answer.c.seq,
    ).returning(answer.c.seq)


@cache
def sitting_facts() -> Any:
    """Why a save kept nothing: the sitting's owner, state, deadline and whether item ``iid`` is on it."""
    table = cast(Table, TestSession.__table__)
    form = cast(Table, FormItem.__table__)
    on_form = exists().where(form.c.session_id == table.c.id, form.c.item_id == bindparam("iid"))
    return select(table.c.candidate_id, table.c.status, table.c.deadline_at, on_form.label("on_form")).where(
        table.c.id == bindparam("sid")
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
    """A no-op UPDATE of the sitting that takes SQLite's write lock before a submit reads the answers."""
    # On SQLite a SELECT starts no transaction: without this, a save could commit between the submit's
    # reading of the answers and its commit, and an acknowledged answer would go unscored.
    table = cast(Table, TestSession.__table__)
    return update(table).where(table.c.id == bindparam("sid")).values(status=table.c.status)
