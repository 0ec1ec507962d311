"""The second factor: enrolment before the first sign-in of a role that needs it, replay, recovery codes."""

from __future__ import annotations

import re
from typing import Any

import pyotp
from sqlalchemy import update

from auth.models import User
from auth.principal import Role
from tests.auth.support import submit
from tests.auth_fixtures import FIXTURE_PASSWORD, MakeBody, MakeUser, csrf_of
from workers import runtime
from workers.uow import commit


async def _without_totp(user: User) -> None:
    async with runtime.session() as session:
        await session.execute(update(User).where(User.id == user.id).values(totp_secret=None))
        await commit(session)


async def _password_step(client: Any, user: User) -> str:
    form = {"email": user.email, "password": FIXTURE_PASSWORD, "next": "/account"}
    answer = await submit(client, "/login", "/login", form, follow_redirects=False)
    assert answer.status_code == 303
    return str(answer.headers["location"])


async def _enrol(client: Any, location: str) -> list[str]:
    page = await client.get(location)
    secret = re.search(r'name="secret" value="([A-Z2-7]+)"', page.text)
    assert secret, page.text
    form = {"secret": secret.group(1), "code": pyotp.TOTP(secret.group(1)).now(), "next": "/account"}
    answer = await client.post("/login/totp/setup", data={**form, "_csrf_token": csrf_of(page.text)})
    assert answer.status_code == 200, answer.text
    return re.findall(r"<code>([0-9a-f]{10}-[0-9a-f]{10})</code>", answer.text)


async def test_hr_officer_must_enrol_a_second_factor_before_signing_in(
    client: Any, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body()
    user, _ = await make_user(Role.HR_OFFICER, body_id=body.id)
    await _without_totp(user)
    location = await _password_step(client, user)
    assert location.startswith("/login/totp/setup")
    assert client.cookies.get("adal_session") is None
    assert (await client.get("/api/auth/me")).status_code == 401  # a pending session is not a session
    codes = await _enrol(client, location)
    assert len(codes) == 10
    assert (await client.get("/api/auth/me")).status_code == 200


async def test_candidate_signs_in_without_a_second_factor(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    assert (await _password_step(client, user)) == "/account"
    assert client.cookies.get("adal_session")


async def test_a_code_cannot_be_used_twice(client: Any, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.AUDITOR)
    assert user.totp_secret
    code = pyotp.TOTP(user.totp_secret).now()
    location = await _password_step(client, user)
    assert location.startswith("/login/totp")
    first = await submit(client, location, "/login/totp", {"code": code, "next": "/"}, follow_redirects=False)
    assert first.status_code == 303
    client.cookies.clear()
    location = await _password_step(client, user)
    replay = await submit(
        client, location, "/login/totp", {"code": code, "next": "/"}, follow_redirects=False
    )
    assert replay.status_code == 400


async def test_recovery_code_signs_in_once(client: Any, make_user: MakeUser, make_body: MakeBody) -> None:
    user, _ = await make_user(Role.COMMISSION_MEMBER, body_id=(await make_body()).id)
    await _without_totp(user)
    codes = await _enrol(client, await _password_step(client, user))
    client.cookies.clear()
    for expected in (303, 400):
        client.cookies.clear()
        location = await _password_step(client, user)
        answer = await submit(
            client, location, "/login/totp", {"code": codes[0], "next": "/"}, follow_redirects=False
        )
        assert answer.status_code == expected


async def test_totp_step_without_a_pending_password_step_goes_back_to_sign_in(client: Any) -> None:
    answer = await submit(client, "/login/totp", "/login/totp", {"code": "123456"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
