"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from app.composition import load_models
from app.migrate import upgrade
from app.settings import Settings
from tests.conftest import PG_URL, _create_pg_database, _drop_pg_database


def _diff(sync_url: str) -> list[object]:
    engine = create_engine(sync_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, load_models())
    engine.dispose()
    return list(diff)


def test_migrations_match_the_models(settings: Settings, tmp_path: Path) -> None:
    if PG_URL:
        url, name = _create_pg_database(PG_URL)
        try:
            upgrade(settings, url=url)
            diff = _diff(url.replace("+asyncpg", "+psycopg"))
        finally:
            _drop_pg_database(PG_URL, name)
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'migrated.db'}"
        upgrade(settings, url=url)
        diff = _diff(url.replace("+aiosqlite", ""))
    summary = [f"{d[0]} {getattr(d[1], 'name', d[1])}" if isinstance(d, tuple) else str(d) for d in diff]
    assert summary == [], "models and migrations differ (run alembic revision --autogenerate):\n" + "\n".join(
        summary
    )
