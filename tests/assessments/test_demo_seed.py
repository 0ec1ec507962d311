"""The demo seeder: banks and finished sittings with data for the reports; running it again adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from assessments.analysis import AnalysisService
from assessments.demo import seed
from assessments.models import Appeal, TestSession


async def test_demo_seed_gives_reports_data_and_is_idempotent(db: AsyncSession, settings: Settings) -> None:
    lines = await seed(db, settings)
    count = select(func.count()).select_from(TestSession)
    assert (await db.execute(count)).scalar_one() == 80 and len(lines) == 2
    report = await AnalysisService(db).item_report("legislation")
    assert report.sessions == 40 and any(r.p is not None and 0 < r.p < 1 for r in report.items)
    passed = (await db.execute(select(func.count()).where(TestSession.passed.is_(True)))).scalar_one()
    assert 0 < passed < 80
    assert (await db.execute(select(func.count()).select_from(Appeal))).scalar_one() == 1
    await seed(db, settings)
    assert (await db.execute(count)).scalar_one() == 80
