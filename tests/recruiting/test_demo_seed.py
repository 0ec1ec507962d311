"""The recruiting demo seeds vacancies and applications once, through the same services as users."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth import demo as auth_demo
from auth.service import AccountService
from recruiting import demo
from recruiting.models import Application, Score, Vacancy


async def test_demo_seeds_once(db: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "CANDIDATES", 12)
    lines = await demo.seed(db, settings)
    assert "25 vacancies, 26 applications" in lines[0]
    count = (await db.execute(select(func.count()).select_from(Application))).scalar_one()
    bodies = (await db.execute(select(func.count(func.distinct(Vacancy.region_code))))).scalar_one()
    assert count == 26 and bodies >= 4
    assert (await db.execute(select(func.count()).select_from(Score))).scalar_one() > 0
    assert await demo.seed(db, settings) == ["Recruiting demo already present."]


async def test_demo_uses_auths_demo_accounts(
    db: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "CANDIDATES", 6)
    await auth_demo.seed(db, settings)
    await demo.seed(db, settings)
    accounts = AccountService(db)
    hr, candidate = (
        await accounts.by_email("hr@demo.adal.kz"),
        await accounts.by_email("candidate@demo.adal.kz"),
    )
    assert hr is not None and candidate is not None
    made_by_hr = (
        await db.execute(select(func.count()).select_from(Vacancy).where(Vacancy.created_by == hr.id))
    ).scalar_one()
    mine = (
        await db.execute(
            select(func.count()).select_from(Application).where(Application.user_id == candidate.id)
        )
    ).scalar_one()
    assert made_by_hr == 5 and mine == 2
