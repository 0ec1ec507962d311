"""Dialect-aware ``INSERT ... ON CONFLICT`` for the bulk paths (roster upserts, assignment expansion)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def upsert_insert(session: AsyncSession, model: Any) -> Any:
    """``insert(model)`` of the session's dialect, which offers ``on_conflict_do_*``."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
