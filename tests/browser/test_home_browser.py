"""The home page in real Chromium: landmarks, skip link, keyboard language switch."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

pytestmark = pytest.mark.browser


async def test_home_page_is_keyboard_usable_and_switches_language(page: Page, live_server: str) -> None:
    await page.goto(live_server + "/")
    assert await page.locator("html").get_attribute("lang") == "ru"
    await page.keyboard.press("Tab")
    focused = await page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    await page.select_option("#lang-select", "kk")
    await page.focus("form.lang-switch button")
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert await page.locator("html").get_attribute("lang") == "kk"
    assert "Бос орындар" in await page.inner_text("header")
