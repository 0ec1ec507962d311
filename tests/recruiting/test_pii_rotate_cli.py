"""``adal pii rotate`` re-encrypts the vault with the newest key; the old key still opens old records."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from auth.audit.models import AuditEntry
from recruiting.models import PiiRecord
from recruiting.profiles import ProfileService
from tests.recruiting.conftest import new_user
from workers import runtime
from workers.uow import commit


async def test_pii_rotate_command_reencrypts_with_the_new_key(
    committed: AsyncEngine, settings: Settings
) -> None:
    old = settings.model_copy(update={"pii_keys": []})
    async with runtime.session() as session:
        who = await new_user(session, name="Rotate Me")
        await ProfileService(session, old).save_personal_data(who.user_id, {"full_name": "Әлібек Нұрланұлы"})
        await commit(session)
    env = {
        **os.environ,
        "ADAL_DATABASE_URL": settings.effective_database_url,
        "ADAL_VAR_DIR": str(settings.var_dir),
    }
    env.pop("ADAL_REDIS_URL", None)
    env["ADAL_PII_KEYS"] = '["new-key-' + "n" * 40 + '", "' + old.pii_key_list()[0].decode() + '"]'
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "app.cli", "pii", "rotate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 personal data record" in done.stdout
    async with committed.connect() as conn:
        key_ids = (await conn.execute(select(PiiRecord.key_id))).scalars().all()
        actions = (await conn.execute(select(AuditEntry.action))).scalars().all()
    assert len(set(key_ids)) == 1 and "recruiting.pii_keys_rotated" in actions
