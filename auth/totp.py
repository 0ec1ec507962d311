"""Second factor: TOTP (RFC 6238, pyotp) with replay protection, and single-use recovery codes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

import pyotp
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from auth.models import RecoveryCode, User
from auth.principal import Principal, Role

MFA_ROLES = frozenset({Role.HR_OFFICER, Role.COMMISSION_MEMBER, Role.AUDITOR, Role.ADMIN})
ISSUER = "Adal"
RECOVERY_CODES = 10


def requires_mfa(principal: Principal) -> bool:
    """True when one of the principal's roles demands a second factor."""
    return principal.has_role(*MFA_ROLES)


def new_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The ``otpauth://`` URI an authenticator app scans."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, *, now: datetime | None = None) -> int | None:
    """The time step ``code`` is valid for (±1 step of drift), or None."""
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    moment = now or datetime.now(UTC)
    for drift in (0, -1, 1):
        step = totp.timecode(moment) + drift
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").encode()).hexdigest()


class TotpService:
    """Enrolment and verification of the second factor."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enrol(self, user: User, secret: str, code: str) -> list[str] | None:
        """Store ``secret`` when ``code`` proves the app has it; returns new recovery codes, or None."""
        step = matching_step(secret, code)
        if step is None:
            return None
        user.totp_secret, user.totp_last_step = secret, step
        codes = await self.new_recovery_codes(user.id)
        await AuditService(self.session).record(
            actor=f"user:{user.id}", action="auth.totp_enrolled", subject=f"user:{user.id}"
        )
        return codes

    async def new_recovery_codes(self, user_id: int) -> list[str]:
        """Replace the user's recovery codes; the plain codes are shown once."""
        await self.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
        codes = [
            f"{secrets.token_hex(5)}-{secrets.token_hex(5)}" for _ in range(RECOVERY_CODES)
        ]  # 80 bits each
        self.session.add_all(RecoveryCode(user_id=user_id, code_hash=_code_hash(c)) for c in codes)
        await self.session.flush()
        return codes

    async def verify(self, user: User, code: str) -> bool:
        """Accept a fresh TOTP code (never the same step twice) or an unused recovery code."""
        if user.totp_secret is None:
            return False
        step = matching_step(user.totp_secret, code)
        if step is not None:
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            await self.session.flush()
            return True
        return await self._use_recovery_code(user.id, code)

    async def _use_recovery_code(self, user_id: int, code: str) -> bool:
        query = select(RecoveryCode).where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == _code_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        row = (await self.session.execute(query)).scalars().first()
        if row is None:
            return False
        row.used_at = datetime.now(UTC)
        await AuditService(self.session).record(
            actor=f"user:{user_id}", action="auth.recovery_code_used", subject=f"user:{user_id}"
        )
        return True
