"""An adaptive sitting over HTTP: one question at a time through ``POST …/next`` (the owner only), then the
result; the test page shows only the current question and says that earlier ones are not revisited."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from assessments.adaptive import AdaptiveService
from assessments.models import FormItem, Item, TestSession
from assessments.service import SittingService
from auth.principal import Role
from tests.assessments.helpers import make_person, right_response, wrong_response
from tests.assessments.test_adaptive_sitting import SLUG, calibrated_bank
from tests.auth_fixtures import MakeUser, csrf_of
from tests.conftest import run_jobs
from workers import runtime
from workers.uow import commit

Client = AsyncTestClient[Any]
HTML = {"accept": "text/html"}


async def _bank(**blueprint: Any) -> None:
    async with runtime.session() as db:
        await calibrated_bank(db, **blueprint)
        await commit(db)


async def _response(session_id: int, right: bool) -> tuple[int, Any]:
    """The current question of a sitting and a right (or wrong) response to it, in shown positions."""
    async with runtime.session() as db:
        ts = await db.get(TestSession, session_id)
        assert ts is not None
        entry = ts.form[-1]
        item = await db.get(Item, int(entry["item"]))
        assert item is not None
        return item.id, right_response(entry, item) if right else wrong_response(entry, item)


async def test_next_gives_one_question_at_a_time_to_the_owner_and_ends_with_the_result(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank(min_items=3, max_items=4, se_target=0.05, pass_theta=-4.0)
    _, owner = await make_user(Role.CANDIDATE)
    _, intruder = await make_user(Role.CANDIDATE)
    _, hr = await make_user(Role.HR_OFFICER)
    started = await client.post(
        f"/api/assessments/tests/{SLUG}/sessions", json={"language": "en"}, headers=owner
    )
    assert started.status_code == 201, started.text
    state = started.json()
    sid = state["id"]
    assert (state["adaptive"], state["max_questions"], len(state["questions"])) == (True, 4, 1)
    url = f"/api/assessments/sessions/{sid}/next"
    assert (await client.post(url, headers=intruder)).status_code == 404
    assert (await client.post(url, headers=hr)).status_code == 403
    assert (await client.post(url)).status_code == 401
    unanswered = await client.post(url, headers=owner)
    assert unanswered.status_code == 200 and unanswered.json()["questions"] == state["questions"]

    first, response = await _response(sid, right=True)
    saved = await client.put(
        f"/api/assessments/sessions/{sid}/answers/{first}",
        json={"response": response, "seq": 1},
        headers=owner,
    )
    assert saved.status_code == 200, saved.text
    moved = (await client.post(url, headers=owner)).json()
    assert len(moved["questions"]) == 2 and moved["questions"][0]["item_id"] == first
    again = await client.put(
        f"/api/assessments/sessions/{sid}/answers/{first}", json={"response": 0, "seq": 2}, headers=owner
    )
    assert again.status_code == 404  # an earlier question cannot be changed

    page = await client.get(f"/assessments/sessions/{sid}", headers=owner | HTML)
    assert page.status_code == 200
    assert page.text.count('<fieldset class="question"') == 1 and f'data-item="{first}"' not in page.text
    assert "Question 2, at most 4" in page.text and "cannot be revisited" in page.text
    assert re.search(r'<button type="button" id="next-question"[^>]*disabled', page.text)

    body: dict[str, Any] = moved
    for seq in range(3, 10):
        item_id, response = await _response(sid, right=seq % 2 == 0)
        await client.put(
            f"/api/assessments/sessions/{sid}/answers/{item_id}",
            json={"response": response, "seq": seq},
            headers=owner,
        )
        body = (await client.post(url, headers=owner)).json()
        if "questions" not in body:
            break
    assert body["session_id"] == sid and body["status"] == "passed" and body["theta"] is not None
    assert 0 < body["theta_se"] < 1  # the ability's standard error is reported with it
    assert body["correct"] is not None and body["max_total"] == 4.0  # the cap: 4 questions
    result_page = await client.get(
        f"/assessments/sessions/{sid}", headers=owner | HTML, follow_redirects=False
    )
    assert result_page.status_code == 303 and result_page.headers["location"].endswith("/result")
    shown = await client.get(result_page.headers["location"], headers=owner | HTML)
    assert f"{body['theta']:.2f} ± {body['theta_se']:.2f}" in shown.text
    closed = await client.post(url, headers=owner)
    assert (
        closed.status_code == 200 and closed.json()["status"] == "passed"
    )  # submitting again changes nothing


async def test_the_index_and_a_thin_bank_say_what_an_adaptive_test_is(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank(min_items=60, max_items=60)  # only 48 items are calibrated
    _, headers = await make_user(Role.CANDIDATE)
    tests = (await client.get("/api/assessments/tests", headers=headers)).json()
    adaptive = next(t for t in tests if t["slug"] == SLUG)
    assert (adaptive["adaptive"], adaptive["item_count"]) == (True, 60)
    index = await client.get("/assessments/", headers=headers | HTML)
    assert "Adaptive: at most 60 questions" in index.text
    refused = await client.post(f"/api/assessments/tests/{SLUG}/sessions", json={}, headers=headers)
    assert refused.status_code == 409 and "too few calibrated questions" in refused.json()["detail"]
    client.cookies.set("adal_lang", "ru")
    form = {"language": "ru", "_csrf_token": csrf_of(index.text)}
    page = await client.post(f"/assessments/{SLUG}/start", data=form, headers=headers | HTML)
    assert page.status_code == 409 and "откалиброванных" in page.text


async def test_concurrent_clicks_on_next_add_one_question(committed: AsyncEngine, settings: Settings) -> None:
    await _bank()
    async with runtime.session() as db:
        person = await make_person(db)
        ts = await SittingService(db).start_session(person.id, SLUG, language="ru")
        await commit(db)
    item_id, response = await _response(ts.id, right=True)
    async with runtime.session() as db:
        await SittingService(db).save_answer(ts.id, item_id, response, 1, candidate_id=person.id)
        await commit(db)

    async def click() -> bool:
        async with runtime.session() as db:
            step = await AdaptiveService(db).advance(ts.id, candidate_id=person.id)
            await commit(db)
            return step.added

    added = await asyncio.gather(*(click() for _ in range(6)))
    await run_jobs(settings)
    async with runtime.session() as db:
        form = (await SittingService(db).get(ts.id)).form
        rows = (
            (await db.execute(select(FormItem.item_id).where(FormItem.session_id == ts.id))).scalars().all()
        )
    assert sorted(added) == [False] * 5 + [True] and len(form) == 2
    assert list(rows) == [int(form[1]["item"])]
