"""Password sign-in: no account enumeration, throttling and lock-out, unverified addresses."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import select, update

from app.settings import Settings
from auth.audit.models import AuditEntry
from auth.models import Throttle, User
from auth.principal import Role
from tests.auth.support import submit
from tests.auth_fixtures import FIXTURE_PASSWORD, MakeUser
from workers import runtime
from workers.queues import redis_connection
from workers.uow import commit


def _login(email: str, password: str) -> dict[str, str]:
    return {"email": email, "password": password, "next": "/"}


async def test_wrong_password_and_unknown_account_get_the_same_answer(
    client: Any, make_user: MakeUser
) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    wrong = await submit(client, "/login", "/login", _login(user.email, "not-the-password-123"))
    unknown = await submit(client, "/login", "/login", _login("nobody@example.kz", "not-the-password-123"))
    assert wrong.status_code == unknown.status_code == 400
    assert "The email or password is incorrect." in wrong.text
    assert wrong.text.replace(user.email, "X") == unknown.text.replace("nobody@example.kz", "X").replace(
        csrf_token(unknown.text), csrf_token(wrong.text)
    )
    api_wrong = await client.post("/api/auth/token", json={"email": user.email, "password": "nope-nope-nope"})
    api_unknown = await client.post(
        "/api/auth/token", json={"email": "no@example.kz", "password": "nope-nope-nope"}
    )
    assert api_wrong.status_code == api_unknown.status_code == 401
    assert api_wrong.json()["detail"] == api_unknown.json()["detail"]


def csrf_token(html: str) -> str:
    from tests.auth_fixtures import csrf_of

    return csrf_of(html)


async def test_unknown_account_costs_a_password_hash_too(
    client: Any, make_user: MakeUser, monkeypatch: Any
) -> None:
    calls: list[str] = []
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        calls.append("verify")
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    await client.post("/api/auth/token", json={"email": "ghost@example.kz", "password": "whatever-it-is-1"})
    assert calls == ["verify"]


async def test_account_locks_after_five_failures_even_for_the_right_password(
    client: Any, make_user: MakeUser
) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    for _ in range(5):
        answer = await client.post(
            "/api/auth/token", json={"email": user.email, "password": "wrong-password-00"}
        )
        assert answer.status_code == 401
    locked = await client.post("/api/auth/token", json={"email": user.email, "password": FIXTURE_PASSWORD})
    assert locked.status_code == 429
    page = await submit(client, "/login", "/login", _login(user.email, FIXTURE_PASSWORD))
    assert page.status_code == 429 and "Too many failed attempts" in page.text


async def test_unknown_account_locks_the_same_way(client: Any) -> None:
    answers = [
        (
            await client.post("/api/auth/token", json={"email": "ghost2@example.kz", "password": "x" * 12})
        ).status_code
        for _ in range(6)
    ]
    assert answers == [401] * 5 + [429]


async def test_one_address_trying_many_accounts_is_locked_out(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    for n in range(20):
        await client.post(
            "/api/auth/token", json={"email": f"spray{n}@example.kz", "password": "Spring2026!!"}
        )
    answer = await client.post("/api/auth/token", json={"email": user.email, "password": FIXTURE_PASSWORD})
    assert answer.status_code == 429


async def test_successful_sign_in_resets_the_failure_count(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    for _ in range(2):
        for _ in range(4):
            await client.post("/api/auth/token", json={"email": user.email, "password": "wrong-password-00"})
        ok = await client.post("/api/auth/token", json={"email": user.email, "password": FIXTURE_PASSWORD})
        assert ok.status_code == 200


async def test_password_sign_in_is_audited(client: Any, make_user: MakeUser, login_cookie: Any) -> None:
    user, _ = await make_user(Role.STAFF)
    await login_cookie(client, user)
    async with runtime.session() as session:
        actions = (await session.execute(select(AuditEntry.action, AuditEntry.subject))).all()
    assert ("auth.signed_in", f"user:{user.id}") in [tuple(a) for a in actions]


async def test_unverified_address_cannot_sign_in(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    async with runtime.session() as session:
        await session.execute(update(User).where(User.id == user.id).values(email_verified_at=None))
        await commit(session)
    page = await submit(
        client, "/login", "/login", _login(user.email, FIXTURE_PASSWORD), follow_redirects=False
    )
    assert page.status_code == 403 and "Confirm your email address first" in page.text
    assert client.cookies.get("adal_session") is None


async def test_sign_in_redirects_only_to_local_paths(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    form = {**_login(user.email, FIXTURE_PASSWORD), "next": "https://evil.example/steal"}
    answer = await submit(client, "/login", "/login", form, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"


async def _let_lock_expire(settings: Settings, key: str) -> None:
    """Time passes: the lock's expiry moves into the past (Redis: its TTL runs out for real)."""
    if settings.redis_url:
        assert redis_connection(settings.redis_url).pexpire(f"adal:lock:{key}", 300)
        await asyncio.sleep(0.5)
        return
    async with runtime.session() as session:
        await session.execute(
            update(Throttle)
            .where(Throttle.key == key)
            .values(locked_until=datetime.now(UTC) - timedelta(seconds=1))
        )
        await commit(session)


async def test_right_password_works_again_once_the_lock_expires(
    client: Any, make_user: MakeUser, settings: Settings
) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    for _ in range(5):
        await client.post("/api/auth/token", json={"email": user.email, "password": "wrong-password-00"})
    right = {"email": user.email, "password": FIXTURE_PASSWORD}
    assert (await client.post("/api/auth/token", json=right)).status_code == 429
    await _let_lock_expire(settings, f"account:{user.email}")
    assert (await client.post("/api/auth/token", json=right)).status_code == 200
