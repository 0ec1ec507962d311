"""The candidate's HTTP journey: start, answer (idempotent by seq), reload, submit, result, verify."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from assessments.models import Item
from auth.principal import Role
from tests.assessments.helpers import load_bank, right_response
from tests.auth_fixtures import MakeUser
from workers import runtime
from workers.uow import commit

Client = AsyncTestClient[Any]


async def _bank() -> None:
    async with runtime.session() as db:
        await load_bank(db)
        await commit(db)


async def _items(ids: list[int]) -> dict[int, Item]:
    async with runtime.session() as db:
        return {i: await db.get(Item, i) for i in ids}  # type: ignore[misc]


async def test_candidate_answers_are_saved_idempotently_and_survive_a_reload(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank()
    _, headers = await make_user(Role.CANDIDATE)
    started = await client.post(
        "/api/assessments/tests/legislation/sessions", json={"language": "ru"}, headers=headers
    )
    assert started.status_code == 201, started.text
    state = started.json()
    sid, first = state["id"], state["questions"][0]["item_id"]
    assert len(state["questions"]) == 55 and 55 * 60 - 5 <= state["remaining_seconds"] <= 55 * 60
    url = f"/api/assessments/sessions/{sid}/answers/{first}"
    newer = await client.put(url, json={"response": 2, "seq": 11}, headers=headers)
    stale = await client.put(url, json={"response": 1, "seq": 10}, headers=headers)
    assert newer.json() == {"saved": True, "seq": 11} and stale.json() == {"saved": True, "seq": 11}
    again = await client.post(
        "/api/assessments/tests/legislation/sessions", json={"language": "ru"}, headers=headers
    )
    assert again.json()["id"] == sid
    reloaded = (await client.get(f"/api/assessments/sessions/{sid}", headers=headers)).json()
    assert reloaded["questions"][0] == state["questions"][0] | {"response": 2, "seq": 11}
    assert reloaded["answered"] == 1 and reloaded["remaining_seconds"] <= state["remaining_seconds"]
    page = await client.get(f"/assessments/sessions/{sid}", headers=headers | {"accept": "text/html"})
    assert page.status_code == 200
    assert f'id="a{first}-2" name="a{first}" value="2" checked' in page.text
    remaining = int(re.search(r'data-remaining="(\d+)"', page.text).group(1))  # type: ignore[union-attr]
    assert 55 * 60 - 10 <= remaining <= 55 * 60
    assert "Time left" in page.text  # the account's language (English for the fixture user)
    client.cookies.set("adal_lang", "ru")
    russian = await client.get(f"/assessments/sessions/{sid}", headers=headers | {"accept": "text/html"})
    assert "Осталось времени" in russian.text and "Все ответы сохранены" in russian.text


async def test_other_candidates_cannot_see_or_answer_a_sitting(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank()
    _, owner = await make_user(Role.CANDIDATE)
    _, intruder = await make_user(Role.CANDIDATE)
    state = (await client.post("/api/assessments/tests/legislation/sessions", json={}, headers=owner)).json()
    item = state["questions"][0]["item_id"]
    assert (await client.get(f"/api/assessments/sessions/{state['id']}", headers=intruder)).status_code == 404
    put = await client.put(
        f"/api/assessments/sessions/{state['id']}/answers/{item}",
        json={"response": 0, "seq": 1},
        headers=intruder,
    )
    assert put.status_code == 404
    assert (await client.get(f"/api/assessments/sessions/{state['id']}")).status_code == 401


async def test_submitted_sitting_refuses_answers_and_shows_result_certificate_and_verify_page(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank()
    user, headers = await make_user(Role.CANDIDATE)
    state = (
        await client.post(
            "/api/assessments/tests/legislation/sessions", json={"language": "en"}, headers=headers
        )
    ).json()
    sid = state["id"]
    items = await _items([q["item_id"] for q in state["questions"]])
    async with runtime.session() as db:
        from assessments.service import SittingService

        ts = await SittingService(db).get(sid)
        entries = {int(e["item"]): e for e in ts.form}
    for n, q in enumerate(state["questions"], start=1):
        response = right_response(entries[q["item_id"]], items[q["item_id"]])
        saved = await client.put(
            f"/api/assessments/sessions/{sid}/answers/{q['item_id']}",
            json={"response": response, "seq": n},
            headers=headers,
        )
        assert saved.status_code == 200
    result = (await client.post(f"/api/assessments/sessions/{sid}/submit", headers=headers)).json()
    assert (result["status"], result["passed"], result["correct"]) == ("passed", True, 55)
    late = await client.put(
        f"/api/assessments/sessions/{sid}/answers/{state['questions'][0]['item_id']}",
        json={"response": 0, "seq": 999},
        headers=headers,
    )
    assert late.status_code == 409 and "submitted" in late.json()["detail"]
    pdf = await client.get(f"/api/assessments/sessions/{sid}/certificate.pdf?lang=kk", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = await client.get(f"/assessments/sessions/{sid}/result", headers=headers | {"accept": "text/html"})
    assert result["certificate_code"] in page.text
    public = await client.get(f"/verify/{result['certificate_code']}")
    assert public.status_code == 200
    assert (
        user.display_name in public.text and "Заңнаманы білуге тестілеу" in public.text
    )  # Kazakh by default
    assert user.email not in public.text and "55 / 55" not in public.text
    forged = await client.get("/verify/ADL-N0000-0000-0000")
    assert forged.status_code == 404


async def test_staff_routes_admit_only_their_roles(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    await _bank()
    _, candidate = await make_user(Role.CANDIDATE)
    _, admin = await make_user(Role.ADMIN)
    _, auditor = await make_user(Role.AUDITOR)
    _, staff = await make_user(Role.STAFF)
    assert (
        await client.get("/api/assessments/tests", headers=staff)
    ).status_code == 200  # civil servants sit tests
    assert (await client.get("/api/assessments/tests", headers=auditor)).status_code == 403
    assert (
        await client.get("/api/assessments/banks/legislation/items", headers=candidate)
    ).status_code == 403
    assert (await client.get("/api/assessments/review/flags", headers=candidate)).status_code == 403
    assert (await client.get("/api/assessments/banks/legislation/items", headers=auditor)).status_code == 403
    listed = await client.get("/api/assessments/banks/legislation/items?status=active", headers=admin)
    assert listed.status_code == 200 and len(listed.json()) >= 150
    assert (
        await client.get("/api/assessments/tests/legislation/analysis", headers=auditor)
    ).status_code == 200
    html = {"accept": "text/html"}
    for path in (
        "/assessments/admin",
        "/assessments/admin/banks/legislation",
        "/assessments/admin/moderation",
        "/assessments/admin/appeals",
        "/assessments/admin/tests/legislation/analysis",
        f"/assessments/admin/items/{listed.json()[0]['id']}",
    ):
        page = await client.get(path, headers=admin | html)
        assert page.status_code == 200, path
