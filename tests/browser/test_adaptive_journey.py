"""An adaptive test in real Chromium, by keyboard only: one question at a time, "Next question" is enabled
once the answer is saved, the next question takes the focus, and the last one leads to the result."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from auth.principal import Role
from tests.assessments.test_adaptive_sitting import SLUG, calibrated_bank
from tests.auth_fixtures import MakeUser
from tests.browser.helpers import sign_in
from workers import runtime
from workers.uow import commit

pytestmark = pytest.mark.browser
MAX_ITEMS = 4


async def test_candidate_sits_an_adaptive_test_with_the_keyboard(
    page: Page, live_server: str, make_user: MakeUser
) -> None:
    await make_user(Role.CANDIDATE, email="arman.adaptive@example.kz")
    async with runtime.session() as db:  # the cap ends it: an SE of 0.05 is out of reach in 4 questions
        await calibrated_bank(db, min_items=3, max_items=MAX_ITEMS, se_target=0.05, pass_theta=-4.0)
        await commit(db)
    await sign_in(page, live_server, "arman.adaptive@example.kz", then="/assessments")
    await expect(page.locator("main")).to_contain_text(f"Adaptive: at most {MAX_ITEMS} questions")
    async with page.expect_navigation():
        await page.click(f"form[action='/assessments/{SLUG}/start'] button[type=submit]")
    await page.wait_for_url(re.compile(r"/assessments/sessions/\d+$"))
    await expect(page.locator("#adaptive-note")).to_contain_text("cannot be revisited")
    seen: list[str] = []
    for n in range(1, MAX_ITEMS + 1):
        await expect(page.locator("#progress")).to_have_text(f"Question {n}, at most {MAX_ITEMS}")
        questions = page.locator("fieldset.question")
        await expect(questions).to_have_count(1)
        item = await questions.get_attribute("data-item")
        assert item is not None and item not in seen, "a question came back"
        seen.append(item)
        next_button = page.locator("#next-question")
        await expect(next_button).to_be_disabled()
        radio = questions.locator("input[type=radio]").first
        if n == 1:
            await radio.focus()
        else:  # "Next question" moved the focus into the new question
            await expect(radio).to_be_focused()
        await page.keyboard.press("Space")  # keyboard only: choose the focused option
        await expect(questions.locator(".saved-flag")).to_have_text("Saved")
        await expect(next_button).to_be_enabled()
        await next_button.focus()
        async with page.expect_navigation():
            await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/assessments/sessions/\d+/result$"))
    await expect(page.locator("#result-title")).to_contain_text("Passed")
