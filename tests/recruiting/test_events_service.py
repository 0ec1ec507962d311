"""Jobs and events really committed: anonymisation after submit, re-rank on an assessment result."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from recruiting.applications import ApplicationService
from recruiting.models import Application, Score
from tests.conftest import run_jobs
from tests.recruiting.conftest import make_candidate, make_world, open_vacancy
from workers import runtime
from workers.outbox import emit
from workers.uow import commit


async def _setup() -> tuple[int, list[int], list[int]]:
    async with runtime.session() as session:
        world = await make_world(session)
        vacancy = await open_vacancy(world)
        people = [await make_candidate(session) for _ in range(3)]
        service = ApplicationService(session)
        apps = [
            await service.submit_application(p.user_id, vacancy.id, motivation="Тел. +7 701 234 5678.")
            for p in people
        ]
        await commit(session)
        return vacancy.id, [p.user_id for p in people], [a.id for a in apps]


async def test_submitted_texts_are_anonymized_by_the_job(committed: AsyncEngine, settings: Settings) -> None:
    _vacancy, _users, app_ids = await _setup()
    await run_jobs(settings)
    async with runtime.session() as session:
        app = await session.get(Application, app_ids[0])
        assert app is not None and app.anonymized_at is not None
        assert app.motivation_anon is not None and "234 5678" not in app.motivation_anon


async def test_result_event_reranks_the_candidates_open_vacancies(
    committed: AsyncEngine, settings: Settings
) -> None:
    vacancy_id, users, app_ids = await _setup()
    async with runtime.session() as session:
        for user, score in zip(users, (55.0, 95.0, 75.0), strict=True):
            for test, value in (("legislation", score), ("personal_qualities", 60.0)):
                payload = {"session_id": 1, "candidate_id": user, "test": test, "passed": True}
                await emit(session, "assessments.result_recorded", {**payload, "score": value, "theta": 0.0})
        await commit(session)
    await run_jobs(settings)
    async with runtime.session() as session:
        rows = (
            await session.execute(
                select(Score).where(Score.vacancy_id == vacancy_id).order_by(Score.position)
            )
        ).scalars()
        assert [s.application_id for s in rows] == [app_ids[1], app_ids[2], app_ids[0]]


async def test_publishing_mails_fitting_candidates_through_the_event(
    committed: AsyncEngine, settings: Settings
) -> None:
    async with runtime.session() as session:
        world = await make_world(session)
        await make_candidate(session, pii={"email": "match-me@example.kz"})
        await commit(session)
    before = set((settings.var_dir / "mail").glob("*.eml")) if (settings.var_dir / "mail").exists() else set()
    async with runtime.session() as session:
        world.session = session
        await open_vacancy(world)
        await commit(session)
    await run_jobs(settings)
    sent = [p.read_text() for p in set((settings.var_dir / "mail").glob("*.eml")) - before]
    assert any("match-me@example.kz" in m and "fits your profile" in m for m in sent)
