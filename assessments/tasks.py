"""Jobs of the assessments domain: ids in, one service call, nothing else."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assessments import events, exposure
from assessments.appeals import AppealService
from assessments.moderation import ModerationService
from assessments.service import SittingService
from workers.jobs import job
from workers.periodic import periodic


@job(events.AUTO_SUBMIT, timeout=120)
async def auto_submit(session: AsyncSession, session_id: int) -> None:
    """Submit a sitting whose time is up (a no-op when already submitted or not yet due)."""
    service = SittingService(session)
    await service.settle(await service.get(session_id))


@job(events.RESCORE_ITEM, timeout=600)
async def rescore_item(session: AsyncSession, item_id: int) -> None:
    """Queue a re-score of every submitted sitting that showed ``item_id``."""
    await AppealService(session).queue_rescores(item_id)


@job(events.RESCORE_SESSION, timeout=120)
async def rescore_session(session: AsyncSession, session_id: int) -> None:
    """Re-score one sitting; a changed result is announced again, an unchanged one is confirmed."""
    if not await SittingService(session).rescore_session(session_id):
        await AppealService(session).tell_unchanged(session_id)


@job(events.FLAG_SITTING, timeout=600)
async def flag_sitting(session: AsyncSession, test_id: int, day: str) -> None:
    """Compute integrity flags for the sittings of one test on one day."""
    await ModerationService(session).flag_sitting(test_id, day)


@job(events.COUNT_EXPOSURE, timeout=120)
async def count_exposure(session: AsyncSession, test_id: int, window: int) -> None:
    """Add the sittings started so far (``window`` only names the job) to the exposure counters."""
    await exposure.count_exposure(session, test_id)


@job(events.SETTLE_EXPIRED, timeout=300, retries=0)
async def settle_expired(session: AsyncSession) -> None:
    """Submit sittings whose time ran out and whose own auto-submit job was lost."""
    await SittingService(session).settle_expired()


@job(events.COUNT_ALL_EXPOSURE, timeout=300, retries=0)
async def count_all_exposure(session: AsyncSession) -> None:
    """Count exposure of sittings whose windowed job was lost."""
    await exposure.count_all(session)


@job(events.FLAG_RECENT, timeout=1800, retries=0)
async def flag_recent(session: AsyncSession) -> None:
    """Recompute integrity flags of the last two days' sittings."""
    await ModerationService(session).flag_recent()


periodic(events.SETTLE_EXPIRED, every_s=60)
periodic(events.COUNT_ALL_EXPOSURE, every_s=300)
periodic(events.FLAG_RECENT, every_s=3600)
