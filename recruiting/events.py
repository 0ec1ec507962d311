"""Events recruiting reacts to (assessment results and annulments, its publications) and the ones it emits.

Emitted: ``recruiting.vacancy_published`` {vacancy_id}, ``recruiting.candidate_hired``
{user_id, body_id, vacancy_id}, ``recruiting.essays_scored`` (``essays.SCORED_EVENT``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from recruiting.essays import SUBMITTED_EVENT as ESSAYS_EVENT
from recruiting.essays import EssayReviewService
from recruiting.matching import MATCH_JOB
from recruiting.scoring import RERANK_JOB, ScoringService
from recruiting.stages import HIRED_EVENT
from recruiting.vacancies import PUBLISHED_EVENT
from workers.jobs import enqueue_after_commit
from workers.outbox import subscribe

RESULT_EVENT = "assessments.result_recorded"
ANNULLED_EVENT = "assessments.result_annulled"
__all__ = ["ANNULLED_EVENT", "ESSAYS_EVENT", "HIRED_EVENT", "PUBLISHED_EVENT", "RESULT_EVENT"]


@subscribe(RESULT_EVENT, "recruiting.rerank_on_result")
async def on_result_recorded(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Store the result and re-rank every vacancy where the candidate has an open application."""
    for vacancy_id in await ScoringService(session).record_result(payload):
        enqueue_after_commit(session, RERANK_JOB, vacancy_id)


@subscribe(ANNULLED_EVENT, "recruiting.rerank_on_annulment")
async def on_result_annulled(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Drop the annulled sitting's result and re-rank every vacancy where it counted."""
    for vacancy_id in await ScoringService(session).annul_result(payload):
        enqueue_after_commit(session, RERANK_JOB, vacancy_id)


@subscribe(ESSAYS_EVENT, "recruiting.receive_essays")
async def on_essays_submitted(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Anonymise a sitting's essays and put them before the assessment commission."""
    await EssayReviewService(session).receive(payload)


@subscribe(PUBLISHED_EVENT, "recruiting.match_on_publish")
async def on_vacancy_published(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Look for fitting candidates once the publication is committed."""
    enqueue_after_commit(session, MATCH_JOB, int(payload["vacancy_id"]))
