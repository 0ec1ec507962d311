"""Signing in: password (with throttling and no account enumeration), then the second factor."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from auth.models import User
from auth.passwords import verify_password
from auth.service import AccountService, normalize_email
from auth.throttle import ACCOUNT_LIMIT, ADDRESS_LIMIT, LoginThrottle
from auth.totp import TotpService, requires_mfa
from workers.runtime import settings_of


class Outcome(StrEnum):
    """What the password step decided."""

    OK = "ok"
    NEEDS_TOTP = "needs_totp"
    NEEDS_TOTP_SETUP = "needs_totp_setup"
    UNVERIFIED = "unverified"
    FAILED = "failed"
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class LoginResult:
    """The outcome of the password step, and the user when the password was right."""

    outcome: Outcome
    user: User | None = None


FAILED_MESSAGE = "The email or password is incorrect."
LOCKED_MESSAGE = "Too many failed attempts. Try again in 15 minutes."


class LoginService:
    """Checks credentials the same way for every caller, whether or not the account exists."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.settings = settings_of(session)
        self.throttle = LoginThrottle(self.settings)
        self.accounts = AccountService(session)

    async def check_password(self, *, email: str, password: str, address: str) -> LoginResult:
        """Verify the password; lock-out and failure answers do not reveal whether the account exists."""
        account_key, address_key = f"account:{normalize_email(email)}", f"address:{address}"
        if await self.throttle.locked(account_key) or await self.throttle.locked(address_key):
            verify_password(self.settings, None, password)  # same work as a real attempt
            return LoginResult(Outcome.LOCKED)
        user = await self.accounts.authenticate(email, password)
        if user is None:
            await self.throttle.fail(account_key, ACCOUNT_LIMIT)
            await self.throttle.fail(address_key, ADDRESS_LIMIT)
            return LoginResult(Outcome.FAILED)
        await self.throttle.clear(account_key)
        return LoginResult(await self._next_step(user), user)

    async def _next_step(self, user: User) -> Outcome:
        if user.email_verified_at is None:
            return Outcome.UNVERIFIED
        if user.totp_secret is not None:
            return Outcome.NEEDS_TOTP
        principal = await self.accounts.principal_for(user.id)
        if principal is not None and requires_mfa(principal):
            return Outcome.NEEDS_TOTP_SETUP
        return Outcome.OK

    async def check_second_factor(self, user: User, code: str) -> bool | None:
        """True for a valid code, False for a wrong one, None when the account is locked out."""
        key = f"account:{user.email}"
        if await self.throttle.locked(key):
            return None
        if await TotpService(self.session).verify(user, code):
            return True
        await self.throttle.fail(key, ACCOUNT_LIMIT)
        return False

    async def signed_in(self, user: User, *, method: str, address: str) -> None:
        """Record a completed sign-in in the audit log."""
        await AuditService(self.session).record(
            actor=f"user:{user.id}",
            action="auth.signed_in",
            subject=f"user:{user.id}",
            details={"method": method, "address": address},
        )

    async def failed(self, email: str, *, address: str) -> None:
        """Record a failed sign-in (the email as typed, never the password)."""
        await AuditService(self.session).record(
            actor=f"address:{address}",
            action="auth.sign_in_failed",
            subject=f"email:{normalize_email(email)[:150]}",
        )
