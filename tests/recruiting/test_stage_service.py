"""Ranking, shortlists with ties, blind commission scoring, the decision and identity reveals."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from sqlalchemy import select

from app.settings import Settings
from auth.audit.models import AuditEntry
from recruiting.applications import ApplicationService
from recruiting.commission import CommissionService, reviewer_order
from recruiting.errors import Conflict, Forbidden, Invalid
from recruiting.models import Application, Reserve, Reveal, Score
from recruiting.reports import ReportService
from recruiting.stages import StageService
from tests.recruiting.conftest import PERSON, World, make_candidate, open_vacancy
from tests.recruiting.flows import ranked_contest
from workers.models import OutboxEvent


async def test_rerank_orders_by_composite_and_marks_failed_pass_marks(world: World) -> None:
    contest = await ranked_contest(world, [60, 90, 40, 75])
    rows = (
        await world.session.execute(
            select(Score).where(Score.vacancy_id == contest.vacancy.id).order_by(Score.position)
        )
    ).scalars()
    ranked = list(rows)
    by_id = {a.id: i for i, a in enumerate(contest.apps)}
    assert [by_id[s.application_id] for s in ranked] == [1, 3, 0, 2]
    assert [s.admitted for s in ranked] == [True, True, True, False]
    assert ranked[-1].failed == ["legislation"]


async def test_interview_shortlist_takes_top_three_and_everyone_tied(world: World) -> None:
    contest = await ranked_contest(world, [90, 80, 70, 70, 60, 55])
    stages = StageService(world.session)
    preview = await stages.shortlist(world.hr, contest.vacancy.id, "interview", apply=False)
    assert len(preview.taken) == 4 and len(preview.left) == 2
    assert all(a.status == "eligible" for a in contest.apps)
    made = await stages.shortlist(world.hr, contest.vacancy.id, "interview", apply=True)
    assert made.taken == preview.taken
    assert [a.status for a in contest.apps] == ["interview"] * 4 + ["rejected"] * 2


async def test_shortlist_warns_when_a_group_falls_under_four_fifths(world: World) -> None:
    genders = ["male"] * 10 + ["female"] * 10
    scores = [90.0 - i for i in range(10)] + [60.0 - i for i in range(10)]
    contest = await ranked_contest(world, scores, genders=genders)
    preview = await StageService(world.session).shortlist(
        world.hr, contest.vacancy.id, "interview", apply=False
    )
    assert preview.warning is not None and "female" in preview.warning


async def test_shortlist_needs_the_vacancy_closed(world: World) -> None:
    vacancy = await open_vacancy(world)
    with pytest.raises(Conflict):
        await StageService(world.session).shortlist(world.hr, vacancy.id, "interview", apply=False)


async def _interviewed(world: World) -> list[Application]:
    contest = await ranked_contest(world, [90, 80, 70, 20])
    await StageService(world.session).shortlist(world.hr, contest.vacancy.id, "interview", apply=True)
    return contest.apps


async def test_commission_order_is_shuffled_per_reviewer_and_stable() -> None:
    ids = list(range(1, 30))
    a1, a2 = reviewer_order(1, 7, "Q1", ids), reviewer_order(1, 7, "Q1", list(reversed(ids)))
    b = reviewer_order(2, 7, "Q1", ids)
    assert a1 == a2 and a1 != b and sorted(b) == ids


async def test_peers_scores_stay_hidden_until_every_member_has_scored(world: World) -> None:
    apps = await _interviewed(world)
    answers = ApplicationService(world.session)
    for app in apps[:3]:
        await answers.submit_answer(app.user_id, app.id, question="Q1", text="Цифровизация госуслуг важна.")
        await answers.anonymize_application(app.id)
    commission = CommissionService(world.session)
    first, second = world.panel
    queue = await commission.queue(first, apps[0].vacancy_id, "interview")
    assert {i.code for i in queue["Q1"]} == {a.code for a in apps[:3]}
    await commission.score(first, apps[0].id, question="Q1", criteria={"clarity": 5, "substance": 4})
    mine = next(
        i
        for i in (await commission.queue(second, apps[0].vacancy_id, "interview"))["Q1"]
        if i.application_id == apps[0].id
    )
    assert mine.mine is None and mine.peers_mean is None and not mine.complete
    await commission.score(second, apps[0].id, question="Q1", criteria={"clarity": 3, "substance": 4})
    done = next(
        i
        for i in (await commission.queue(first, apps[0].vacancy_id, "interview"))["Q1"]
        if i.application_id == apps[0].id
    )
    assert done.complete and done.peers_mean == pytest.approx(4.0)
    with pytest.raises(Conflict):
        await commission.score(first, apps[0].id, question="Q1", criteria={"clarity": 1})
    with pytest.raises(Invalid):
        await commission.score(second, apps[1].id, question="Q1", criteria={"clarity": 6})
    with pytest.raises(Forbidden):
        await commission.score(world.hr, apps[1].id, question="Q1", criteria={"clarity": 3})


async def test_decision_hires_one_reserves_others_and_emits_hired(world: World) -> None:
    apps = await _interviewed(world)
    vacancy = await StageService(world.session).decide(
        world.hr, apps[0].vacancy_id, selected=apps[0].code, reserve=[apps[1].code]
    )
    assert vacancy.status == "decided"
    assert [a.status for a in apps] == ["selected", "reserve", "rejected", "rejected"]
    reserve = (await world.session.execute(select(Reserve))).scalars().one()
    assert reserve.application_id == apps[1].id
    events = (
        await world.session.execute(
            select(OutboxEvent).where(OutboxEvent.name == "recruiting.candidate_hired")
        )
    ).scalars()
    assert [e.payload for e in events] == [
        {"user_id": apps[0].user_id, "body_id": world.body_id, "vacancy_id": vacancy.id}
    ]


async def test_reveal_only_after_decision_for_finalists_with_reason_and_audited(
    world: World, settings: Settings
) -> None:
    apps = await _interviewed(world)
    stages = StageService(world.session)
    reason = "Appointment order needs the full name."
    with pytest.raises(Conflict):
        await stages.reveal_identity(world.hr, apps[0].id, reason=reason)
    await stages.decide(world.hr, apps[0].vacancy_id, selected=apps[0].code, reserve=[])
    with pytest.raises(Conflict):
        await stages.reveal_identity(world.hr, apps[2].id, reason=reason)
    with pytest.raises(Invalid):
        await stages.reveal_identity(world.hr, apps[0].id, reason="why")
    shown = await stages.reveal_identity(world.hr, apps[0].id, reason=reason)
    assert shown["code"] == apps[0].code and "full_name" in shown
    reveal = (await world.session.execute(select(Reveal))).scalars().one()
    assert (reveal.actor_id, reveal.reason) == (world.hr.user_id, reason)
    audited = (
        (
            await world.session.execute(
                select(AuditEntry).where(AuditEntry.action == "recruiting.identity_revealed")
            )
        )
        .scalars()
        .one()
    )
    assert audited.actor == str(world.hr.user_id) and audited.details["reason"] == reason
    assert [r.id for r, _c, _v in await stages.reveal_log()] == [reveal.id]


async def test_hr_views_never_carry_personal_data(world: World) -> None:
    vacancy = await open_vacancy(world)
    service = ApplicationService(world.session)
    people = [await make_candidate(world.session, pii=dict(PERSON))] + [
        await make_candidate(world.session) for _ in range(3)
    ]
    motivation = (
        f"Я {PERSON['full_name']}, тел. {PERSON['phone']}, почта {PERSON['email']}, ИИН {PERSON['iin']}."
    )
    apps = [await service.submit_application(p.user_id, vacancy.id, motivation=motivation) for p in people]
    for app in apps:
        await service.anonymize_application(app.id)
    reports = ReportService(world.session)
    listing = await reports.applicants(world.hr, vacancy.id)
    dumped = json.dumps([asdict(r) for r in listing.rows], ensure_ascii=False)
    dumped += json.dumps(await reports.profile(world.hr, apps[0].id), ensure_ascii=False, default=str)
    for secret in (
        PERSON["full_name"],
        "Нұрланова",
        PERSON["iin"],
        PERSON["email"],
        "234 5678",
        PERSON["birth_date"],
    ):
        assert secret not in dumped
    assert apps[0].code in dumped and "at least 3" in listing.note


async def test_hr_stage_action_follows_the_machine_and_leaves_the_decision_alone(world: World) -> None:
    contest = await ranked_contest(world, [90, 80])
    stages = StageService(world.session)
    first, second = contest.apps
    with pytest.raises(Invalid):
        await stages.set_status(world.hr, first.id, "selected", "")
    with pytest.raises(Conflict):
        await stages.set_status(world.hr, first.id, "submitted", "")
    done = await stages.set_status(world.hr, second.id, "rejected", "documents incomplete")
    assert done.status == "rejected"
    with pytest.raises(Forbidden):
        await stages.set_status(world.panel[0], first.id, "rejected", "")
