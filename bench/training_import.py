"""Roster import end to end: 50,000 rows parsed, validated and upserted into the database (target ≤ 60 s).

``python -m bench.training_import [--rows N] [--database-url postgresql+asyncpg://...]``
"""

from __future__ import annotations

import argparse
import asyncio
import time

from sqlalchemy import func, select

from bench.training_db import make_bodies, scratch
from training.models import RosterImport, StaffMember
from training.roster import generate_roster
from training.roster_import import RosterImportService
from workers import runtime
from workers.uow import commit

TARGET_SECONDS = 60.0


async def _run(data: bytes, filename: str) -> tuple[float, RosterImport]:
    """Upload a file and wait for the import job (in-process here, as on the embedded default)."""
    started = time.perf_counter()
    async with runtime.session() as session:
        record = await RosterImportService(session).start_import(
            filename, data, body_scope=None, user_id=None
        )
        await commit(session)
    await runtime.drain()
    seconds = time.perf_counter() - started
    async with runtime.session() as session:
        done = await session.get(RosterImport, record.id)
    assert done is not None and done.status == "done", done and done.message
    return seconds, done


async def bench(rows: int, pg_url: str | None, fmt: str) -> None:
    """Import a generated roster twice (inserts, then updates) and print the figures."""
    async with scratch(pg_url) as settings:
        bodies = await make_bodies(40)
        data = generate_roster(rows, bodies, seed=3, fmt=fmt)  # type: ignore[arg-type]
        where = "PostgreSQL" if pg_url else "SQLite"
        for label in ("first import (inserts)", "second import (updates)"):
            seconds, record = await _run(data, f"roster.{fmt}")
            print(
                f"{where} {fmt} {label}: {rows} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s; "
                f"inserted {record.inserted}, updated {record.updated}, errors {record.error_count}; "
                f"{seconds / TARGET_SECONDS:.0%} of the 60 s budget"
            )
        async with runtime.session() as session:
            staff = await session.scalar(select(func.count()).select_from(StaffMember))
        print(f"staff rows in the database: {staff} (settings var_dir {settings.var_dir})")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--database-url", default=None, help="a PostgreSQL server URL (a scratch database is made)"
    )
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()
    asyncio.run(bench(args.rows, args.database_url, args.format))


if __name__ == "__main__":
    main()
