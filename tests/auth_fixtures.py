"""Fixtures for route tests of every domain: committed users with bearer headers, state bodies, sign-in.

``make_user(role, body_id=None, email=None)`` -> (User, {"Authorization": "Bearer ..."})
``make_body(region_code="ALA", name="...")`` -> Body
``login_cookie(client, user)`` signs the test client in through the real password form (and TOTP step).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pyotp
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from auth.models import Body, User
from auth.principal import Grant, Role
from auth.service import AccountService, OrgService
from auth.tokens import issue_access_token
from auth.totp import MFA_ROLES
from workers import runtime
from workers.uow import commit

FIXTURE_PASSWORD = "fixture-pass-Adal-2026"
_serial = itertools.count(1)

MakeUser = Callable[..., Awaitable[tuple[User, dict[str, str]]]]
MakeBody = Callable[..., Awaitable[Body]]


async def create_user(
    settings: Settings,
    role: Role | None = Role.CANDIDATE,
    body_id: int | None = None,
    email: str | None = None,
    *,
    language: str = "en",
    password: str = FIXTURE_PASSWORD,
) -> tuple[User, dict[str, str]]:
    """A committed, verified user holding ``role`` (a TOTP secret too when the role needs one)."""
    n = next(_serial)
    email = email or f"{(role.value if role else 'user').replace('_', '-')}-{n}@example.kz"
    async with runtime.session() as session:
        user = await AccountService(session).create_user(
            email=email,
            password=password,
            display_name=f"Test User {n}",
            language=language,
            grants=[Grant(role, body_id)] if role is not None else [],
            email_verified=True,
        )
        if role in MFA_ROLES:
            user.totp_secret = pyotp.random_base32()
        await commit(session)
    return user, {"Authorization": f"Bearer {issue_access_token(settings, user_id=user.id)}"}


async def create_body(region_code: str = "ALA", name: str = "Test state body") -> Body:
    """A committed state body (the regions are created when missing)."""
    async with runtime.session() as session:
        org = OrgService(session)
        await org.ensure_regions()
        body = await org.create_body(name_kk=name, name_ru=name, name_en=name, region_code=region_code)
        await commit(session)
    return body


def csrf_of(html: str) -> str:
    """The CSRF token embedded in a rendered form."""
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def sign_in_with_password(client: Any, user: User, *, password: str = FIXTURE_PASSWORD) -> None:
    """Sign ``client`` in through the real sign-in form, answering the TOTP step when asked."""
    page = await client.get("/login")
    form = {"email": user.email, "password": password, "next": "/", "_csrf_token": csrf_of(page.text)}
    answer = await client.post("/login", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    if answer.headers["location"].startswith("/login/totp"):
        assert user.totp_secret, "the account needs a second factor but has no TOTP secret"
        async with runtime.session() as session:  # allow a second sign-in within one 30 s step
            await session.execute(update(User).where(User.id == user.id).values(totp_last_step=None))
            await commit(session)
        page = await client.get(answer.headers["location"])
        code = pyotp.TOTP(user.totp_secret).now()
        form = {"code": code, "next": "/", "_csrf_token": csrf_of(page.text)}
        answer = await client.post("/login/totp", data=form, follow_redirects=False)
        assert answer.status_code == 303, answer.text
    assert client.cookies.get("adal_session"), "no session cookie after signing in"


@pytest.fixture
def make_user(committed: AsyncEngine, settings: Settings) -> MakeUser:
    """``await make_user(role, body_id=None, email=None)`` -> (committed user, bearer headers)."""

    async def make(
        role: Role | None = Role.CANDIDATE, body_id: int | None = None, email: str | None = None, **kw: Any
    ) -> tuple[User, dict[str, str]]:
        return await create_user(settings, role, body_id, email, **kw)

    return make


@pytest.fixture
def make_body(committed: AsyncEngine) -> MakeBody:
    """``await make_body(region_code="ALA", name="...")`` -> committed Body."""
    return create_body


@pytest.fixture
def login_cookie() -> Callable[..., Awaitable[None]]:
    """``await login_cookie(client, user)`` signs the client in with a session cookie."""
    return sign_in_with_password
