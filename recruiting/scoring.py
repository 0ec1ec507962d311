"""Ranking in the database: assessment results in, composite scores and ranks written in bulk."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from typing import Any

import numpy as np
from scipy.special import ndtr
from sqlalchemy import (
    Select,
    and_,
    case,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from recruiting.models import Application, CandidateResult, Score, Vacancy
from recruiting.ranking import Component, Ranking, rank_applications

RANKED_STATUSES = ("eligible", "essay", "interview", "selected", "reserve", "rejected")
OPEN_STATUSES = ("submitted", "eligible", "essay", "interview")
RERANK_JOB = "recruiting.rerank_vacancy"
INSERT_CHUNK = 5000


def components_of(vacancy: Vacancy) -> list[Component]:
    """The vacancy's assessment blueprint as ranking components."""
    return [
        Component(
            name=str(item["test"]),
            weight=float(item.get("weight", 1.0)),
            pass_mark=None if item.get("pass_mark") is None else float(item["pass_mark"]),
            max_score=float(item.get("max_score", 100.0)),
        )
        for item in vacancy.assessments
    ]


def equated_score(theta: np.ndarray, max_score: float) -> np.ndarray:
    """An ability on the test's 0..max scale: ``max_score · Φ(theta)`` (NaN stays NaN).

    Theta is on the calibration's N(0, 1) scale, so Φ(theta) is the share of the calibration population
    below the candidate, and about the share they would get right on a form of medium items (b = 0).
    Strictly increasing: ranking on it is ranking on theta.
    """
    return max_score * ndtr(np.asarray(theta, dtype=float))


def component_scores(score: np.ndarray, ability: np.ndarray, max_score: float) -> np.ndarray:
    """The scores a test enters the ranking with: equated when every result of it has an ability, else raw.

    ``ability`` is NaN where a result has no theta with a standard error (uncalibrated items, or announced
    before standard errors were kept); applications without a result (NaN score) do not count.
    """
    taken = ~np.isnan(score)
    if taken.any() and not np.isnan(ability[taken]).any():
        return equated_score(ability, max_score)
    return score


def failed_json(ranking: Ranking) -> list[str]:
    """Per ranked application, the JSON list of components it failed (one encoding per pattern)."""
    names = [c.name for c in ranking.components]
    bits = ranking.failed.astype(np.int64) @ (1 << np.arange(len(names), dtype=np.int64))
    patterns = {
        int(b): json.dumps([x for j, x in enumerate(names) if int(b) >> j & 1]) for b in np.unique(bits)
    }
    return [patterns[b] for b in bits.tolist()]


class ScoringService:
    """Stores assessment results and keeps every affected vacancy's ranking current."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record_result(self, payload: dict[str, Any]) -> list[int]:
        """Keep a candidate's latest result per test; return the vacancies to re-rank."""
        user_id, test = int(payload["candidate_id"]), str(payload["test"])
        row = await self._result(user_id, test)
        if row is None:
            row = CandidateResult(user_id=user_id, test=test)
            self.session.add(row)
        _fill(row, payload)
        await self.session.flush()
        return await self._open_vacancies(user_id)

    async def annul_result(self, payload: dict[str, Any]) -> list[int]:
        """Drop a result whose sitting was annulled (the standing one, if any, takes its place).

        Returns the vacancies to re-rank; none when the kept result is another sitting's.
        """
        user_id, test = int(payload["candidate_id"]), str(payload["test"])
        row = await self._result(user_id, test)
        if row is None or row.session_id != int(payload["session_id"]):
            return []
        standing = payload.get("standing")
        if standing is None:
            await self.session.delete(row)
        else:
            _fill(row, standing)
        await self.session.flush()
        return await self._open_vacancies(user_id)

    async def _result(self, user_id: int, test: str) -> CandidateResult | None:
        query = select(CandidateResult).where(
            CandidateResult.user_id == user_id, CandidateResult.test == test
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def _open_vacancies(self, user_id: int) -> list[int]:
        """Published or closed vacancies where the candidate's application is still open."""
        query = (
            select(Application.vacancy_id)
            .join(Vacancy, Vacancy.id == Application.vacancy_id)
            .where(Application.user_id == user_id, Application.status.in_(OPEN_STATUSES))
            .where(Vacancy.status.in_(("published", "closed")))
        )
        return sorted(set((await self.session.execute(query)).scalars()))

    async def rerank_vacancy(self, vacancy_id: int) -> int:
        """Rank the vacancy's screened-in applications and rewrite its scores; returns how many."""
        vacancy = await self.session.get(Vacancy, vacancy_id)
        if vacancy is None:
            return 0
        comps = components_of(vacancy)
        await self.session.execute(delete(Score).where(Score.vacancy_id == vacancy_id))
        if not comps:
            return 0
        rows: list[Any] = list(
            (await self.session.execute(self._pivot(vacancy_id, [c.name for c in comps]))).all()
        )
        if not rows:
            return 0
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        times = np.fromiter((r[2].timestamp() for r in rows), dtype=np.float64, count=len(rows))
        scores = {
            c.name: component_scores(_column(rows, 3 + 2 * k), _column(rows, 4 + 2 * k), c.max_score)
            for k, c in enumerate(comps)
        }
        ranking = rank_applications([r[1] for r in rows], scores, times, comps)
        await self._store(vacancy_id, ids[ranking.order], ranking)
        return len(rows)

    @staticmethod
    def _pivot(vacancy_id: int, tests: list[str]) -> Select[*tuple[Any, ...]]:
        """One row per ranked application: id, code, submission time, then per test its score and ability.

        The ability is theta only when it came with its standard error (a calibrated, current result).
        """
        measured = CandidateResult.theta_se.is_not(None)
        columns = [
            column
            for t in tests
            for column in (
                func.max(case((CandidateResult.test == t, CandidateResult.score))),
                func.max(case((and_(CandidateResult.test == t, measured), CandidateResult.theta))),
            )
        ]
        joined = and_(CandidateResult.user_id == Application.user_id, CandidateResult.test.in_(tests))
        return (
            select(Application.id, Application.code, Application.submitted_at, *columns)
            .outerjoin(CandidateResult, joined)
            .where(Application.vacancy_id == vacancy_id, Application.status.in_(RANKED_STATUSES))
            .group_by(Application.id, Application.code, Application.submitted_at)
        )

    async def _store(self, vacancy_id: int, ids: np.ndarray, ranking: Ranking) -> None:
        """Write the ranking: binary COPY on PostgreSQL (same transaction), batched inserts elsewhere."""
        now = datetime.now(UTC)
        n = len(ids)
        failed = failed_json(ranking)
        columns = {
            "application_id": ids.tolist(),
            "composite": ranking.composite.tolist(),
            "position": list(range(1, n + 1)),
            "merit_rank": ranking.merit_rank.astype(int).tolist(),
            "admitted": ranking.admitted.tolist(),
        }
        if self.session.get_bind().dialect.name == "postgresql":
            raw = await (await self.session.connection()).get_raw_connection()
            records = zip(
                *columns.values(), failed, itertools.repeat(vacancy_id), itertools.repeat(now), strict=False
            )
            await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
                "recruiting_score", records=records, columns=[*columns, "failed", "vacancy_id", "ranked_at"]
            )
            return
        rows = [
            {
                **{k: v[i] for k, v in columns.items()},
                "failed": json.loads(failed[i]),
                "vacancy_id": vacancy_id,
                "ranked_at": now,
            }
            for i in range(n)
        ]
        for start in range(0, n, INSERT_CHUNK):
            await self.session.execute(insert(Score), rows[start : start + INSERT_CHUNK])


def _fill(row: CandidateResult, payload: dict[str, Any]) -> None:
    """Copy a result payload (assessments' RESULT_RECORDED shape) onto the stored result."""
    row.session_id = payload.get("session_id")
    row.score, row.passed = float(payload["score"]), bool(payload["passed"])
    row.theta = None if payload.get("theta") is None else float(payload["theta"])
    row.theta_se = None if payload.get("theta_se") is None else float(payload["theta_se"])
    row.recorded_at = datetime.now(UTC)


def _column(rows: list[Any], index: int) -> np.ndarray:
    """One pivot column as floats, NULL as NaN."""
    return np.array([np.nan if r[index] is None else r[index] for r in rows], dtype=float)
