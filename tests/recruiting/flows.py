"""A vacancy taken through its stages, for tests of ranking, commission and decisions."""

from __future__ import annotations

from dataclasses import dataclass

from recruiting.applications import ApplicationService
from recruiting.models import Application, Vacancy
from recruiting.scoring import ScoringService
from recruiting.vacancies import VacancyService
from tests.recruiting.conftest import World, make_candidate, open_vacancy


@dataclass(slots=True)
class Contest:
    """A closed vacancy with ranked applications (best first by legislation score)."""

    vacancy: Vacancy
    apps: list[Application]


async def ranked_contest(
    world: World, scores: list[float], *, genders: list[str] | None = None, senior: bool = False
) -> Contest:
    """Candidates apply, take both tests (legislation = ``scores[i]``), the vacancy closes and is ranked."""
    vacancy = await open_vacancy(world, senior=senior)
    service, scoring = ApplicationService(world.session), ScoringService(world.session)
    apps = []
    for i, score in enumerate(scores):
        who = await make_candidate(world.session, gender=genders[i] if genders else None)
        apps.append(await service.submit_application(who.user_id, vacancy.id, motivation=f"Candidate {i}."))
        for test, value in (("legislation", score), ("personal_qualities", 70.0)):
            payload = {"candidate_id": who.user_id, "test": test, "score": value, "passed": True}
            await scoring.record_result({**payload, "session_id": None, "theta": 0.1})
    await VacancyService(world.session).move(world.hr, vacancy.id, "closed")
    await scoring.rerank_vacancy(vacancy.id)
    return Contest(vacancy, apps)
