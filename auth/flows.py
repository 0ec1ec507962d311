"""Registration, email verification and password reset through single-use, expiring mailed tokens."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import gettext
from auth.audit.service import AuditService
from auth.mail import send_mail
from auth.models import ActionToken, User
from auth.passwords import password_problem, verify_password
from auth.principal import Grant, Role
from auth.service import AccountService, normalize_email
from auth.sessions import SessionService, digest
from workers.runtime import settings_of

VERIFY, RESET = "verify_email", "reset_password"
LIFETIME = {VERIFY: timedelta(days=2), RESET: timedelta(hours=1)}


class PasswordRejected(ValueError):
    """The password breaks the policy; the message says why (in English, to translate)."""


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class AccountFlows:
    """Self-service account flows; every answer is the same whether or not an account exists."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.settings = settings_of(session)
        self.accounts = AccountService(session)

    async def register(self, *, email: str, password: str, display_name: str, language: str) -> User | None:
        """Create a candidate account and mail a verification link; an existing address gets a notice."""
        problem = password_problem(password, email=email)
        if problem:
            raise PasswordRejected(problem)
        existing = await self.accounts.by_email(email)
        if existing is not None:
            verify_password(self.settings, None, password)  # the same cost as creating an account
            _ = gettext(existing.language)
            await send_mail(
                self.session,
                to=existing.email,
                subject=_("Someone tried to register with your address"),
                body=_(
                    "An account with this address already exists. Sign in or reset your password at {url}."
                ).format(url=f"{self.settings.base_url}/password/forgot"),
            )
            return None
        user = await self.accounts.create_user(
            email=email,
            password=password,
            display_name=display_name,
            language=language,
            grants=[Grant(Role.CANDIDATE)],
            actor="self-registration",
        )
        await self.send_verification(user)
        return user

    async def _issue(self, user_id: int, purpose: str) -> str:
        await self.session.execute(  # a new link supersedes the previous ones
            update(ActionToken)
            .where(
                ActionToken.user_id == user_id, ActionToken.purpose == purpose, ActionToken.used_at.is_(None)
            )
            .values(used_at=datetime.now(UTC))
        )
        token = secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + LIFETIME[purpose]
        self.session.add(
            ActionToken(user_id=user_id, purpose=purpose, token_hash=digest(token), expires_at=expires)
        )
        await self.session.flush()
        return token

    async def _spend(self, token: str, purpose: str) -> User | None:
        query = select(ActionToken).where(
            ActionToken.token_hash == digest(token), ActionToken.purpose == purpose
        )
        row = (await self.session.execute(query.with_for_update())).scalar_one_or_none()
        now = datetime.now(UTC)
        if row is None or row.used_at is not None or _as_utc(row.expires_at) <= now:
            return None
        row.used_at = now
        await self.session.flush()
        return await self.session.get(User, row.user_id)

    async def send_verification(self, user: User) -> None:
        """Mail a link confirming the user's address."""
        token = await self._issue(user.id, VERIFY)
        _ = gettext(user.language)
        await send_mail(
            self.session,
            to=user.email,
            subject=_("Confirm your email address"),
            body=_("Open this link to confirm your address: {url}").format(
                url=f"{self.settings.base_url}/verify-email?token={token}"
            ),
        )

    async def verify_email(self, token: str) -> User | None:
        """Mark the address of the token's user verified; None for an unknown, used or expired token."""
        user = await self._spend(token, VERIFY)
        if user is not None and user.email_verified_at is None:
            user.email_verified_at = datetime.now(UTC)
            await AuditService(self.session).record(
                actor=f"user:{user.id}", action="auth.email_verified", subject=f"user:{user.id}"
            )
        return user

    async def request_reset(self, email: str) -> None:
        """Mail a reset link when the account exists; nothing observable otherwise."""
        user = await self.accounts.by_email(normalize_email(email))
        if user is None or not user.is_active:
            return
        token = await self._issue(user.id, RESET)
        _ = gettext(user.language)
        await send_mail(
            self.session,
            to=user.email,
            subject=_("Reset your password"),
            body=_("Open this link within an hour to choose a new password: {url}").format(
                url=f"{self.settings.base_url}/password/reset?token={token}"
            ),
        )

    async def reset_password(self, token: str, password: str) -> User | None:
        """Set a new password with a reset token and end every session of the user."""
        query = select(ActionToken).where(
            ActionToken.token_hash == digest(token), ActionToken.purpose == RESET
        )
        row = (await self.session.execute(query)).scalar_one_or_none()
        user = await self.session.get(User, row.user_id) if row is not None else None
        problem = password_problem(password, email=user.email if user else "")
        if problem:
            raise PasswordRejected(problem)
        user = await self._spend(token, RESET)
        if user is None:
            return None
        await self.accounts.set_password(user.id, password)
        user.email_verified_at = user.email_verified_at or datetime.now(UTC)  # the link proved the address
        await SessionService(self.session).end_all(user.id)
        await AuditService(self.session).record(
            actor=f"user:{user.id}", action="auth.password_reset", subject=f"user:{user.id}"
        )
        return user
