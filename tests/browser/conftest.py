"""A live Adal server (a real process on the test database) and real Chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright

from app.settings import Settings
from tests.servers import free_port, running_server, running_worker

CHROMIUM = os.environ.get("ADAL_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def live_server(committed: Any, settings: Settings) -> Iterator[str]:
    """A real server process (and an RQ worker when Redis is configured); yields its base URL."""
    port = free_port()
    with running_server(settings, port), running_worker(settings):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One headless Chromium for the whole run."""
    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        await b.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A fresh browser context and page (own cookies)."""
    context = await browser.new_context(accept_downloads=True, locale="ru-RU")
    p = await context.new_page()
    yield p
    await context.close()
