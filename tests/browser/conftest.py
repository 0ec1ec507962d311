"""A live Adal server (a real process on the test database) and real Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from app.settings import Settings

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
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(settings: Settings) -> dict[str, str]:
    """The environment of a server or worker process on the test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL_")}
    env |= {
        "ADAL_DATABASE_URL": settings.effective_database_url,
        "ADAL_VAR_DIR": str(settings.var_dir),
        "ADAL_ENV": "test",
        "ADAL_LOG_LEVEL": "WARNING",
        "ADAL_ARGON2_TIME_COST": "1",
        "ADAL_ARGON2_MEMORY_KIB": "8192",
    }
    if settings.redis_url:
        env["ADAL_REDIS_URL"] = settings.redis_url
    return env


def start_server(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    """Start ``adal serve`` on ``port`` and wait until /health answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=server_env(settings),
        stdout=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


@pytest.fixture
def live_server(committed: Any, settings: Settings) -> Iterator[str]:
    """A real server process (and an RQ worker when Redis is configured); yields its base URL."""
    port = _free_port()
    proc = start_server(settings, port)
    worker = None
    if settings.redis_url:
        worker = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"],
            cwd=ROOT,
            env=server_env(settings),
            stdout=subprocess.DEVNULL,
        )
    yield f"http://127.0.0.1:{port}"
    for p in (proc, worker):
        if p is not None:
            p.terminate()
            p.wait(timeout=20)


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
