"""Sittings: the answer hot path (idempotent by seq, refused after time or submit), resume, scoring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.exposure import count_all, count_exposure
from assessments.models import Answer, Item
from assessments.rules import RetakeTooSoon, SittingClosed, now_utc
from assessments.service import SittingService, remaining_seconds
from assessments.tasks import auto_submit
from tests.assessments.helpers import form_items, load_bank, make_person, right_response, wrong_response
from workers.models import OutboxEvent


async def _start(db: AsyncSession, **kw: object) -> tuple[SittingService, int, int]:
    await load_bank(db)
    person = await make_person(db)
    service = SittingService(db)
    ts = await service.start_session(person.id, "legislation", language="ru", **kw)  # type: ignore[arg-type]
    return service, ts.id, person.id


async def test_late_retry_never_overwrites_a_newer_answer(db: AsyncSession) -> None:
    service, sid, cid = await _start(db)
    item_id = int((await service.get(sid)).form[0]["item"])
    first = await service.save_answer(sid, item_id, 1, 5, candidate_id=cid)
    newer = await service.save_answer(sid, item_id, 2, 6, candidate_id=cid)
    late = await service.save_answer(sid, item_id, 3, 5, candidate_id=cid)  # the retry of seq 5 arrives last
    again = await service.save_answer(sid, item_id, 2, 6, candidate_id=cid)  # a duplicate of seq 6
    assert (first.applied, newer.applied, late.applied, again.applied) == (True, True, False, False)
    assert late.seq == 6 and again.seq == 6
    rows = (await db.execute(select(Answer).where(Answer.session_id == sid))).scalars().all()
    assert [(a.item_id, a.response, a.seq) for a in rows] == [(item_id, 2, 6)]


async def test_answers_are_refused_after_the_deadline_and_after_submit(db: AsyncSession) -> None:
    service, sid, cid = await _start(db)
    ts = await service.get(sid)
    item_id = int(ts.form[0]["item"])
    almost = ts.deadline_at + timedelta(seconds=2)  # within the grace of a slow network
    assert (await service.save_answer(sid, item_id, 0, 1, candidate_id=cid, now=almost)).applied
    with pytest.raises(SittingClosed):
        await service.save_answer(
            sid, item_id, 1, 2, candidate_id=cid, now=ts.deadline_at + timedelta(minutes=1)
        )
    await service.submit_session(sid, candidate_id=cid)
    with pytest.raises(SittingClosed):
        await service.save_answer(sid, item_id, 1, 3, candidate_id=cid)
    stored = (await db.execute(select(Answer.response).where(Answer.session_id == sid))).scalar_one()
    assert stored == 0


async def test_answer_to_an_item_not_on_the_form_is_refused(db: AsyncSession) -> None:
    service, sid, cid = await _start(db)
    on_form = {int(e["item"]) for e in (await service.get(sid)).form}
    other = (await db.execute(select(Item.id).where(Item.id.not_in(on_form)).limit(1))).scalar_one()
    with pytest.raises(Exception, match="not part of your test"):
        await service.save_answer(sid, other, 0, 1, candidate_id=cid)
    stranger = await make_person(db)
    with pytest.raises(Exception, match="No such test session"):
        await service.save_answer(sid, next(iter(on_form)), 0, 1, candidate_id=stranger.id)


async def test_resume_returns_the_same_form_answers_and_remaining_time(db: AsyncSession) -> None:
    service, sid, cid = await _start(db, extra_time_minutes=15)
    ts = await service.get(sid)
    assert remaining_seconds(ts, ts.started_at) == (55 + 15) * 60
    item_id = int(ts.form[3]["item"])
    await service.save_answer(sid, item_id, 2, 1, candidate_id=cid)
    later = ts.started_at + timedelta(minutes=10)
    resumed = await service.start_session(cid, "legislation", language="ru", now=later)
    assert resumed.id == sid and resumed.form == ts.form
    assert remaining_seconds(resumed, later) == 60 * 60
    assert (await service.answers(sid))[item_id].response == 2


async def test_submit_applies_the_legislation_rule_of_30_overall_and_5_per_act(db: AsyncSession) -> None:
    service, sid, cid = await _start(db)
    ts = await service.get(sid)
    ethics_right = 0
    for seq, (entry, item) in enumerate(await form_items(db, ts), start=1):
        if item.tags["act"] == "ethics_code":
            # only 4 of 10 ethics questions right: 49 correct overall, but below the per-act minimum of 5
            response = right_response(entry, item) if ethics_right < 4 else wrong_response(entry, item)
            ethics_right += 1
        else:
            response = right_response(entry, item)
        await service.save_answer(sid, item.id, response, seq, candidate_id=cid)
    done = await service.submit_session(sid, candidate_id=cid)
    assert done.score is not None
    assert (done.passed, done.score["correct"]) == (False, 49)
    assert done.score["reasons"] == ["act=ethics_code: 4 correct, at least 5 required"]


async def test_submit_passes_at_exactly_30_correct_with_5_per_act(db: AsyncSession) -> None:
    service, sid, cid = await _start(db)
    ts = await service.get(sid)
    quota = {"constitution": 10, "civil_service_law": 10, "anticorruption_law": 5, "ethics_code": 5}
    for seq, (entry, item) in enumerate(await form_items(db, ts), start=1):
        act = item.tags["act"]
        good = quota[act] > 0
        quota[act] -= good
        response = right_response(entry, item) if good else wrong_response(entry, item)
        await service.save_answer(sid, item.id, response, seq, candidate_id=cid)
    done = await service.submit_session(sid, candidate_id=cid)
    assert done.score is not None
    assert (done.passed, done.score["correct"], done.score["status"]) == (True, 30, "passed")


async def test_submit_is_idempotent_and_announces_the_result_once(db: AsyncSession) -> None:
    service, sid, cid = await _start(db)
    first = await service.submit_session(sid, candidate_id=cid)
    second = await service.submit_session(sid, candidate_id=cid)
    assert first.submitted_at == second.submitted_at and first.status == "submitted"
    events = (
        (await db.execute(select(OutboxEvent).where(OutboxEvent.name == "assessments.result_recorded")))
        .scalars()
        .all()
    )
    assert [e.payload["session_id"] for e in events] == [sid]
    assert events[0].payload == {
        "session_id": sid,
        "candidate_id": cid,
        "test": "legislation",
        "passed": False,
        "score": 0.0,
        "correct": 0,
        "theta": None,  # the seed bank is not calibrated
        "theta_se": None,
        "rescored": False,
    }


async def test_an_expired_sitting_is_submitted_on_access_and_a_retake_waits_30_days(db: AsyncSession) -> None:
    service, sid, cid = await _start(db)
    ts = await service.get(sid)
    late = ts.deadline_at + timedelta(minutes=5)
    with pytest.raises(RetakeTooSoon, match="from"):
        await service.start_session(cid, "legislation", language="ru", now=late)
    assert (await service.get(sid)).submitted_by == "deadline"
    retake = await service.start_session(
        cid, "legislation", language="kk", now=ts.started_at + timedelta(days=30)
    )
    assert retake.id != sid and retake.status == "open"


async def test_forms_spread_exposure_and_shuffle_options(db: AsyncSession) -> None:
    service, sid, _ = await _start(db)
    other = await make_person(db)
    ts2 = await service.start_session(other.id, "legislation", language="en", now=now_utc())
    ts1 = await service.get(sid)
    assert len(ts1.form) == 55 and len({e["item"] for e in ts1.form}) == 55
    assert [e["item"] for e in ts1.form] != [e["item"] for e in ts2.form]
    assert await count_exposure(db, ts1.test_id) == 2  # the batched job after the starts commit
    assert await count_exposure(db, ts1.test_id) == 0  # a second run (or a retry) counts nothing twice
    first = int(ts1.form[0]["item"])
    exposure = (await db.execute(select(Item.exposure).where(Item.id == first))).scalar_one()
    assert exposure == 1 + any(int(e["item"]) == first for e in ts2.form)


async def test_the_auto_submit_job_submits_only_once_the_time_is_up(db: AsyncSession) -> None:
    await load_bank(db)
    person = await make_person(db)
    service = SittingService(db)
    early = await service.start_session(person.id, "legislation", language="ru")
    await auto_submit(db, early.id)  # fired too early (e.g. after extra time was granted): nothing happens
    assert (await service.get(early.id)).status == "open"
    other = await make_person(db)
    late = await service.start_session(
        other.id, "legislation", language="ru", now=now_utc() - timedelta(hours=1)
    )
    await auto_submit(db, late.id)
    done = await service.get(late.id)
    assert (done.status, done.submitted_by, done.passed) == ("submitted", "deadline", False)


async def test_the_periodic_safety_nets_submit_expired_sittings_and_count_exposure(db: AsyncSession) -> None:
    await load_bank(db)
    service = SittingService(db)
    past = now_utc() - timedelta(hours=2)
    stale = await service.start_session((await make_person(db)).id, "legislation", language="ru", now=past)
    fresh = await service.start_session((await make_person(db)).id, "legislation", language="ru")
    assert await service.settle_expired() == 1
    assert ((await service.get(stale.id)).status, (await service.get(fresh.id)).status) == (
        "submitted",
        "open",
    )
    assert await count_all(db) == 2 and await count_all(db) == 0
