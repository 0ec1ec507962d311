"""Training jobs: ids in, one service call, nothing else."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy.ext.asyncio import AsyncSession

from training.reminders import REMINDER_JOB, ReminderService
from training.roster_import import IMPORT_JOB, RosterImportService
from training.statements import FORWARD_JOB, StatementLog
from workers.jobs import job
from workers.periodic import periodic
from workers.uow import commit


@job(IMPORT_JOB, timeout=1800, retries=2)
async def import_roster(session: AsyncSession, import_id: int) -> None:
    """Process one roster upload, committing after each batch so progress shows while it runs."""

    async def checkpoint() -> None:
        await commit(session)

    await RosterImportService(session).run_import(import_id, checkpoint=checkpoint)


@job(FORWARD_JOB, timeout=120, retries=5)
async def forward_statements(session: AsyncSession) -> None:
    """Send recorded xAPI statements to the external LRS (retried when it is down)."""
    await StatementLog(session).forward_pending()


ASTANA = timezone(timedelta(hours=5))


@job(REMINDER_JOB, timeout=1800, retries=2)
async def send_reminders(session: AsyncSession, day: str) -> None:
    """Write the day's reminders (the service sends each reminder once a day)."""
    await ReminderService(session).send_reminders(date.fromisoformat(day))


def _today_in_astana() -> list[str]:
    return [datetime.now(ASTANA).date().isoformat()]


# Checked hourly; the job id carries the day, so each day's reminders run once.
periodic(REMINDER_JOB, every_s=3600, args=_today_in_astana)
