"""Shared steps of the browser journeys: sign in (with a one-time code), read a PDF's QR code, read mail."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pyotp
from playwright.async_api import Page

from tests.auth_fixtures import FIXTURE_PASSWORD


async def sign_in(
    page: Page, base: str, email: str, *, password: str = FIXTURE_PASSWORD, then: str = "/"
) -> None:
    """Sign in through the real form and land on ``then``."""
    await page.goto(f"{base}/login?next={then}")
    await page.fill("#email", email)
    await page.fill("#password", password)
    async with page.expect_navigation():
        await page.press("#password", "Enter")


def pdf_qr_and_text(pdf: Path) -> tuple[str, Path]:
    """Render the PDF's first page to PNG (pdftoppm) and decode its QR code (zbarimg): (payload, png)."""
    assert shutil.which("pdftoppm") and shutil.which("zbarimg"), "poppler-utils and zbar-tools are needed"
    png_base = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf), str(png_base)], check=True)
    png = png_base.with_suffix(".png")
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    )
    return out.stdout.strip(), png


async def sign_in_with_totp(
    page: Page, base: str, email: str, secret: str, *, password: str = FIXTURE_PASSWORD, then: str = "/"
) -> None:
    """Sign in through the password form, then answer the one-time-code step with ``secret``."""
    await sign_in(page, base, email, password=password, then=then)
    assert "/login/totp" in page.url, f"no one-time-code step after the password: {page.url}"
    await page.fill("#code", pyotp.TOTP(secret).now())
    async with page.expect_navigation():
        await page.press("#code", "Enter")
    assert "/login" not in page.url, f"the one-time code was not accepted: {page.url}"


def _mail_to(folder: Path, address: str) -> str | None:
    for path in sorted(folder.glob("*.eml"), reverse=True) if folder.is_dir() else []:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if str(message["To"]).lower() == address.lower():
            body = message.get_body(preferencelist=("plain",))
            assert isinstance(body, EmailMessage)
            return str(body.get_content())
    return None


async def newest_mail_to(folder: Path, address: str, *, tries: int = 100) -> str:
    """The newest mail to ``address`` (polled 0.2 s apart: delivery follows the commit)."""
    for _ in range(tries):
        if (text := await asyncio.to_thread(_mail_to, folder, address)) is not None:
            return text
        await asyncio.sleep(0.2)
    raise AssertionError(f"no mail to {address} in {folder}")
