"""Blind commission scoring: answers by question, shuffled per reviewer, peers hidden until all in."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from auth.principal import Principal, Role
from recruiting.errors import Conflict, Forbidden, Invalid, NotFound
from recruiting.models import Application, CommissionAnswer, CommissionScore, Vacancy
from recruiting.vacancies import VacancyService

STAGES = ("essay", "interview")


@dataclass(frozen=True, slots=True)
class BlindItem:
    """One answer as a reviewer sees it: a code, the anonymised text, own and (later) peers' scores."""

    application_id: int
    code: str
    text: str
    mine: dict[str, int] | None
    peers_mean: float | None
    complete: bool


def reviewer_order(reviewer_id: int, scope: int | str, question: str, ids: list[int]) -> list[int]:
    """The order in which one reviewer sees answers to one question of ``scope`` (a vacancy id, or
    ``"assessments"`` for test essays): shuffled, the same every time."""
    seed = hashlib.sha256(f"{reviewer_id}:{scope}:{question}".encode()).digest()
    ordered = sorted(ids)
    random.Random(int.from_bytes(seed[:8], "big")).shuffle(ordered)
    return ordered


def blind_mean(scores: Sequence[float], *, complete: bool) -> float | None:
    """The panel's mean, shown to a reviewer only once every required score is in (never a partial one)."""
    return sum(scores) / len(scores) if complete and scores else None


class CommissionService:
    """What a commission member may see and score, blind and independently."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _panel_vacancy(self, principal: Principal, vacancy_id: int) -> Vacancy:
        vacancy = await VacancyService(self.session).for_hr(principal, vacancy_id, Role.COMMISSION_MEMBER)
        if principal.user_id not in vacancy.commission:
            raise Forbidden(detail="You are not on this vacancy's commission.")
        return vacancy

    async def queue(self, principal: Principal, vacancy_id: int, stage: str) -> dict[str, list[BlindItem]]:
        """Answers by question, each list in this reviewer's own order, peers' scores hidden until all in."""
        vacancy = await self._panel_vacancy(principal, vacancy_id)
        rows = (
            await self.session.execute(
                select(CommissionAnswer, Application.code)
                .join(Application, Application.id == CommissionAnswer.application_id)
                .where(Application.vacancy_id == vacancy_id, CommissionAnswer.stage == stage)
                .where(Application.status == stage, CommissionAnswer.text_anon.is_not(None))
            )
        ).all()
        scores = await self._scores(vacancy_id, stage)
        panel = set(vacancy.commission)
        grouped: dict[str, dict[int, tuple[CommissionAnswer, str]]] = {}
        for answer, code in rows:
            grouped.setdefault(answer.question, {})[answer.application_id] = (answer, code)
        out: dict[str, list[BlindItem]] = {}
        for question in sorted(grouped):
            items = grouped[question]
            order = reviewer_order(principal.user_id, vacancy_id, question, list(items))
            out[question] = [
                self._item(items[i][0], items[i][1], scores.get((i, question), {}), principal.user_id, panel)
                for i in order
            ]
        return out

    @staticmethod
    def _item(
        answer: CommissionAnswer, code: str, by: dict[int, CommissionScore], me: int, panel: set[int]
    ) -> BlindItem:
        complete = panel <= set(by)
        mean = blind_mean([s.mean for s in by.values()], complete=complete)
        mine = by[me].criteria if me in by else None
        return BlindItem(answer.application_id, code, answer.text_anon or "", mine, mean, complete)

    async def _scores(self, vacancy_id: int, stage: str) -> dict[tuple[int, str], dict[int, CommissionScore]]:
        rows = await self.session.execute(
            select(CommissionScore)
            .join(Application, Application.id == CommissionScore.application_id)
            .where(Application.vacancy_id == vacancy_id, CommissionScore.stage == stage)
        )
        out: dict[tuple[int, str], dict[int, CommissionScore]] = {}
        for s in rows.scalars():
            out.setdefault((s.application_id, s.question), {})[s.reviewer_id] = s
        return out

    async def score(
        self, principal: Principal, application_id: int, *, question: str, criteria: dict[str, int]
    ) -> CommissionScore:
        """Record this reviewer's scores (each criterion 1–5) for one answer; once only."""
        application = await self.session.get(Application, application_id)
        if application is None:
            raise NotFound(detail=f"Application {application_id} does not exist.")
        await self._panel_vacancy(principal, application.vacancy_id)
        if application.status not in STAGES:
            raise Conflict(detail="Only essays and interviews in progress are scored.")
        if not criteria or any(not isinstance(v, int) or not 1 <= v <= 5 for v in criteria.values()):
            raise Invalid(detail="Score every criterion with a whole number from 1 to 5.")
        row = CommissionScore(
            application_id=application_id,
            reviewer_id=principal.user_id,
            stage=application.status,
            question=question[:200],
            criteria=dict(criteria),
            mean=sum(criteria.values()) / len(criteria),
            at=datetime.now(UTC),
        )
        try:
            async with self.session.begin_nested():
                self.session.add(row)
                await self.session.flush()
        except IntegrityError:
            raise Conflict(detail="You have already scored this answer.") from None
        await AuditService(self.session).record(
            actor=str(principal.user_id),
            action="recruiting.commission_scored",
            subject=f"recruiting_application:{application_id}",
            details={"stage": row.stage, "question": row.question, "mean": row.mean},
        )
        return row

    async def stage_means(self, vacancy_id: int, stage: str) -> dict[int, float]:
        """Mean commission score per application, only where every panel member scored every answer."""
        vacancy = await self.session.get(Vacancy, vacancy_id)
        if vacancy is None:
            return {}
        panel = set(vacancy.commission)
        per_answer = await self._scores(vacancy_id, stage)
        totals: dict[int, list[float]] = {}
        incomplete: set[int] = set()
        for (app_id, _question), by in per_answer.items():
            if not panel or not panel <= set(by):
                incomplete.add(app_id)
            totals.setdefault(app_id, []).extend(s.mean for s in by.values())
        return {a: sum(v) / len(v) for a, v in totals.items() if a not in incomplete and v}
