"""Essays of a test sitting: pending → anonymised to the commission → two blind scores → the final result."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import catalog
from app.settings import Settings
from assessments.essays import ESSAYS_SCORED, ESSAYS_SUBMITTED
from assessments.events import RESULT_RECORDED
from assessments.models import TestSession
from assessments.service import SittingService
from auth.audit.models import AuditEntry
from auth.mail import mail_dir
from auth.principal import Grant, Role
from recruiting.errors import Conflict, Forbidden
from recruiting.essays import EssayReviewService
from recruiting.models import AssessmentEssay
from recruiting.profiles import ProfileService
from tests.assessments.helpers import load_bank
from tests.auth_fixtures import MakeBody, MakeUser
from tests.browser.helpers import newest_mail_to
from tests.conftest import run_jobs
from tests.recruiting.conftest import PERSON, World, make_candidate, new_user
from workers import runtime
from workers.models import OutboxEvent
from workers.outbox import subscribers
from workers.uow import commit

ROOT = Path(__file__).resolve().parents[2]
HTML = {"accept": "text/html"}

ESSAY = (
    "Меня зовут Айгерім Нұрланова, ИИН 900515450128, телефон +7 701 234 5678. "
    "Сначала я опрошу жителей и проверю, работает ли в селе интернет и ЦОН. "
    "Затем организую выездной приём и обучение работе с egov.kz."
)


async def _deliver(db: AsyncSession, event: str) -> list[dict[str, Any]]:
    """Hand every stored ``event`` to its subscribers, as the outbox relay would after commit."""
    payloads = list(
        (await db.execute(select(OutboxEvent.payload).where(OutboxEvent.name == event))).scalars()
    )
    for payload in payloads:
        for handler in subscribers(event).values():
            await handler(db, payload)
    return payloads


async def _sit_essays(world: World, text: str = ESSAY) -> TestSession:
    """A candidate (with the PERSON vault record) writes both essays of the seeded essay test and submits."""
    db = world.session
    await load_bank(db, "written_reasoning")
    candidate = await make_candidate(db, pii=PERSON)
    service = SittingService(db)
    ts = await service.start_session(candidate.user_id, "written_reasoning", language="ru")
    for seq, entry in enumerate(ts.form, start=1):
        await service.save_answer(ts.id, int(entry["item"]), text, seq, candidate_id=candidate.user_id)
    return await service.submit_session(ts.id, candidate_id=candidate.user_id)


async def test_essays_scored_blind_by_two_reviewers_finish_the_sitting(world: World) -> None:
    db = world.session
    ts = await _sit_essays(world)
    assert ts.score is not None and ts.score["status"] == "pending" and len(ts.score["pending"]) == 2
    assert await _deliver(db, RESULT_RECORDED) == []  # no result while the essays wait for the commission
    sent = await _deliver(db, ESSAYS_SUBMITTED)
    assert len(sent) == 1 and len(sent[0]["essays"]) == 2

    first, second = world.panel
    queue = await EssayReviewService(db).queue(first)
    essays = [e for items in queue.values() for e in items]
    assert len(essays) == 2 and all(e.mine is None and e.peers_mean is None for e in essays)
    for essay in essays:
        await EssayReviewService(db).score(first, essay.id, points=4)
    assert await _deliver(db, ESSAYS_SCORED) == []  # one reviewer is not enough
    for essay in essays:
        await EssayReviewService(db).score(second, essay.id, points=3)

    scored = await _deliver(db, ESSAYS_SCORED)
    assert len(scored) == 1 and set(scored[0]["points"].values()) == {3.5}
    await db.refresh(ts)
    assert ts.score is not None
    assert ts.score["status"] == "passed" and ts.passed is True  # 7 of 10 points, pass mark 5
    assert ts.score["total"] == 7.0 and ts.score["pending"] == []
    (result,) = (
        await db.execute(select(OutboxEvent.payload).where(OutboxEvent.name == RESULT_RECORDED))
    ).scalars()
    assert result["session_id"] == ts.id and result["passed"] is True and result["score"] == 7.0
    audited = (
        await db.execute(select(AuditEntry).where(AuditEntry.action == "recruiting.essay_scored"))
    ).scalars()
    assert len(list(audited)) == 4


async def test_low_essay_points_fail_the_sitting(world: World) -> None:
    db = world.session
    ts = await _sit_essays(world)
    await _deliver(db, ESSAYS_SUBMITTED)
    for reviewer in world.panel:
        for items in (await EssayReviewService(db).queue(reviewer)).values():
            for essay in items:
                await EssayReviewService(db).score(reviewer, essay.id, points=1)
    await _deliver(db, ESSAYS_SCORED)
    await db.refresh(ts)
    assert ts.score is not None and ts.score["status"] == "failed" and ts.score["total"] == 2.0


async def test_reviewer_never_sees_the_candidates_name_or_iin(world: World) -> None:
    db = world.session
    await _sit_essays(world)
    await _deliver(db, ESSAYS_SUBMITTED)
    stored = " ".join((await db.execute(select(AssessmentEssay.text_anon))).scalars())
    shown = " ".join(
        e.text for items in (await EssayReviewService(db).queue(world.panel[0])).values() for e in items
    )
    for text in (stored, shown):
        assert "Нұрланова" not in text and "Айгерім" not in text and "900515450128" not in text
        assert "234 5678" not in text and "выездной приём" in text
    assert "[IIN]" in shown and "[PERSON]" in shown


async def test_peers_scores_stay_hidden_until_all_are_in(world: World) -> None:
    db = world.session
    await _sit_essays(world)
    await _deliver(db, ESSAYS_SUBMITTED)
    first, second = world.panel
    essay = next(iter((await EssayReviewService(db).queue(first)).values()))[0]
    await EssayReviewService(db).score(first, essay.id, points=5)
    seen = {e.id: e for items in (await EssayReviewService(db).queue(second)).values() for e in items}
    assert seen[essay.id].mine is None and seen[essay.id].peers_mean is None and not seen[essay.id].complete
    mine = {e.id: e for items in (await EssayReviewService(db).queue(first)).values() for e in items}
    assert mine[essay.id].mine == 5 and mine[essay.id].peers_mean is None  # not even my own as a "mean"
    after = await EssayReviewService(db).score(second, essay.id, points=2)
    assert after.complete and after.peers_mean == 3.5
    with pytest.raises(Conflict):
        await EssayReviewService(db).score(first, essay.id, points=1)  # a score is given once
    third = await new_user(db, grants=(Grant(Role.COMMISSION_MEMBER, world.body_id),))
    with pytest.raises(Conflict):
        await EssayReviewService(db).score(third, essay.id, points=1)  # it already has its two scores


async def test_scoring_needs_the_commission_role(world: World) -> None:
    db = world.session
    await _sit_essays(world)
    await _deliver(db, ESSAYS_SUBMITTED)
    essay_id = (await db.execute(select(AssessmentEssay.id).limit(1))).scalar_one()
    with pytest.raises(Forbidden):
        await EssayReviewService(db).score(world.hr, essay_id, points=3)
    with pytest.raises(Forbidden):
        await EssayReviewService(db).queue(world.auditor)


async def test_blank_essays_score_zero_without_the_commission(world: World) -> None:
    db = world.session
    ts = await _sit_essays(world, text="   ")
    assert await _deliver(db, ESSAYS_SUBMITTED) == []
    assert ts.score is not None and ts.score["status"] == "failed" and ts.score["total"] == 0.0
    assert len(await _deliver(db, RESULT_RECORDED)) == 1


async def test_essay_pages_and_api_are_blind_and_role_guarded(
    client: Any, make_user: MakeUser, make_body: MakeBody, settings: Settings
) -> None:
    async with runtime.session() as db:
        await load_bank(db, "written_reasoning")
        await commit(db)
    user, candidate = await make_user(Role.CANDIDATE)
    async with runtime.session() as db:
        await ProfileService(db).save_personal_data(user.id, PERSON)
        await commit(db)
    body = await make_body(region_code="AST")
    reviewers = [(await make_user(Role.COMMISSION_MEMBER, body.id))[1] for _ in range(2)]
    _hr, hr = await make_user(Role.HR_OFFICER, body.id)
    started = await client.post(
        "/api/assessments/tests/written_reasoning/sessions", json={"language": "ru"}, headers=candidate
    )
    assert started.status_code == 201, started.text
    state = started.json()
    for seq, q in enumerate(state["questions"], start=1):
        url = f"/api/assessments/sessions/{state['id']}/answers/{q['item_id']}"
        assert (
            await client.put(url, json={"response": ESSAY, "seq": seq}, headers=candidate)
        ).status_code == 200
    submitted = await client.post(f"/api/assessments/sessions/{state['id']}/submit", headers=candidate)
    assert submitted.status_code in (200, 201), submitted.text
    await run_jobs(settings)

    api = "/api/recruiting/commission/essays/"
    for outsider in (hr, candidate):
        assert (await client.get(api, headers=outsider)).status_code == 403
        assert (await client.get("/commission/essays/", headers=outsider | HTML)).status_code == 403
    assert (await client.get(api)).status_code == 401
    queue = (await client.get(api, headers=reviewers[0])).json()
    essays = [e for items in queue.values() for e in items]
    assert len(essays) == 2
    assert (
        await client.post(f"{api}{essays[0]['id']}/scores", json={"points": 3}, headers=hr)
    ).status_code == 403
    page = await client.get("/commission/essays/", headers=reviewers[0] | HTML)
    assert page.status_code == 200 and essays[0]["code"] in page.text and 'type="radio"' in page.text
    for text in (page.text, str(queue)):
        for secret in ("Нұрланова", "Айгерім", PERSON["iin"], "234 5678", user.display_name, user.email):
            assert secret not in text, secret

    for n, reviewer in enumerate(reviewers):
        for essay in essays:
            scored = await client.post(f"{api}{essay['id']}/scores", json={"points": 4 + n}, headers=reviewer)
            assert scored.status_code == 201, scored.text
            assert scored.json()["complete"] is bool(n) and scored.json()["peers_mean"] == (
                4.5 if n else None
            )
    await run_jobs(settings)
    result = await client.get(f"/api/assessments/sessions/{state['id']}", headers=candidate)
    assert result.status_code == 200, result.text
    async with runtime.session() as db:
        ts = await db.get(TestSession, state["id"])
        assert ts is not None and ts.score is not None
        assert ts.score["status"] == "passed" and ts.score["total"] == 9.0
    mail = await newest_mail_to(mail_dir(settings.var_dir), user.email)  # the candidate is told
    assert f"/assessments/sessions/{state['id']}/result" in mail


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_essay_review_page_has_kk_and_ru_translations(lang: str) -> None:
    template = ROOT / "recruiting" / "templates" / "recruiting" / "essays.html"
    wanted = set(re.findall(r'_\("([^"]+)"\)', template.read_text(encoding="utf-8")))
    table = catalog(lang, ("recruiting",))
    assert len(wanted) >= 7 and sorted(m for m in wanted if not table.get(m)) == []
