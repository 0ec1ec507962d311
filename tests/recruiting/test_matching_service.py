"""Proactive matching and the senior-post path (essay scored blind, then the interview cut)."""

from __future__ import annotations

from sqlalchemy import select

from app.settings import Settings
from recruiting.applications import ApplicationService
from recruiting.commission import CommissionService
from recruiting.matching import MatchingService
from recruiting.models import Application
from recruiting.stages import StageService
from tests.recruiting.conftest import PERSON, World, make_candidate, open_vacancy
from tests.recruiting.flows import ranked_contest
from workers.uow import commit


async def test_publication_tells_only_fitting_candidates(world: World, settings: Settings) -> None:
    fits = await make_candidate(world.session, pii={**PERSON, "email": "fits@example.kz"})
    await make_candidate(world.session, pii={"email": "junior@example.kz"}, years=0)
    vacancy = await open_vacancy(world)
    already = await make_candidate(world.session, pii={"email": "applied@example.kz"})
    await ApplicationService(world.session).submit_application(already.user_id, vacancy.id, motivation="Hi.")
    users = await MatchingService(world.session).fitting_candidates(vacancy)
    assert fits.user_id in users and already.user_id not in users
    await commit(world.session)
    before = set((settings.var_dir / "mail").glob("*.eml"))
    await MatchingService(world.session).notify_matches(vacancy.id)
    await commit(world.session)
    sent = [p.read_text() for p in set((settings.var_dir / "mail").glob("*.eml")) - before]
    assert any("fits@example.kz" in m for m in sent)
    assert not any("junior@example.kz" in m or "applied@example.kz" in m for m in sent)


async def test_senior_post_goes_essay_then_interview_by_commission_mean(world: World) -> None:
    contest = await ranked_contest(world, [95, 90, 85, 80, 75, 70, 65], senior=True)
    stages, answers = StageService(world.session), ApplicationService(world.session)
    essay = await stages.shortlist(world.hr, contest.vacancy.id, "essay", apply=True)
    assert len(essay.taken) == 5
    essayists = [a for a in contest.apps if a.status == "essay"]
    for app in essayists:
        await answers.submit_answer(
            app.user_id, app.id, question="Essay", text="Мемлекеттік қызмет — халыққа қызмет."
        )
        await answers.anonymize_application(app.id)
    commission = CommissionService(world.session)
    marks = {app.id: mark for app, mark in zip(essayists, (2, 5, 4, 3, 1), strict=True)}
    for member in world.panel:
        for app_id, mark in marks.items():
            await commission.score(
                member, app_id, question="Essay", criteria={"substance": mark, "style": mark}
            )
    interview = await stages.shortlist(world.hr, contest.vacancy.id, "interview", apply=True)
    codes = {a.id: a.code for a in essayists}
    best = sorted(marks, key=lambda i: -marks[i])[:3]
    assert interview.taken == [codes[i] for i in best]
    statuses = dict((await world.session.execute(select(Application.id, Application.status))).all())
    assert sorted(i for i, s in statuses.items() if s == "interview") == sorted(best)
