"""The legislation test in real Chromium: a candidate signs in, starts, answers, reloads mid-test and finds
the same answers and the right remaining time, submits, sees the result and downloads the certificate,
whose QR code (read from the rendered PDF) opens a page that verifies it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, expect

from assessments.models import Item, TestSession
from auth.principal import Role
from tests.assessments.helpers import load_bank
from tests.auth_fixtures import MakeUser
from tests.browser.helpers import pdf_qr_and_text, sign_in
from workers import runtime
from workers.uow import commit

pytestmark = pytest.mark.browser
WRONG_PER_ACT = 2  # 55 items, 8 wrong: 47 correct and at least 8 per act, a clear pass


async def _right_positions(session_id: int) -> list[tuple[int, int, str]]:
    """(item id, shown position of the right option, act) for every question of the sitting."""
    async with runtime.session() as db:
        sitting = await db.get(TestSession, session_id)
        assert sitting is not None
        out = []
        for entry in sitting.form:
            item = await db.get(Item, int(entry["item"]))
            assert item is not None
            out.append((item.id, list(entry["order"]).index(item.answer["correct"]), item.tags["act"]))
        return out


async def test_candidate_sits_reloads_submits_and_verifies_the_certificate(
    page: Page, live_server: str, make_user: MakeUser, tmp_path: Path
) -> None:
    user, _ = await make_user(Role.CANDIDATE, email="dana.k@example.kz")
    async with runtime.session() as db:
        await load_bank(db)
        await commit(db)
    await sign_in(page, live_server, "dana.k@example.kz", then="/assessments")
    async with page.expect_navigation():
        await page.click("form[action='/assessments/legislation/start'] button[type=submit]")
    await page.wait_for_url(re.compile(r"/assessments/sessions/\d+$"))
    session_id = int(page.url.rsplit("/", 1)[1])
    questions = await _right_positions(session_id)
    assert len(questions) == 55
    wrong_left: dict[str, int] = {}
    chosen = {}
    for item_id, right, act in questions:
        wrong = wrong_left.setdefault(act, WRONG_PER_ACT) > 0
        wrong_left[act] -= wrong
        chosen[item_id] = (right + 1) % 4 if wrong else right
    half = questions[: len(questions) // 2]
    for item_id, _, _ in half:
        await page.check(f"#a{item_id}-{chosen[item_id]}")
    await expect(page.locator("#save-status")).to_have_text("All answers saved", timeout=20_000)
    before = await page.inner_text("#timer")
    await page.reload()
    for item_id, _, _ in half:
        assert await page.is_checked(f"#a{item_id}-{chosen[item_id]}"), item_id
    minutes, seconds = (int(x) for x in (await page.inner_text("#timer")).split(":"))
    before_m, before_s = (int(x) for x in before.split(":"))
    # The reloaded page shows the server's remaining time: no more than before (a second of rounding aside).
    assert 53 <= minutes <= 54 and minutes * 60 + seconds <= before_m * 60 + before_s + 1
    for item_id, _, _ in questions[len(questions) // 2 :]:
        await page.check(f"#a{item_id}-{chosen[item_id]}")
    await expect(page.locator("#save-status")).to_have_text("All answers saved", timeout=20_000)
    page.once("dialog", lambda dialog: dialog.accept())
    async with page.expect_navigation():
        await page.click("#submit-exam")
    main = await page.inner_text("main")
    assert "47" in main and "55" in main
    async with page.expect_download() as download_info:
        await page.click("a[href*='/certificate.pdf']")
    pdf = tmp_path / "result.pdf"
    await (await download_info.value).save_as(pdf)
    payload, _png = pdf_qr_and_text(pdf)
    verify_path = urlsplit(payload).path
    assert re.fullmatch(r"/verify/ADL-[A-Z0-9-]+", verify_path), payload
    await page.goto(live_server + verify_path)
    verified = await page.inner_text("main")
    assert user.display_name in verified and "dana.k@example.kz" not in verified
