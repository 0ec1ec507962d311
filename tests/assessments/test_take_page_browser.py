"""The test-taking page in real Chromium: answers save as they change (keyboard too), survive a reload and
an offline spell, and the timer shows the server's remaining time."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from assessments.models import Answer
from auth.principal import Role
from auth.sessions import SESSION_COOKIE, SessionService
from tests.assessments.helpers import load_bank
from tests.auth_fixtures import create_user
from tests.browser.conftest import browser, page  # noqa: F401  (fixtures of the browser suite)
from tests.servers import free_port, running_server
from workers import runtime
from workers.uow import commit

pytestmark = pytest.mark.browser


@pytest.fixture
def assessments_server(committed: AsyncEngine, settings: Settings) -> Iterator[str]:
    """A real server process on the test database (a generous start-up wait for a busy machine)."""
    port = free_port()
    with running_server(settings, port):
        yield f"http://127.0.0.1:{port}"


async def _sign_in_and_start(page: Page, base: str, settings: Settings) -> None:  # noqa: F811
    """A candidate with a browser session cookie (sign-in itself is tested by auth) starts the test."""
    user, _ = await create_user(settings, Role.CANDIDATE)  # its own transaction: never nest them on SQLite
    async with runtime.session() as db:
        await load_bank(db)
        token = await SessionService(db).start(user.id)
        await commit(db)
    await page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base}])
    await page.goto(base + "/assessments")
    await page.click("form[action='/assessments/legislation/start'] button[type=submit]")
    await page.wait_for_url(re.compile(r"/assessments/sessions/\d+$"))


async def test_answers_save_as_they_change_and_survive_reload_and_offline(
    page: Page,  # noqa: F811
    assessments_server: str,
    settings: Settings,
) -> None:
    await _sign_in_and_start(page, assessments_server, settings)
    first = page.locator("fieldset.question").nth(0)
    second = page.locator("fieldset.question").nth(1)
    await first.locator("input[type=radio]").nth(2).check()
    await expect(page.locator("#save-status")).to_have_text("All answers saved")
    await second.locator("input[type=radio]").nth(0).focus()
    await page.keyboard.press("ArrowDown")  # keyboard only: the next option of the group is chosen
    await expect(second.locator(".saved-flag")).to_have_text("Saved")
    await page.context.set_offline(True)
    third = page.locator("fieldset.question").nth(2)
    await third.locator("input[type=radio]").nth(3).check()
    await expect(page.locator("#save-status")).to_contain_text("No connection")
    await page.context.set_offline(False)
    await expect(third.locator(".saved-flag")).to_have_text("Saved", timeout=10_000)
    await page.reload()
    assert await first.locator("input[type=radio]").nth(2).is_checked()
    assert await second.locator("input[type=radio]").nth(1).is_checked()
    assert await third.locator("input[type=radio]").nth(3).is_checked()
    minutes = int((await page.inner_text("#timer")).split(":")[0])
    assert 53 <= minutes <= 54
    async with runtime.session() as db:
        from sqlalchemy import func, select

        assert (await db.execute(select(func.count()).select_from(Answer))).scalar_one() == 3


async def test_an_answer_kept_while_offline_is_shown_and_sent_after_a_reload(
    page: Page,  # noqa: F811
    assessments_server: str,
    settings: Settings,
) -> None:
    await _sign_in_and_start(page, assessments_server, settings)
    await page.route("**/answers/**", lambda route: route.abort())  # the network drops every save
    first = page.locator("fieldset.question").nth(0)
    await first.locator("input[type=radio]").nth(1).check()
    await expect(page.locator("#save-status")).to_contain_text("No connection")
    await page.unroute("**/answers/**")
    await page.reload()  # before the retry: the answer lives only in this browser's storage
    await expect(first.locator(".saved-flag")).to_have_text("Saved", timeout=10_000)
    assert await first.locator("input[type=radio]").nth(1).is_checked()  # shown, not only sent
    async with runtime.session() as db:
        from sqlalchemy import func, select

        assert (await db.execute(select(func.count()).select_from(Answer))).scalar_one() == 1
