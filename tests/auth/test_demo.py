"""The auth demo seed: real-sounding bodies, one account per role, idempotent, with working passwords."""

from __future__ import annotations

import pyotp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.demo import ACCOUNTS, BODIES, demo_password, seed
from auth.models import Body, Department, User
from auth.principal import Role
from auth.service import AccountService
from auth.totp import MFA_ROLES


async def test_demo_seed_is_idempotent_and_its_printed_passwords_work(
    db: AsyncSession, settings: Settings
) -> None:
    first = await seed(db, settings)
    second = await seed(db, settings)
    assert first == second
    assert await db.scalar(select(func.count()).select_from(Body)) == len(BODIES)
    assert await db.scalar(select(func.count()).select_from(Department)) == 3 * len(BODIES)
    assert await db.scalar(select(func.count()).select_from(User)) == len(ACCOUNTS) == len(Role)
    accounts = AccountService(db)
    for role, email, _name in ACCOUNTS:
        assert demo_password(settings, role) in "\n".join(first)
        user = await accounts.authenticate(email, demo_password(settings, role))
        assert user is not None, email
        principal = await accounts.principal_for(user.id)
        assert principal is not None and principal.has_role(role)
        if role in MFA_ROLES:
            assert user.totp_secret and user.totp_secret in "\n".join(first)
            assert pyotp.TOTP(user.totp_secret).now().isdigit()
