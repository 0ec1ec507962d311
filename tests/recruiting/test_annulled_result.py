"""A sitting annulled on appeal stops counting in every vacancy of the candidate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.settings import Settings
from assessments.appeals import AppealService
from assessments.models import TestSession
from assessments.service import SittingService
from auth.principal import Role
from recruiting.applications import ApplicationService
from recruiting.models import CandidateResult, Score
from recruiting.scoring import ScoringService
from tests.assessments.helpers import form_items, load_bank, make_person, right_response, wrong_response
from tests.conftest import run_jobs
from tests.recruiting.conftest import make_candidate, make_world, open_vacancy
from workers import runtime
from workers.models import OutboxEvent
from workers.uow import commit

LEGISLATION = [{"test": "legislation", "weight": 1.0, "pass_mark": 30, "max_score": 55}]


async def _sit(session: AsyncSession, candidate_id: int, *, wrong: int, now: datetime) -> TestSession:
    """A submitted legislation sitting of 55 questions with the first ``wrong`` answered wrong."""
    service = SittingService(session)
    ts = await service.start_session(candidate_id, "legislation", language="ru", now=now)
    for seq, (entry, item) in enumerate(await form_items(session, ts), start=1):
        response = wrong_response(entry, item) if seq <= wrong else right_response(entry, item)
        await service.save_answer(ts.id, item.id, response, seq, candidate_id=candidate_id, now=now)
    return await service.submit_session(ts.id, candidate_id=candidate_id, now=now)


async def _ranking(vacancy_id: int) -> list[tuple[int, bool, list[str]]]:
    async with runtime.session() as session:
        rows = (
            await session.execute(
                select(Score).where(Score.vacancy_id == vacancy_id).order_by(Score.position)
            )
        ).scalars()
        return [(s.application_id, s.admitted, s.failed) for s in rows]


@pytest.mark.parametrize("earlier", [False, True], ids=["only-sitting", "earlier-sitting-stands"])
async def test_annulling_a_sitting_drops_its_result_and_reranks_the_vacancy(
    committed: AsyncEngine, settings: Settings, earlier: bool
) -> None:
    now = datetime.now(UTC)
    async with runtime.session() as session:
        world = await make_world(session)
        vacancy = await open_vacancy(world, assessments=LEGISLATION)
        people = [await make_candidate(session) for _ in range(2)]
        apply = ApplicationService(session).submit_application
        apps = [await apply(p.user_id, vacancy.id, motivation="Public service.") for p in people]
        reviewer = await make_person(session, Role.ADMIN)
        await load_bank(session)
        first = None
        if earlier:  # 35 of 55, forty days ago (past the 30-day retake wait)
            first = await _sit(session, people[0].user_id, wrong=20, now=now - timedelta(days=40))
        best = await _sit(session, people[0].user_id, wrong=0, now=now)  # 55 of 55
        await _sit(session, people[1].user_id, wrong=10, now=now)  # 45 of 55
        await commit(session)
    await run_jobs(settings)
    assert await _ranking(vacancy.id) == [(apps[0].id, True, []), (apps[1].id, True, [])]

    async with runtime.session() as session:
        appeals = AppealService(session)
        appeal = await appeals.file_appeal(
            best.id, candidate_id=people[0].user_id, kind="technical", text="The page froze."
        )
        await appeals.resolve(
            appeal.id,
            decided_by=reviewer.id,
            upheld=True,
            resolution="Fault confirmed.",
            action="void_session",
        )
        await commit(session)
    await run_jobs(settings)

    async with runtime.session() as session:
        kept = (
            await session.execute(select(CandidateResult).where(CandidateResult.user_id == people[0].user_id))
        ).scalar_one_or_none()
        annulled = (
            await session.execute(
                select(OutboxEvent.payload).where(OutboxEvent.name == "assessments.result_annulled")
            )
        ).scalar_one()
    assert (annulled["session_id"], annulled["test"]) == (best.id, "legislation")
    if first is None:
        assert kept is None and annulled["standing"] is None
        # No result any more: the candidate fails the test's pass mark and ranks below everyone admitted.
        assert await _ranking(vacancy.id) == [(apps[1].id, True, []), (apps[0].id, False, ["legislation"])]
    else:
        assert kept is not None and (kept.session_id, kept.score) == (first.id, 35.0)
        assert await _ranking(vacancy.id) == [(apps[1].id, True, []), (apps[0].id, True, [])]


async def test_annulling_a_sitting_whose_result_was_superseded_changes_nothing(db: AsyncSession) -> None:
    world = await make_world(db)
    vacancy = await open_vacancy(world, assessments=LEGISLATION)
    who = await make_candidate(db)
    await ApplicationService(db).submit_application(who.user_id, vacancy.id, motivation="Hello.")
    scoring = ScoringService(db)
    result = {"candidate_id": who.user_id, "test": "legislation", "passed": True, "theta": None}
    assert await scoring.record_result({**result, "session_id": 7, "score": 40.0}) == [vacancy.id]
    assert await scoring.annul_result({**result, "session_id": 6, "standing": None}) == []
    kept = (
        await db.execute(select(CandidateResult).where(CandidateResult.user_id == who.user_id))
    ).scalar_one()
    assert (kept.session_id, kept.score) == (7, 40.0)
