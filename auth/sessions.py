"""Browser sessions and API refresh tokens: random tokens, stored only as SHA-256 digests."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from auth.models import AuthSession, RefreshToken, User
from auth.principal import Principal
from auth.principal_cache import forget_all
from auth.service import principal_from_rows, principal_select
from workers.runtime import settings_of
from workers.uow import on_commit

SESSION_COOKIE = "adal_session"
MFA_COOKIE = "adal_mfa"
SESSION_HOURS = 12
PENDING_MFA_MINUTES = 10


def digest(token: str) -> str:
    """The stored form of a random token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class SessionService:
    """Server-side browser sessions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def start(self, user_id: int, *, pending_mfa: bool = False) -> str:
        """Open a session for ``user_id``; returns the raw token for the cookie."""
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        life = timedelta(minutes=PENDING_MFA_MINUTES) if pending_mfa else timedelta(hours=SESSION_HOURS)
        self.session.add(
            AuthSession(
                user_id=user_id,
                token_hash=digest(token),
                pending_mfa=pending_mfa,
                created_at=now,
                expires_at=now + life,
            )
        )
        await self.session.flush()
        return token

    async def find(self, token: str, *, pending_mfa: bool = False) -> AuthSession | None:
        """The live session of this token (a pending second-factor one when ``pending_mfa``)."""
        row = (
            await self.session.execute(select(AuthSession).where(AuthSession.token_hash == digest(token)))
        ).scalar_one_or_none()
        if row is None or row.revoked_at is not None or row.pending_mfa != pending_mfa:
            return None
        return row if _as_utc(row.expires_at) > datetime.now(UTC) else None

    async def end(self, token: str) -> None:
        """Revoke the session of this token (sign-out)."""
        on_commit(self.session, forget_all)
        await self.session.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == digest(token), AuthSession.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )

    async def end_all(self, user_id: int) -> None:
        """Revoke every session and refresh token of a user (password reset, account disabled)."""
        on_commit(self.session, forget_all)
        now = datetime.now(UTC)
        await self.session.execute(
            update(AuthSession)
            .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )


async def principal_for_session(session: AsyncSession, token: str) -> Principal | None:
    """The principal of a live, fully signed-in session token (one query)."""
    now = datetime.now(UTC)
    query = (
        principal_select()
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(
            AuthSession.token_hash == digest(token),
            AuthSession.revoked_at.is_(None),
            AuthSession.pending_mfa.is_(False),
            AuthSession.expires_at > now,
        )
    )
    return principal_from_rows((await session.execute(query)).all())


async def principal_for_user(session: AsyncSession, user_id: int) -> Principal | None:
    """The principal of an active user id (one query)."""
    rows = (await session.execute(principal_select().where(User.id == user_id))).all()
    return principal_from_rows(rows)


class RefreshService:
    """Refresh tokens that rotate on every use; presenting a used one revokes its whole family."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.settings = settings_of(session)

    async def issue(self, user_id: int, *, family: str | None = None) -> str:
        """A new refresh token (in a new family unless ``family`` is given)."""
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        self.session.add(
            RefreshToken(
                user_id=user_id,
                family=family or secrets.token_hex(16),
                token_hash=digest(token),
                issued_at=now,
                expires_at=now + timedelta(days=self.settings.refresh_token_days),
            )
        )
        await self.session.flush()
        return token

    async def rotate(self, token: str) -> tuple[int, str] | None:
        """Spend ``token``: (user id, its successor), or None; a reused token revokes its family."""
        row = (
            await self.session.execute(
                select(RefreshToken).where(RefreshToken.token_hash == digest(token)).with_for_update()
            )
        ).scalar_one_or_none()
        now = datetime.now(UTC)
        if row is None or row.revoked_at is not None or _as_utc(row.expires_at) <= now:
            return None
        if row.used_at is not None:
            await self.revoke_family(row.family)
            await AuditService(self.session).record(
                actor=f"user:{row.user_id}",
                action="auth.refresh_reuse_detected",
                subject=f"user:{row.user_id}",
                details={"family": row.family},
            )
            return None
        row.used_at = now
        return row.user_id, await self.issue(row.user_id, family=row.family)

    async def revoke(self, token: str) -> None:
        """Revoke the family of ``token`` (API sign-out)."""
        row = (
            await self.session.execute(select(RefreshToken).where(RefreshToken.token_hash == digest(token)))
        ).scalar_one_or_none()
        if row is not None:
            await self.revoke_family(row.family)

    async def revoke_family(self, family: str) -> None:
        """Revoke every token of a family."""
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
