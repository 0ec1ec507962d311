"""Recruiting jobs: ids in, one service call, nothing else."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from recruiting.applications import ANONYMIZE_JOB, ApplicationService
from recruiting.matching import MATCH_JOB, MatchingService
from recruiting.scoring import RERANK_JOB, ScoringService
from workers.jobs import job


@job(ANONYMIZE_JOB, timeout=120)
async def anonymize_application(session: AsyncSession, application_id: int) -> None:
    """Redact personal data from an application's motivation, CV and answers."""
    await ApplicationService(session).anonymize_application(application_id)


@job(RERANK_JOB, timeout=600)
async def rerank_vacancy(session: AsyncSession, vacancy_id: int) -> None:
    """Recompute a vacancy's ranking from the latest assessment results."""
    await ScoringService(session).rerank_vacancy(vacancy_id)


@job(MATCH_JOB, timeout=600)
async def notify_matches(session: AsyncSession, vacancy_id: int) -> None:
    """Tell candidates whose merit profile fits a newly published vacancy."""
    await MatchingService(session).notify_matches(vacancy_id)
