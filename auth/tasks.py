"""Jobs of the auth domain."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from auth import mail
from workers.jobs import job


@job("auth.deliver_mail", timeout=60, retries=5)
async def deliver_mail(session: AsyncSession, mail_id: int) -> None:
    """Deliver one queued mail."""
    await mail.deliver(session, mail_id)
