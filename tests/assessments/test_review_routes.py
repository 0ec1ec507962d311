"""Staff over HTTP: appeals re-key and re-score, moderation keeps scores, bank editing, extra time."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from assessments.models import Flag, TestSession
from assessments.service import SittingService
from auth.models import MailMessage
from auth.principal import Role
from tests.assessments.helpers import form_items, load_bank, right_response, wrong_response
from tests.auth_fixtures import MakeUser, csrf_of
from tests.conftest import run_jobs
from workers import runtime
from workers.uow import commit

Client = AsyncTestClient[Any]


async def _sitting(client: Client, headers: dict[str, str], *, right: dict[str, int]) -> tuple[int, int, int]:
    """Sit the legislation test over HTTP with the first question wrong and ``right[act]`` right answers
    per act; returns session id, first item id and the original index of the option chosen for it."""
    state = (
        await client.post("/api/assessments/tests/legislation/sessions", json={}, headers=headers)
    ).json()
    sid = state["id"]
    async with runtime.session() as db:
        pairs = await form_items(db, await SittingService(db).get(sid))
    quota = dict(right)
    for n, (entry, item) in enumerate(pairs, start=1):
        good = n > 1 and quota[item.tags["act"]] > 0
        quota[item.tags["act"]] -= good
        response = right_response(entry, item) if good else wrong_response(entry, item)
        url = f"/api/assessments/sessions/{sid}/answers/{item.id}"
        assert (
            await client.put(url, json={"response": response, "seq": n}, headers=headers)
        ).status_code == 200
    entry, item = pairs[0]
    chosen = entry["order"][wrong_response(entry, item)]
    await client.post(f"/api/assessments/sessions/{sid}/submit", headers=headers)
    return sid, pairs[0][1].id, chosen


async def _bank() -> None:
    async with runtime.session() as db:
        await load_bank(db)
        await commit(db)


async def test_an_upheld_question_appeal_rekeys_and_the_candidate_sees_the_new_result(
    client: Client, make_user: MakeUser, committed: AsyncEngine, settings: Settings
) -> None:
    await _bank()
    person, candidate = await make_user(Role.CANDIDATE)
    _, reviewer = await make_user(Role.COMMISSION_MEMBER)
    acts = {"constitution": 8, "civil_service_law": 8, "anticorruption_law": 7, "ethics_code": 6}
    sid, item_id, chosen = await _sitting(client, candidate, right=acts)  # 29 correct: one short of a pass
    await run_jobs(settings)
    before = (await client.get(f"/api/assessments/sessions/{sid}/result", headers=candidate)).json()
    assert (before["passed"], before["correct"]) == (False, 29)
    filed = await client.post(
        f"/api/assessments/sessions/{sid}/appeals",
        json={"kind": "question", "text": "Two options are right.", "item_id": item_id},
        headers=candidate,
    )
    assert filed.status_code == 201, filed.text
    queue = (await client.get("/api/assessments/review/appeals", headers=reviewer)).json()
    assert [a["id"] for a in queue] == [filed.json()["id"]]
    decision = await client.post(
        f"/api/assessments/review/appeals/{filed.json()['id']}/decision",
        json={
            "upheld": True,
            "resolution": "The key was wrong.",
            "action": "rekey",
            "answer": {"correct": chosen},
        },
        headers=reviewer,
    )
    assert decision.status_code == 200 and decision.json()["status"] == "upheld"
    await run_jobs(settings)
    after = (await client.get(f"/api/assessments/sessions/{sid}/result", headers=candidate)).json()
    assert (after["passed"], after["correct"]) == (True, 30) and after["rescored_at"] is not None
    assert after["certificate_code"]
    mine = (await client.get("/api/assessments/appeals/mine", headers=candidate)).json()
    assert mine[0]["resolution"] == "The key was wrong."
    async with runtime.session() as db:
        mails = (
            (
                await db.execute(
                    select(MailMessage).where(MailMessage.to == person.email).order_by(MailMessage.id)
                )
            )
            .scalars()
            .all()
        )
    subjects = ["Your test result", "Your appeal was upheld", "Your test result was re-scored"]
    assert [m.subject for m in mails] == subjects
    assert "Decision: The key was wrong." in mails[1].body
    assert "Result: passed. Correct answers: 30." in mails[2].body


async def test_moderators_decide_flags_over_http_and_scores_stay(
    client: Client, make_user: MakeUser, committed: AsyncEngine, settings: Settings
) -> None:
    await _bank()
    _, moderator = await make_user(Role.ADMIN)
    sittings = []
    for k in range(8):
        _, headers = await make_user(Role.CANDIDATE)
        state = (
            await client.post("/api/assessments/tests/legislation/sessions", json={}, headers=headers)
        ).json()
        if k == 0:
            for _ in range(20):
                await client.post(
                    f"/api/assessments/sessions/{state['id']}/events", json={"kind": "paste"}, headers=headers
                )
        await client.post(f"/api/assessments/sessions/{state['id']}/submit", headers=headers)
        sittings.append(state["id"])
    await run_jobs(settings)  # exposure counting and flagging (debounced by 10 minutes with Redis)
    made = await client.post(
        "/api/assessments/tests/legislation/flags", json={"day": date.today().isoformat()}, headers=moderator
    )
    assert made.status_code == 200
    flags = (await client.get("/api/assessments/review/flags", headers=moderator)).json()
    flagged = [f for f in flags if f["session_id"] == sittings[0]]
    assert flagged and "pastes" in flagged[0]["features"]
    async with runtime.session() as db:
        before = (await db.get(TestSession, sittings[0])).score  # type: ignore[union-attr]
    cleared = await client.post(
        f"/api/assessments/review/flags/{flagged[0]['id']}/decision",
        json={"status": "cleared", "reason": "Pasted a name into the essay box."},
        headers=moderator,
    )
    assert cleared.status_code == 200 and cleared.json()["status"] == "cleared"
    async with runtime.session() as db:
        assert (await db.get(TestSession, sittings[0])).score == before  # type: ignore[union-attr]
        assert (
            await db.execute(select(Flag.status).where(Flag.id == flagged[0]["id"]))
        ).scalar_one() == "cleared"


async def test_admin_edits_the_bank_and_grants_extra_time_over_http(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank()
    _, admin = await make_user(Role.ADMIN)
    _, candidate = await make_user(Role.CANDIDATE)
    item = {
        "key": "LEG-NEW-001",
        "type": "single",
        "tags": {"act": "constitution"},
        "content": {
            "ru": {"stem": "Столица Казахстана?", "options": ["Астана", "Алматы", "Шымкент", "Актобе"]}
        },
        "answer": {"correct": 0},
    }
    saved = await client.post("/api/assessments/banks/legislation/items", json=item, headers=admin)
    assert saved.status_code == 200 and saved.json()["outcome"] == "created"
    item_id = saved.json()["item"]["id"]
    moved = await client.patch(
        f"/api/assessments/banks/items/{item_id}/status", json={"status": "pilot"}, headers=admin
    )
    assert moved.json()["status"] == "pilot"
    exported = await client.get("/api/assessments/banks/legislation/export.csv", headers=admin)
    assert exported.status_code == 200 and "LEG-NEW-001" in exported.text
    reimport = await client.post(
        "/api/assessments/banks/legislation/import.csv", content=exported.text.encode(), headers=admin
    )
    assert reimport.status_code == 200 and reimport.json()["created"] == 0
    state = (
        await client.post("/api/assessments/tests/legislation/sessions", json={}, headers=candidate)
    ).json()
    granted = await client.post(
        f"/api/assessments/review/sessions/{state['id']}/extra-time", json={"minutes": 20}, headers=admin
    )
    assert granted.status_code == 200
    again = (await client.get(f"/api/assessments/sessions/{state['id']}", headers=candidate)).json()
    assert again["remaining_seconds"] > 55 * 60 + 19 * 60


async def test_admin_creates_and_edits_an_item_from_the_bank_pages(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank()
    _, admin = await make_user(Role.ADMIN)
    html = admin | {"accept": "text/html"}
    bank_page = await client.get("/assessments/admin/banks/legislation", headers=html)
    item = {
        "key": "LEG-PAGE-001",
        "type": "single",
        "tags": {"act": "ethics_code"},
        "content": {"kk": {"stem": "Сұрақ?", "options": ["a", "b", "c", "d"]}},
        "answer": {"correct": 1},
    }
    form = {"_csrf_token": csrf_of(bank_page.text), "item_json": json.dumps(item), "status": "draft"}
    created = await client.post(
        "/assessments/admin/banks/legislation/items", data=form, headers=html, follow_redirects=False
    )
    assert created.status_code == 303, created.text
    editor_url = created.headers["location"]
    editor = await client.get(editor_url, headers=html)
    assert editor.status_code == 200 and "LEG-PAGE-001" in editor.text
    changed = item | {"answer": {"correct": 2}}
    form = {"_csrf_token": csrf_of(editor.text), "item_json": json.dumps(changed), "status": "pilot"}
    saved = await client.post(editor_url, data=form, headers=html, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == editor_url  # never shown: same version
    api = await client.get(f"/api/assessments/banks/items/{editor_url.rsplit('/', 1)[1]}", headers=admin)
    assert (api.json()["answer"], api.json()["status"], api.json()["version"]) == ({"correct": 2}, "pilot", 1)
    bad = {"_csrf_token": csrf_of(editor.text), "item_json": "{not json", "status": "pilot"}
    assert (await client.post(editor_url, data=bad, headers=html)).status_code == 400


async def test_admin_imports_a_bank_file_from_the_bank_page(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank()
    _, admin = await make_user(Role.ADMIN)
    html = admin | {"accept": "text/html"}
    exported = (await client.get("/api/assessments/banks/legislation/export.csv", headers=admin)).text
    edited = exported.replace("LEG-CONST-001,", "LEG-CONST-900,", 1)
    page = await client.get("/assessments/admin/banks/legislation", headers=html)
    upload = await client.post(
        "/assessments/admin/banks/legislation/import",
        data={"_csrf_token": csrf_of(page.text)},
        files={"file": ("items.csv", edited.encode(), "text/csv")},
        headers=html,
        follow_redirects=False,
    )
    assert upload.status_code == 303, upload.text
    found = await client.get("/api/assessments/banks/legislation/items?q=LEG-CONST-900", headers=admin)
    assert [i["key"] for i in found.json()] == ["LEG-CONST-900"]
