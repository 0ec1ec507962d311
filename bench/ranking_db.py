"""Re-rank bench in the database: one vacancy with 100,000 applications, scores written in bulk.

Usage: python bench/ranking_db.py [--applications 100000] [--pg postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]
Without --pg a scratch SQLite file is used. Prints the setup time and each re-rank's wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text

from app.composition import load_models
from app.db import get_engine
from app.settings import Settings, load_settings
from auth.models import User
from auth.principal import Grant, Principal, Role
from auth.service import OrgService
from recruiting.models import Application, CandidateResult, Score
from recruiting.scoring import ScoringService
from recruiting.vacancies import VacancyData, VacancyService
from workers import runtime
from workers.uow import commit

CHUNK = 10_000
TESTS = (("legislation", 0.5, 55.0), ("personal_qualities", 0.3, 40.0), ("digital_literacy", 0.2, 30.0))


def _scratch(pg: str | None) -> tuple[Settings, str | None]:
    var = Path(tempfile.mkdtemp(prefix="adal-rank-"))
    if not pg:
        return load_settings(
            database_url=f"sqlite+aiosqlite:///{var / 'b.db'}", var_dir=var, log_json=False
        ), None
    name = f"adal_rank_{uuid.uuid4().hex[:8]}"
    with create_engine(pg.replace("+asyncpg", "+psycopg"), isolation_level="AUTOCOMMIT").connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg.rsplit("/", 1)[0] + f"/{name}"
    return load_settings(database_url=url, var_dir=var, log_json=False, log_level="WARNING"), name


async def _people(n: int, now: datetime) -> None:
    """``n`` candidates with three results each, inserted in bulk."""
    rng = random.Random(1)
    for start in range(0, n, CHUNK):
        ids = range(start + 1, min(n, start + CHUNK) + 1)
        users = [
            {
                "id": i,
                "email": f"c{i}@b.kz",
                "display_name": "c",
                "language": "kk",
                "is_active": True,
                "created_at": now,
            }
            for i in ids
        ]
        results = [
            {"user_id": i, "test": t, "score": rng.uniform(0, 100), "passed": True, "recorded_at": now}
            for i in ids
            for t, _w, _m in TESTS
        ]
        async with runtime.session() as session:
            await session.execute(insert(User), users)
            await session.execute(insert(CandidateResult), results)
            await commit(session)


async def _populate(n: int) -> int:
    """A body, a vacancy, ``n`` candidates with three results each and one application each."""
    now = datetime.now(UTC)
    await _people(n, now)
    async with runtime.session() as session:
        await OrgService(session).ensure_regions()
        body = await OrgService(session).create_body(name_kk="B", name_ru="B", name_en="B", region_code="AST")
        hr = Principal(1, "bench", frozenset({Grant(Role.ADMIN)}))
        data = VacancyData(
            body_id=body.id,
            title={"en": "Bench"},
            description={},
            category="C-3",
            region_code="AST",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1),
            assessments=[{"test": t, "weight": w, "pass_mark": m, "max_score": 100} for t, w, m in TESTS],
        )
        vacancy = await VacancyService(session).create_vacancy(hr, data)
        await commit(session)
    for start in range(0, n, CHUNK):
        rows = [
            {
                "user_id": i,
                "vacancy_id": vacancy.id,
                "code": f"B{i:09d}",
                "status": "eligible",
                "submitted_at": now - timedelta(seconds=i),
                "eligibility_reasons": [],
            }
            for i in range(start + 1, min(n, start + CHUNK) + 1)
        ]
        async with runtime.session() as session:
            await session.execute(insert(Application), rows)
            await commit(session)
    return vacancy.id


async def main(n: int, pg: str | None, repeat: int) -> None:
    """Populate, then time ``rerank_vacancy`` ``repeat`` times."""
    settings, name = _scratch(pg)
    runtime.configure(settings)
    async with get_engine(settings).begin() as conn:
        await conn.run_sync(load_models().create_all)
    try:
        t0 = time.perf_counter()
        vacancy_id = await _populate(n)
        if pg:  # as autovacuum would after a bulk load: the planner needs row counts
            async with get_engine(settings).connect() as conn:
                await conn.execute(text("ANALYZE"))
                await conn.commit()
        dialect = settings.effective_database_url.split(":")[0]
        print(f"setup: {n} applications in {time.perf_counter() - t0:.1f} s ({dialect})")
        for k in range(repeat):
            t = time.perf_counter()
            async with runtime.session() as session:
                ranked = await ScoringService(session).rerank_vacancy(vacancy_id)
                await commit(session)
            print(f"re-rank {k + 1}: {ranked} applications in {time.perf_counter() - t:.2f} s")
        async with runtime.session() as session:
            stored = (await session.execute(select(func.count()).select_from(Score))).scalar_one()
        print(f"scores stored: {stored}")
    finally:
        await runtime.dispose()
        if name and pg:
            with create_engine(
                pg.replace("+asyncpg", "+psycopg"), isolation_level="AUTOCOMMIT"
            ).connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--pg", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.applications, args.pg, args.repeat))
