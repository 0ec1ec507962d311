"""Registration with email confirmation, the password policy and password reset by single-use links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from app.settings import Settings
from auth.models import ActionToken
from auth.passwords import password_problem
from auth.principal import Role
from tests.auth.support import link_in, mails_to, submit
from tests.auth_fixtures import FIXTURE_PASSWORD, MakeUser
from workers import runtime
from workers.uow import commit

NEW_PASSWORD = "steppe-eagle-Baikonur-9"


def test_password_policy_rejects_short_common_and_email_passwords() -> None:
    assert password_problem("short-pass") == "Use at least 12 characters."
    assert password_problem("Password1234") == "This password is too common; choose another."
    assert password_problem("qwertyuiop123") is not None
    assert password_problem("zhanar.k-secret-77", email="zhanar.k@example.kz") is not None
    assert password_problem(NEW_PASSWORD) is None


async def _register(client: Any, email: str, password: str = NEW_PASSWORD) -> Any:
    form = {"email": email, "password": password, "display_name": "Жанар Касымова"}
    return await submit(client, "/register", "/register", form)


async def test_registration_mails_a_link_that_confirms_the_address_once(
    client: Any, settings: Settings
) -> None:
    email = "zhanar@example.kz"
    answer = await _register(client, email)
    assert answer.status_code == 200 and "Check your email" in answer.text
    mails = await mails_to(settings, email)
    assert len(mails) == 1
    link = link_in(mails[0], "/verify-email")
    assert (await client.get(link)).status_code == 200
    assert (await client.get(link)).status_code == 400  # single use
    signed_in = await client.post("/api/auth/token", json={"email": email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 200
    me = await client.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    )
    assert me.json()["grants"] == [{"role": "candidate", "body_id": None}]


async def test_registration_refuses_a_weak_password(client: Any, settings: Settings) -> None:
    answer = await _register(client, "weak@example.kz", password="password1234")
    assert answer.status_code == 400 and "too common" in answer.text
    answer = await _register(client, "weak@example.kz", password="short")
    assert answer.status_code == 400 and "at least 12 characters" in answer.text
    assert await mails_to(settings, "weak@example.kz") == []


async def test_registering_a_taken_address_answers_alike_and_tells_the_owner(
    client: Any, settings: Settings, make_user: MakeUser
) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    fresh = await _register(client, "fresh@example.kz")
    taken = await _register(client, user.email)
    assert taken.status_code == fresh.status_code == 200
    assert "Check your email" in taken.text
    mails = await mails_to(settings, user.email)
    assert [m["Subject"] for m in mails] == ["Someone tried to register with your address"]
    assert (
        await client.post("/api/auth/token", json={"email": user.email, "password": NEW_PASSWORD})
    ).status_code == 401


async def test_password_reset_link_works_once_and_ends_other_sessions(
    client: Any, settings: Settings, make_user: MakeUser
) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    tokens = (
        await client.post("/api/auth/token", json={"email": user.email, "password": FIXTURE_PASSWORD})
    ).json()
    assert (
        await submit(client, "/password/forgot", "/password/forgot", {"email": user.email})
    ).status_code == 200
    link = link_in((await mails_to(settings, user.email))[-1], "/password/reset")
    token = link.split("token=")[1]
    weak = await submit(client, link, "/password/reset", {"token": token, "password": "123456789012"})
    assert weak.status_code == 400
    done = await submit(client, link, "/password/reset", {"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 200 and "Password changed" in done.text
    again = await submit(client, link, "/password/reset", {"token": token, "password": NEW_PASSWORD + "x"})
    assert again.status_code == 400
    assert (
        await client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    ).status_code == 401
    old = await client.post("/api/auth/token", json={"email": user.email, "password": FIXTURE_PASSWORD})
    new = await client.post("/api/auth/token", json={"email": user.email, "password": NEW_PASSWORD})
    assert (old.status_code, new.status_code) == (401, 200)


async def test_expired_reset_link_is_refused(client: Any, settings: Settings, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    await submit(client, "/password/forgot", "/password/forgot", {"email": user.email})
    link = link_in((await mails_to(settings, user.email))[-1], "/password/reset")
    async with runtime.session() as session:
        past = datetime.now(UTC) - timedelta(minutes=1)
        await session.execute(
            update(ActionToken).where(ActionToken.user_id == user.id).values(expires_at=past)
        )
        await commit(session)
    answer = await submit(
        client, link, "/password/reset", {"token": link.split("token=")[1], "password": NEW_PASSWORD}
    )
    assert answer.status_code == 400 and "expired" in answer.text


async def test_reset_request_for_unknown_address_answers_alike_and_mails_nothing(
    client: Any, settings: Settings
) -> None:
    answer = await submit(client, "/password/forgot", "/password/forgot", {"email": "ghost@example.kz"})
    assert answer.status_code == 200 and "Check your email" in answer.text
    assert await mails_to(settings, "ghost@example.kz") == []
