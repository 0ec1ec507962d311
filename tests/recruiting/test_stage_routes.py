"""A competition over HTTP: results arrive, HR shortlists, the commission reads blind, HR decides, reveals."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from app.settings import Settings
from auth.principal import Role
from tests.auth_fixtures import MakeBody, MakeUser
from tests.conftest import run_jobs
from tests.recruiting.conftest import PERSON
from tests.recruiting.test_recruiting_routes import SECRETS, _candidate, vacancy_body
from workers import runtime
from workers.outbox import emit
from workers.uow import commit

Client = AsyncTestClient


async def _results(scores: dict[int, float]) -> None:
    async with runtime.session() as session:
        for user_id, score in scores.items():
            payload = {"session_id": 1, "candidate_id": user_id, "test": "legislation", "passed": score >= 50}
            await emit(session, "assessments.result_recorded", {**payload, "score": score, "theta": None})
        await commit(session)


async def _competition(client: Client, make_user: MakeUser, make_body: MakeBody) -> tuple[Any, ...]:
    """A published vacancy with a panel of two and four applicants (the first is PERSON)."""
    body = await make_body(region_code="AST")
    _h, hr = await make_user(Role.HR_OFFICER, body.id)
    members = [await make_user(Role.COMMISSION_MEMBER, body.id) for _ in range(2)]
    _a, auditor = await make_user(Role.AUDITOR)
    spec = vacancy_body(body.id, commission=[u.id for u, _ in members])
    vid = (await client.post("/api/recruiting/hr/vacancies", json=spec, headers=hr)).json()["id"]
    await client.post(f"/api/recruiting/hr/vacancies/{vid}/publish", headers=hr)
    people = []
    for i in range(4):
        headers = await _candidate(client, make_user, dict(PERSON) if i == 0 else {"full_name": f"P {i}"})
        me = (await client.get("/api/auth/me", headers=headers)).json()["user_id"]
        url = f"/api/recruiting/vacancies/{vid}/applications"
        files = {"cv": ("cv.txt", f"CV of {PERSON['full_name']}".encode(), "text/plain")}
        applied = await client.post(url, data={"motivation": "Motivated."}, files=files, headers=headers)
        people.append((me, headers, applied.json()))
    return vid, hr, members, auditor, people


async def test_competition_from_results_to_reveal(
    client: Client, make_user: MakeUser, make_body: MakeBody, settings: Settings
) -> None:
    vid, hr, members, auditor, people = await _competition(client, make_user, make_body)
    await _results({me: score for (me, _h, _a), score in zip(people, (90.0, 80.0, 70.0, 60.0), strict=True)})
    await run_jobs(settings)
    ranked = (await client.get(f"/api/recruiting/hr/vacancies/{vid}/applicants", headers=hr)).json()
    assert [r["code"] for r in ranked["applicants"]] == [a["code"] for _m, _h, a in people]
    await client.post(f"/api/recruiting/hr/vacancies/{vid}/close", headers=hr)
    cut = await client.post(
        f"/api/recruiting/hr/vacancies/{vid}/shortlist",
        json={"stage": "interview", "apply": True},
        headers=hr,
    )
    assert cut.status_code == 200 and len(cut.json()["taken"]) == 3
    winner = people[0]
    answer = await client.post(
        f"/api/recruiting/applications/{winner[2]['id']}/answers",
        json={"question": "Why us?", "text": f"Я {PERSON['full_name']}, звоните {PERSON['phone']}."},
        headers=winner[1],
    )
    assert answer.status_code == 201, answer.text
    await run_jobs(settings)
    queue = await client.get(f"/api/recruiting/commission/vacancies/{vid}/interview", headers=members[0][1])
    assert queue.status_code == 200 and winner[2]["code"] in queue.text
    page = await client.get(f"/commission/vacancies/{vid}/interview", headers=members[0][1])
    for text in (queue.text, page.text):
        assert all(secret not in text for secret in SECRETS)
    early = await client.post(
        f"/api/recruiting/hr/applications/{winner[2]['id']}/reveal",
        json={"reason": "Appointment order"},
        headers=hr,
    )
    assert early.status_code == 409
    decision = {"selected": winner[2]["code"], "reserve": [people[1][2]["code"]]}
    decided = await client.post(f"/api/recruiting/hr/vacancies/{vid}/decision", json=decision, headers=hr)
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    shown = await client.post(
        f"/api/recruiting/hr/applications/{winner[2]['id']}/reveal",
        json={"reason": "Appointment order"},
        headers=hr,
    )
    assert shown.status_code == 200 and shown.json()["full_name"] == PERSON["full_name"]
    log = (await client.get("/api/recruiting/audit/reveals", headers=auditor)).json()
    assert [(r["application_code"], r["reason"]) for r in log] == [(winner[2]["code"], "Appointment order")]
    mine = (await client.get("/api/recruiting/applications/mine", headers=winner[1])).json()[0]
    assert mine["status"] == "selected"
    assert (await client.get("/my/applications", headers=winner[1])).status_code == 200
