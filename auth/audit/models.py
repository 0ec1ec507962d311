"""Audit log tables: append-only entries and the chain head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import BigIntIdentity as BigId
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class AuditEntry(DefaultBase):
    """One audited act; ``hash`` covers its content and the previous entry's hash."""

    __tablename__ = "auth_audit_entry"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(100), index=True)
    subject: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(DefaultBase):
    """The last sequence number and hash, updated with every append (detects a cut-off tail)."""

    __tablename__ = "auth_audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigId)
    hash: Mapped[str] = mapped_column(String(64))
