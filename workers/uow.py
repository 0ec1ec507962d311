"""Unit of work: the caller commits; work registered with ``on_commit`` runs only after a commit."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[None] | None]
_KEY = "adal.after_commit"


def on_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run ``callback`` after this session's next commit; drop it if the transaction rolls back."""
    if not session.in_transaction():
        session.sync_session.begin()  # no I/O: ties the callback to a transaction that a rollback ends
    callbacks: list[AfterCommit] = session.sync_session.info.setdefault(_KEY, [])
    if callback not in callbacks:
        callbacks.append(callback)


@event.listens_for(Session, "after_soft_rollback")
def _drop_on_rollback(session: Session, _previous: object) -> None:
    session.info.pop(_KEY, None)


async def commit(session: AsyncSession) -> None:
    """Commit, then run what was registered with ``on_commit`` (failures are logged, never raised)."""
    await session.commit()
    callbacks: list[AfterCommit] = session.sync_session.info.pop(_KEY, [])
    for callback in callbacks:
        try:
            result = callback()
            if result is not None:
                await result
        except Exception:
            log.exception("after-commit callback failed", extra={"callback": repr(callback)})
