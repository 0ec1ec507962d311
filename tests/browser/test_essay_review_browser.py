"""A commission member scores test essays blind in real Chromium, with the keyboard only."""

from __future__ import annotations

from playwright.async_api import Page

from app.settings import Settings
from assessments.service import SittingService
from auth.principal import Role
from recruiting.profiles import ProfileService
from tests.assessments.helpers import load_bank
from tests.auth_fixtures import MakeBody, MakeUser
from tests.browser.helpers import sign_in, sign_in_with_totp
from tests.conftest import run_jobs
from tests.recruiting.conftest import PERSON
from workers import runtime
from workers.uow import commit

ESSAY = "Я, Айгерім Нұрланова (ИИН 900515450128), сначала опрошу жителей, затем открою выездной приём ЦОНа."


async def _focus(page: Page, selector: str, *, limit: int = 60) -> None:
    """Tab through the page until ``selector`` has the focus (fails if it never does)."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


async def test_reviewer_scores_an_essay_blind_with_the_keyboard(
    page: Page, live_server: str, settings: Settings, make_user: MakeUser, make_body: MakeBody
) -> None:
    candidate, _ = await make_user(Role.CANDIDATE)
    async with runtime.session() as db:
        await load_bank(db, "written_reasoning")
        await ProfileService(db).save_personal_data(candidate.id, PERSON)
        service = SittingService(db)
        ts = await service.start_session(candidate.id, "written_reasoning", language="ru")
        for seq, entry in enumerate(ts.form, start=1):
            await service.save_answer(ts.id, int(entry["item"]), ESSAY, seq, candidate_id=candidate.id)
        await service.submit_session(ts.id, candidate_id=candidate.id)
        await commit(db)
    await run_jobs(settings)
    body = await make_body(region_code="AST")
    reviewer, _ = await make_user(Role.COMMISSION_MEMBER, body.id)
    if reviewer.totp_secret:
        await sign_in_with_totp(
            page, live_server, reviewer.email, reviewer.totp_secret, then="/commission/essays/"
        )
    else:
        await sign_in(page, live_server, reviewer.email, then="/commission/essays/")
    await page.goto(f"{live_server}/commission/essays/")
    text = await page.inner_text("main")
    assert "выездной приём" in text and "Нұрланова" not in text and "900515450128" not in text

    await _focus(page, 'input[type="radio"][name="points"]')
    for _ in range(3):  # arrows move the choice within the radio group: 0 → 3
        await page.keyboard.press("ArrowRight")
    await _focus(page, 'button[type="submit"]')
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert page.url.endswith("/commission/essays/") or "/commission/essays/#essay-" in page.url
    assert await page.locator("form[action$='/score']").count() == 1  # one essay scored, one left
    assert (await page.locator("p.mine").inner_text()).endswith(": 3")
