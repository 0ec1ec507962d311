"""``adal audit verify`` proves the chain intact and names the first altered, deleted or inserted entry."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from auth.audit.chain import entry_hash
from auth.audit.models import AuditEntry
from auth.audit.service import AuditService
from workers import runtime
from workers.uow import commit


def _verify(settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ADAL_DATABASE_URL": settings.effective_database_url,
        "ADAL_VAR_DIR": str(settings.var_dir),
    }
    env.pop("ADAL_REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def _write_log(n: int) -> None:
    async with runtime.session() as session:
        audit = AuditService(session)
        for i in range(n):
            await audit.record(actor="user:1", action="role.granted", subject=f"user:{i}", details={"i": i})
        await commit(session)


async def _execute(engine: AsyncEngine, statement: object) -> None:
    async with engine.begin() as conn:
        await conn.execute(statement)  # type: ignore[call-overload]


async def test_intact_log_verifies(committed: AsyncEngine, settings: Settings) -> None:
    await _write_log(5)
    result = _verify(settings)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "intact" in result.stdout


async def test_altered_entry_is_named(committed: AsyncEngine, settings: Settings) -> None:
    await _write_log(5)
    await _execute(committed, update(AuditEntry).where(AuditEntry.seq == 3).values(details={"i": 99}))
    result = _verify(settings)
    assert result.returncode == 1 and "entry 3" in result.stdout and "altered" in result.stdout


async def test_deleted_entry_is_named(committed: AsyncEngine, settings: Settings) -> None:
    await _write_log(5)
    await _execute(committed, delete(AuditEntry).where(AuditEntry.seq == 2))
    result = _verify(settings)
    assert result.returncode == 1 and "entry 2" in result.stdout and "missing" in result.stdout


async def test_inserted_entry_is_named(committed: AsyncEngine, settings: Settings) -> None:
    await _write_log(5)
    # Forge entry 3 anew (a different act, correctly hashed) and shift the rest: the link from 4 breaks.
    await _execute(committed, delete(AuditEntry).where(AuditEntry.seq == 3))
    at = datetime.now(UTC)
    forged = {
        "seq": 3,
        "actor": "user:666",
        "action": "identity.revealed",
        "subject": "application:1",
        "at": at,
        "details": {},
        "prev_hash": "0" * 64,
    }
    async with committed.connect() as conn:
        prev = (await conn.execute(AuditEntry.__table__.select().where(AuditEntry.seq == 2))).one()
    forged["prev_hash"] = prev.hash
    forged["hash"] = entry_hash(**{k: v for k, v in forged.items() if k != "hash"})  # type: ignore[arg-type]
    await _execute(committed, AuditEntry.__table__.insert().values(**forged))
    result = _verify(settings)
    assert result.returncode == 1 and "entry 4" in result.stdout and "does not link" in result.stdout


async def test_concurrent_appends_keep_one_unbroken_chain(committed: AsyncEngine, settings: Settings) -> None:
    async def append(i: int) -> None:
        async with runtime.session() as session:
            await AuditService(session).record(actor=f"user:{i}", action="course.completed", subject=f"c:{i}")
            await commit(session)

    await asyncio.gather(*(append(i) for i in range(12)))
    async with runtime.session() as session:
        assert await AuditService(session).verify_chain() is None
        assert len(await AuditService(session).recent(limit=50)) == 12
