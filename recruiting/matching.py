"""Proactive matching: when a vacancy is published, candidates whose merit profile fits are told."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from recruiting.models import Application, MeritProfile, Vacancy
from recruiting.notify import notify_candidate
from recruiting.rules import Merit, screen

MATCH_JOB = "recruiting.notify_matches"
BATCH = 1000


class MatchingService:
    """Finds candidates fitting a vacancy's requirements who asked to hear of such posts."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def fitting_candidates(self, vacancy: Vacancy) -> list[int]:
        """Users whose merit profile meets every requirement and who have not applied yet."""
        applied = select(Application.user_id).where(Application.vacancy_id == vacancy.id)
        found: list[int] = []
        last = 0
        while True:
            rows = (
                await self.session.execute(
                    select(MeritProfile)
                    .where(MeritProfile.wants_matches, MeritProfile.user_id > last)
                    .where(MeritProfile.user_id.not_in(applied))
                    .order_by(MeritProfile.user_id)
                    .limit(BATCH)
                )
            ).scalars()
            batch = list(rows)
            if not batch:
                return found
            for p in batch:
                merit = Merit(p.education_level, p.years_experience, p.skills, p.languages)
                if not screen(merit, vacancy.requirements):
                    found.append(p.user_id)
            last = batch[-1].user_id

    async def notify_matches(self, vacancy_id: int) -> int:
        """Mail every fitting candidate about a published vacancy; returns how many were told."""
        vacancy = await self.session.get(Vacancy, vacancy_id)
        if vacancy is None or vacancy.status != "published":
            return 0
        title = vacancy.title.get("kk") or vacancy.title.get("ru") or vacancy.title.get("en") or ""
        users = await self.fitting_candidates(vacancy)
        for user_id in users:
            await notify_candidate(
                self.session,
                user_id,
                subject=f"A vacancy that fits your profile: {title}",
                body=f"Vacancy {vacancy.id} ({vacancy.category}) fits your profile: /vacancies/{vacancy.id}",
            )
        return len(users)
