"""Tables of the jobs and events plumbing: the transactional outbox and recorded job failures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import BigIntIdentity as BigId
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class OutboxEvent(DefaultBase):
    """A domain event written in the same transaction as the change it announces."""

    __tablename__ = "workers_outbox_event"
    __table_args__ = (Index("ix_workers_outbox_event_pending", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class OutboxReceipt(DefaultBase):
    """Proof that one subscriber handled one event; its key makes delivery idempotent."""

    __tablename__ = "workers_outbox_receipt"

    event_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("workers_outbox_event.id", ondelete="CASCADE"), primary_key=True
    )
    subscriber: Mapped[str] = mapped_column(String(120), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class JobFailure(DefaultBase):
    """A job that failed after its last retry, kept until someone retries or dismisses it."""

    __tablename__ = "workers_job_failure"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(String(200), index=True)
    job_name: Mapped[str] = mapped_column(String(120))
    args: Mapped[list[Any]] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    retried_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
