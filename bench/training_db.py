"""A scratch database for the training benches: SQLite file by default, or a fresh PostgreSQL database."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from app.composition import load_models
from app.db import get_engine
from app.settings import Settings, load_settings
from auth.service import OrgService
from workers import runtime
from workers.uow import commit

REGIONS = ("AST", "ALA", "SHY", "KAR", "PAV", "MAN", "AKT", "ZHA", "KUS", "ATY")


def _admin(url: str) -> str:
    return url.replace("+asyncpg", "+psycopg")


@asynccontextmanager
async def scratch(pg_url: str | None) -> AsyncIterator[Settings]:
    """Settings on a new empty database with every table; the database is dropped afterwards."""
    var = Path(tempfile.mkdtemp(prefix="adal-bench-"))
    name = f"adal_bench_{uuid.uuid4().hex[:8]}"
    if pg_url:
        with create_engine(_admin(pg_url), isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite+aiosqlite:///{var / 'bench.db'}"
    settings = load_settings(database_url=url, var_dir=var, log_json=False, log_level="WARNING")
    runtime.configure(settings)
    async with get_engine(settings).begin() as conn:
        await conn.run_sync(load_models().create_all)
    try:
        yield settings
    finally:
        await runtime.drain()
        await runtime.dispose()
        if pg_url:
            with create_engine(_admin(pg_url), isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def make_bodies(n: int) -> list[str]:
    """``n`` state bodies spread over ten regions; returns their Russian names."""
    names = []
    async with runtime.session() as session:
        org = OrgService(session)
        await org.ensure_regions()
        for i in range(n):
            name = f"Государственный орган №{i + 1}"
            await org.create_body(
                name_kk=name, name_ru=name, name_en=f"Body {i + 1}", region_code=REGIONS[i % 10]
            )
            names.append(name)
        await commit(session)
    return names
