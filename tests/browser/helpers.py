"""Shared steps of the browser journeys: sign in, read a PDF's QR code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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
