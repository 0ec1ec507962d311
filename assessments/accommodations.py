"""Standing accommodations: extra time an admin grants a candidate once, applied to every sitting they start.

The note says why in as few words as possible (e.g. "medical certificate checked"); it never reaches HR, the
commission or the candidate's result. Granting, changing and withdrawing are audited.
"""

from __future__ import annotations

from datetime import UTC, datetime

from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.models import Accommodation
from auth.audit.service import AuditService
from auth.models import User
from auth.service import AccountService

MAX_EXTRA_MINUTES = 240


class AccommodationService:
    """Grant, list and withdraw standing extra time."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def extra_minutes(self, user_id: int) -> int:
        """The standing extra time of a candidate (0 without an accommodation)."""
        found = await self.session.get(Accommodation, user_id)
        return found.extra_minutes if found is not None else 0

    async def list(self) -> list[tuple[Accommodation, User]]:
        """Every standing accommodation with its candidate, by e-mail."""
        query = select(Accommodation, User).join(User, User.id == Accommodation.user_id).order_by(User.email)
        return [(a, u) for a, u in (await self.session.execute(query)).all()]

    async def grant(self, email: str, *, minutes: int, note: str, actor: int) -> Accommodation:
        """Give (or change) a candidate's standing extra time."""
        if not 1 <= minutes <= MAX_EXTRA_MINUTES:
            raise ClientException(f"Extra time is 1 to {MAX_EXTRA_MINUTES} minutes.")
        user = await AccountService(self.session).by_email(email.strip())
        if user is None:
            raise NotFoundException("No account has this e-mail address.")
        found = await self.session.get(Accommodation, user.id)
        before = found.extra_minutes if found is not None else 0
        if found is None:
            found = Accommodation(user_id=user.id)
            self.session.add(found)
        found.extra_minutes, found.note = minutes, note.strip()[:200]
        found.granted_by, found.granted_at = actor, datetime.now(UTC)
        await AuditService(self.session).record(
            actor=f"user:{actor}",
            action="assessments.accommodation_granted",
            subject=f"auth_user:{user.id}",
            details={"minutes": minutes, "before": before},
        )
        await self.session.flush()
        return found

    async def withdraw(self, user_id: int, *, actor: int) -> None:
        """End a candidate's standing extra time (sittings already started keep theirs)."""
        found = await self.session.get(Accommodation, user_id)
        if found is None:
            raise NotFoundException("This candidate has no accommodation.")
        await self.session.delete(found)
        await AuditService(self.session).record(
            actor=f"user:{actor}",
            action="assessments.accommodation_withdrawn",
            subject=f"auth_user:{user_id}",
            details={"minutes": found.extra_minutes},
        )
        await self.session.flush()
