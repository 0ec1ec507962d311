"""JWT access tokens (key rotation, expiry) and refresh tokens (rotation, reuse detection, sign-out)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pyotp
from joserfc import jwt
from pydantic import SecretStr
from sqlalchemy import select

from app.settings import Settings
from auth.audit.models import AuditEntry
from auth.principal import Role
from auth.tokens import ALGORITHM, AUDIENCE, ISSUER, issue_access_token, key_ring, verify_access_token
from tests.auth_fixtures import FIXTURE_PASSWORD, MakeUser
from workers import runtime


def _with_keys(settings: Settings, *keys: str) -> Settings:
    return settings.model_copy(update={"jwt_keys": [SecretStr(k) for k in keys]})


def test_rotation_signs_with_the_newest_key_and_verifies_with_all(settings: Settings) -> None:
    old = _with_keys(settings, "old-key-" + "a" * 32)
    rotated = _with_keys(settings, "new-key-" + "b" * 32, "old-key-" + "a" * 32)
    retired = _with_keys(settings, "new-key-" + "b" * 32)
    token_before = issue_access_token(old, user_id=7)
    token_after = issue_access_token(rotated, user_id=8)
    assert jwt.decode(token_after, key_ring(rotated)[0]).header["kid"] == key_ring(rotated)[0].kid
    assert verify_access_token(rotated, token_before) == 7
    assert verify_access_token(rotated, token_after) == 8
    assert verify_access_token(retired, token_before) is None
    assert verify_access_token(retired, token_after) == 8


def _b64(part: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def test_expired_or_foreign_tokens_are_refused(settings: Settings) -> None:
    key = key_ring(settings)[0]
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "5", "iat": now - 3600, "exp": now - 600}
    expired = jwt.encode({"alg": ALGORITHM, "kid": key.kid}, claims, key)
    assert verify_access_token(settings, expired) is None
    other_audience = jwt.encode(
        {"alg": ALGORITHM, "kid": key.kid}, {**claims, "aud": "x", "exp": now + 60}, key
    )
    assert verify_access_token(settings, other_audience) is None
    unsigned = f"{_b64({'alg': 'none', 'kid': key.kid})}.{_b64({**claims, 'exp': now + 60})}."
    assert verify_access_token(settings, unsigned) is None
    fine = jwt.encode({"alg": ALGORITHM, "kid": key.kid}, {**claims, "exp": now + 60}, key)
    assert verify_access_token(settings, fine) == 5


async def _pair(client: Any, email: str) -> dict[str, Any]:
    answer = await client.post("/api/auth/token", json={"email": email, "password": FIXTURE_PASSWORD})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def test_refresh_rotates_and_reuse_revokes_the_family(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    first = await _pair(client, user.email)
    assert first["token_type"] == "Bearer" and first["expires_in"] > 0
    second = (await client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})).json()
    assert second["refresh_token"] != first["refresh_token"]
    me = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {second['access_token']}"})
    assert me.status_code == 200
    reuse = await client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    # the thief's replay also kills the legitimate successor
    after = await client.post("/api/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert after.status_code == 401
    async with runtime.session() as session:
        actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert "auth.refresh_reuse_detected" in actions


async def test_api_sign_out_revokes_the_refresh_token(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    pair = await _pair(client, user.email)
    assert (
        await client.post("/api/auth/logout", json={"refresh_token": pair["refresh_token"]})
    ).status_code == 204
    assert (
        await client.post("/api/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    ).status_code == 401


async def test_api_token_needs_a_one_time_code_for_admins(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.ADMIN)
    assert user.totp_secret
    body = {"email": user.email, "password": FIXTURE_PASSWORD}
    assert (await client.post("/api/auth/token", json=body)).status_code == 401
    assert (await client.post("/api/auth/token", json={**body, "totp": "000000"})).status_code == 401
    code = pyotp.TOTP(user.totp_secret).now()
    assert (await client.post("/api/auth/token", json={**body, "totp": code})).status_code == 200


async def test_disabled_account_token_stops_working(client: Any, make_user: MakeUser) -> None:
    from auth.service import AccountService
    from workers.uow import commit

    user, headers = await make_user(Role.STAFF)
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 200
    async with runtime.session() as session:
        await AccountService(session).set_active(user.id, active=False, actor="test")
        await commit(session)
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 401
