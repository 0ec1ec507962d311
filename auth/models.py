"""Tables of the auth domain: regions, state bodies, users, role grants and credentials."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import BigIntIdentity as BigId
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

UTC_TS = DateTimeUTC(timezone=True)


class Region(DefaultBase):
    """A region or city of national significance."""

    __tablename__ = "auth_region"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_kk: Mapped[str] = mapped_column(String(120))
    name_ru: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))


class Body(DefaultBase):
    """A state body (ministry, agency, akimat), possibly under a parent body."""

    __tablename__ = "auth_body"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    region_code: Mapped[str] = mapped_column(ForeignKey("auth_region.code"), index=True)
    parent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("auth_body.id"), index=True)

    def name(self, lang: str) -> str:
        """The body's name in ``lang`` (English when unknown)."""
        return str(getattr(self, f"name_{lang}", None) or self.name_en)


class Department(DefaultBase):
    """A department of a state body."""

    __tablename__ = "auth_department"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    body_id: Mapped[int] = mapped_column(BigId, ForeignKey("auth_body.id", ondelete="CASCADE"), index=True)
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))


class User(DefaultBase):
    """An account: password and/or state-ID (OIDC) sign-in, optional TOTP."""

    __tablename__ = "auth_user"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="kk")
    email_verified_at: Mapped[datetime | None] = mapped_column(UTC_TS)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTC_TS)

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", lazy="raise", foreign_keys="RoleGrant.user_id"
    )


class RoleGrant(DefaultBase):
    """A role held by a user, for one body or nationally; revoked grants are kept for the record."""

    __tablename__ = "auth_role_grant"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("auth_user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    body_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("auth_body.id"), index=True)
    granted_by: Mapped[str] = mapped_column(String(120))
    granted_at: Mapped[datetime] = mapped_column(UTC_TS)
    revoked_at: Mapped[datetime | None] = mapped_column(UTC_TS)

    user: Mapped[User] = relationship(back_populates="grants", lazy="raise", foreign_keys=[user_id])


class AuthSession(DefaultBase):
    """A browser session; only the SHA-256 of its random token is stored."""

    __tablename__ = "auth_session"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("auth_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    pending_mfa: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTC_TS)
    expires_at: Mapped[datetime] = mapped_column(UTC_TS)
    revoked_at: Mapped[datetime | None] = mapped_column(UTC_TS)


class RefreshToken(DefaultBase):
    """A refresh token; each use rotates it within its family, and reuse revokes the family."""

    __tablename__ = "auth_refresh_token"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("auth_user.id", ondelete="CASCADE"), index=True)
    family: Mapped[str] = mapped_column(String(32), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTC_TS)
    expires_at: Mapped[datetime] = mapped_column(UTC_TS)
    used_at: Mapped[datetime | None] = mapped_column(UTC_TS)
    revoked_at: Mapped[datetime | None] = mapped_column(UTC_TS)


class ActionToken(DefaultBase):
    """A single-use, expiring token mailed to the user (email verification, password reset)."""

    __tablename__ = "auth_action_token"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("auth_user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTC_TS)
    used_at: Mapped[datetime | None] = mapped_column(UTC_TS)


class RecoveryCode(DefaultBase):
    """A single-use TOTP recovery code (hashed)."""

    __tablename__ = "auth_recovery_code"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("auth_user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTC_TS)


class Throttle(DefaultBase):
    """Failed sign-in counter for one account or one client address (when Redis is not configured)."""

    __tablename__ = "auth_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(UTC_TS)
    locked_until: Mapped[datetime | None] = mapped_column(UTC_TS)


class OidcLogin(DefaultBase):
    """An OpenID Connect sign-in in progress: state, nonce and PKCE verifier."""

    __tablename__ = "auth_oidc_login"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64))
    code_verifier: Mapped[str] = mapped_column(String(128))
    next_path: Mapped[str] = mapped_column(String(300), default="/")
    created_at: Mapped[datetime] = mapped_column(UTC_TS)


class MailMessage(DefaultBase):
    """An outgoing mail, written in the transaction that caused it and delivered after commit."""

    __tablename__ = "auth_mail"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTC_TS)
    sent_at: Mapped[datetime | None] = mapped_column(UTC_TS)
