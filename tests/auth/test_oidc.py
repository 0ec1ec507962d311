"""State-ID sign-in end to end against an OpenID Connect provider on loopback, redirects followed by httpx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.main import create_app
from app.settings import Settings
from auth.models import User
from auth.principal import Role
from tests.auth.oidc_provider import Person, Provider, RunningProvider
from tests.auth_fixtures import MakeUser
from workers import runtime

APP = "http://127.0.0.1:8000"


@dataclass
class StateId:
    """A browser (httpx, following redirects across the app and the provider) and the provider."""

    browser: httpx.AsyncClient
    provider: Provider
    app: Litestar


@pytest.fixture
async def state_id(committed: AsyncEngine, settings: Settings) -> AsyncIterator[StateId]:
    provider = Provider()
    with RunningProvider(provider) as running:
        configured = settings.model_copy(
            update={
                "oidc_discovery_url": running.discovery_url,
                "oidc_client_id": provider.client_id,
                "oidc_client_secret": SecretStr(provider.client_secret),
            }
        )
        app = create_app(configured)
        async with AsyncTestClient(app=app, base_url=APP):  # runs the app's start-up
            mounts = {f"{APP}/": httpx.ASGITransport(app=cast("Any", app))}
            async with httpx.AsyncClient(
                mounts=mounts, follow_redirects=True, timeout=10, cookies={"adal_lang": "en"}
            ) as browser:
                yield StateId(browser, provider, app)
    runtime.configure(settings)


async def _sign_in(state_id: StateId) -> httpx.Response:
    return await state_id.browser.get(f"{APP}/login/oidc?next=/account")


async def _me(state_id: StateId) -> dict[str, Any]:
    answer = await state_id.browser.get(f"{APP}/api/auth/me")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def test_login_page_offers_the_state_id_only_when_configured(state_id: StateId, client: Any) -> None:
    assert "Sign in with the state ID" in (await state_id.browser.get(f"{APP}/login")).text
    assert "Sign in with the state ID" not in (await client.get("/login")).text


async def test_state_id_sign_in_creates_an_account_and_finds_it_again_by_subject(state_id: StateId) -> None:
    state_id.provider.person = Person(sub="IIN-880202400456", email="asel@example.kz")
    page = await _sign_in(state_id)
    assert page.status_code == 200 and str(page.url) == f"{APP}/account"
    first = await _me(state_id)
    assert first["email"] == "asel@example.kz"
    assert first["grants"] == [{"role": "candidate", "body_id": None}]
    state_id.browser.cookies.clear()
    state_id.provider.person = Person(sub="IIN-880202400456", email="asel.new@example.kz")
    await _sign_in(state_id)
    assert (await _me(state_id))["user_id"] == first["user_id"]


async def test_verified_email_links_an_existing_account(state_id: StateId, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.STAFF, email="yerlan@example.kz")
    state_id.provider.person = Person(sub="IIN-770303300789", email="Yerlan@example.kz")
    await _sign_in(state_id)
    assert (await _me(state_id))["user_id"] == user.id
    async with runtime.session() as session:
        linked = await session.get(User, user.id)
    assert linked is not None and linked.oidc_subject == "IIN-770303300789"


async def test_unverified_email_does_not_take_over_an_account(state_id: StateId, make_user: MakeUser) -> None:
    user, _ = await make_user(Role.STAFF, email="dana@example.kz")
    state_id.provider.person = Person(sub="IIN-660404400111", email="dana@example.kz", email_verified=False)
    await _sign_in(state_id)
    me = await _me(state_id)
    assert me["user_id"] != user.id and me["grants"] == [{"role": "candidate", "body_id": None}]


async def test_id_token_with_a_wrong_nonce_is_refused(state_id: StateId) -> None:
    state_id.provider.tamper_nonce = True
    page = await _sign_in(state_id)
    assert page.status_code == 400 and "did not succeed" in page.text
    assert (await state_id.browser.get(f"{APP}/api/auth/me")).status_code == 401
    async with runtime.session() as session:
        assert (await session.execute(select(User))).scalars().all() == []


async def test_a_callback_cannot_be_replayed_or_forged(state_id: StateId) -> None:
    start = await state_id.browser.get(f"{APP}/login/oidc", follow_redirects=False)
    consent = await state_id.browser.get(start.headers["location"], follow_redirects=False)
    callback = consent.headers["location"]
    assert (await state_id.browser.get(callback, follow_redirects=False)).status_code == 303
    assert (await state_id.browser.get(callback, follow_redirects=False)).status_code == 400
    forged = callback.split("state=")[0] + "state=made-up"
    assert (await state_id.browser.get(forged, follow_redirects=False)).status_code == 400


async def test_state_id_sign_in_of_an_admin_still_asks_for_the_second_factor(
    state_id: StateId, make_user: MakeUser
) -> None:
    await make_user(Role.ADMIN, email="admin.kz@example.kz")
    state_id.provider.person = Person(sub="IIN-550505500222", email="admin.kz@example.kz")
    page = await _sign_in(state_id)
    assert page.url.path == "/login/totp"
    assert (await state_id.browser.get(f"{APP}/api/auth/me")).status_code == 401
