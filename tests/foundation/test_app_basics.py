"""The assembled app answers its base routes, errors as problem details, and speaks three languages."""

from __future__ import annotations

import os
import subprocess
import sys

from litestar.testing import AsyncTestClient


async def test_home_page_links_to_every_area(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    res = await client.get("/", headers={"accept-language": "en"})
    assert res.status_code == 200
    for href in ('href="/vacancies"', 'href="/hr"', 'href="/training"', 'href="/admin"'):
        assert href in res.text
    assert 'class="skip-link"' in res.text and "<main" in res.text and 'lang="en"' in res.text
    assert res.headers["x-frame-options"] == "DENY" and res.headers["x-content-type-options"] == "nosniff"


async def test_health_ready_and_schema_answer(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    assert (await client.get("/health")).json() == {"status": "ok", "checks": {}}
    ready = await client.get("/ready")
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    schema = (await client.get("/schema/openapi.json")).json()
    assert schema["info"]["title"] == "Adal API" and "/health" in schema["paths"]


async def test_unknown_api_route_is_a_problem_document(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    res = await client.get("/api/nothing-here", headers={"x-request-id": "req-123"})
    assert res.status_code == 404
    assert res.headers["content-type"].startswith("application/problem+json")
    body = res.json()
    assert body["status"] == 404 and body["title"] == "Not found" and body["request_id"] == "req-123"
    assert res.headers["x-request-id"] == "req-123"


async def test_unknown_page_is_a_readable_html_error(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    res = await client.get("/nothing-here", headers={"accept": "text/html", "accept-language": "ru"})
    assert res.status_code == 404 and "text/html" in res.headers["content-type"]
    assert "Не найдено" in res.text


async def test_language_switch_is_remembered(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    home = await client.get("/")
    token = client.cookies.get("adal_csrf")
    assert token
    res = await client.post(
        "/language",
        data={
            "lang": "ru",
            "next": "/",
            "_csrf_token": home.text.split('name="_csrf_token" value="')[1].split('"')[0],
        },
        follow_redirects=False,
    )
    assert res.status_code == 303 and res.cookies.get("adal_lang") == "ru"
    page = await client.get("/")
    assert 'lang="ru"' in page.text and "Вакансии" in page.text


async def test_state_changing_form_without_csrf_token_is_refused(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    await client.get("/")
    res = await client.post("/language", data={"lang": "ru"})
    assert res.status_code == 403


def test_bad_setting_stops_start_up_with_a_clear_message() -> None:
    env = {**os.environ, "ADAL_DATABASE_URL": "mysql://somewhere/adal"}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "ADAL_DATABASE_URL" in proc.stderr and "postgresql+asyncpg://" in proc.stderr


def test_production_without_secrets_refuses_to_start() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL_")} | {"ADAL_ENV": "production"}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2 and "ADAL_SECRET_KEY" in proc.stderr
