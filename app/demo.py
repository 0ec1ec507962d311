"""``adal demo``: run every domain's demo seeder (each is idempotent) and collect what to print."""

from __future__ import annotations

from app import composition
from app.settings import Settings
from workers import runtime
from workers.uow import commit


async def seed(settings: Settings) -> list[str]:
    """Seed the demo data of every domain, one transaction each; return the lines to print."""
    runtime.configure(settings)
    lines = ["Adal demo data is ready."]
    for seeder in composition.demo_seeders():
        async with runtime.session() as session:
            lines += await seeder(session, settings)
            await commit(session)
    await runtime.drain()
    await runtime.dispose()
    return lines
