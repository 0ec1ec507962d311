"""Request and response bodies of the auth API."""

from __future__ import annotations

from msgspec import Struct


class TokenRequest(Struct):
    """Password grant: email, password and, for roles that need it, a one-time code."""

    email: str
    password: str
    totp: str | None = None


class RefreshRequest(Struct):
    """A refresh token to spend (or revoke on sign-out)."""

    refresh_token: str


class TokenPair(Struct):
    """A short-lived access token and the refresh token that renews it."""

    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type, not a secret


class GrantRead(Struct):
    """One active role grant."""

    role: str
    body_id: int | None


class MeRead(Struct):
    """The caller."""

    user_id: int
    email: str
    language: str
    grants: list[GrantRead]


class RegionRead(Struct):
    """A region."""

    code: str
    name_kk: str
    name_ru: str
    name_en: str


class BodyRead(Struct):
    """A state body."""

    id: int
    name_kk: str
    name_ru: str
    name_en: str
    region_code: str
    parent_id: int | None


class BodyCreate(Struct):
    """A new state body."""

    name_kk: str
    name_ru: str
    name_en: str
    region_code: str
    parent_id: int | None = None


class GrantChange(Struct):
    """A role to grant or revoke, for one body or nationally."""

    role: str
    body_id: int | None = None
