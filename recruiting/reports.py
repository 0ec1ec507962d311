"""What HR and the auditor read: k-anonymised applicant lists, the funnel and the fairness report.

HR views carry pseudonymous codes and merit data only — never a name, IIN, email, phone or birth date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.principal import Principal
from recruiting.errors import Invalid, NotFound
from recruiting.fairness import MIN_GROUP_SIZE, StageImpact, funnel_impact
from recruiting.kanon import k_anonymize
from recruiting.models import (
    Application,
    CandidateResult,
    Demographics,
    MeritProfile,
    Score,
    StatusChange,
    Vacancy,
)
from recruiting.rules import STAGES, furthest_stage
from recruiting.vacancies import VacancyService

K = 3
MERIT_ATTRIBUTES = ("education_level", "years_experience", "languages")
GROUP_ATTRIBUTES = ("gender", "age_band", "region_of_origin", "ethnicity", "disability")


@dataclass(frozen=True, slots=True)
class ApplicantRow:
    """One applicant as HR sees them."""

    application_id: int
    code: str
    status: str
    eligible: bool | None
    position: int | None
    composite: float | None
    admitted: bool | None
    failed: list[str]
    merit: dict[str, str]


@dataclass(frozen=True, slots=True)
class ApplicantList:
    """A vacancy's applicants in rank order, with the k-anonymity note."""

    vacancy: Vacancy
    rows: list[ApplicantRow]
    note: str
    funnel: dict[str, int]
    total: int


class ReportService:
    """Read models for HR (anonymised) and the auditor (aggregated)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def applicants(
        self, principal: Principal, vacancy_id: int, *, offset: int = 0, limit: int | None = None
    ) -> ApplicantList:
        """Ranked applicants of a vacancy of the HR officer's body, merit k-anonymised (k=3) over all."""
        vacancy = await VacancyService(self.session).for_hr(principal, vacancy_id)
        rows = (
            await self.session.execute(
                select(Application, Score, MeritProfile)
                .outerjoin(Score, Score.application_id == Application.id)
                .outerjoin(MeritProfile, MeritProfile.user_id == Application.user_id)
                .where(Application.vacancy_id == vacancy_id)
                .order_by(Score.position.is_(None), Score.position, Application.code)
            )
        ).all()
        plain = [{a: getattr(m, a) if m else None for a in MERIT_ATTRIBUTES} for _app, _score, m in rows]
        anon = k_anonymize(plain, list(MERIT_ATTRIBUTES), k=K)
        out = [
            ApplicantRow(
                application_id=app.id,
                code=app.code,
                status=app.status,
                eligible=app.eligible,
                position=score.position if score else None,
                composite=score.composite if score else None,
                admitted=score.admitted if score else None,
                failed=list(score.failed) if score else [],
                merit={a: str(anon.rows[i][a]) for a in MERIT_ATTRIBUTES},
            )
            for i, (app, score, _m) in enumerate(rows)
            if i >= offset and (limit is None or i < offset + limit)
        ]
        funnel = await self.funnel(vacancy_id)
        return ApplicantList(vacancy, out, anon.note, funnel, len(rows))

    async def profile(self, principal: Principal, application_id: int) -> dict[str, Any]:
        """One applicant's anonymised profile: code, k-anonymised merit, redacted texts, results, timeline."""
        application = await self.session.get(Application, application_id)
        if application is None:
            raise NotFound(detail=f"Application {application_id} does not exist.")
        listing = await self.applicants(principal, application.vacancy_id)
        row = next(r for r in listing.rows if r.application_id == application_id)
        results = await self.session.execute(
            select(CandidateResult.test, CandidateResult.score, CandidateResult.passed).where(
                CandidateResult.user_id == application.user_id
            )
        )
        changes = await self.session.execute(
            select(StatusChange.to_status, StatusChange.at)
            .where(StatusChange.application_id == application_id)
            .order_by(StatusChange.id)
        )
        return {
            "code": application.code,
            "status": application.status,
            "merit": row.merit,
            "note": listing.note,
            "position": row.position,
            "composite": row.composite,
            "eligibility_reasons": list(application.eligibility_reasons),
            "motivation": application.motivation_anon,
            "cv": application.cv_anon,
            "anonymized": application.anonymized_at is not None,
            "results": [{"test": t, "score": s, "passed": p} for t, s, p in results.all()],
            "timeline": [{"status": s, "at": at.isoformat()} for s, at in changes.all()],
        }

    async def funnel(self, vacancy_id: int) -> dict[str, int]:
        """How many applications reached each stage of a vacancy."""
        reached = await self._furthest(Application.vacancy_id == vacancy_id)
        counts = Counter(stage for _user, stage in reached)
        return {name: sum(c for s, c in counts.items() if s >= i) for i, name in enumerate(STAGES)}

    async def _furthest(self, *where: Any) -> list[tuple[int, int]]:
        apps = (
            await self.session.execute(
                select(Application.id, Application.user_id, Application.status).where(*where)
            )
        ).all()
        ids = [a.id for a in apps]
        history: dict[int, list[str]] = {}
        for app_id, status in (
            await self.session.execute(
                select(StatusChange.application_id, StatusChange.to_status).where(
                    StatusChange.application_id.in_(ids)
                )
            )
        ).all():
            history.setdefault(app_id, []).append(status)
        return [(a.user_id, furthest_stage(a.status, history.get(a.id, []))) for a in apps]

    async def fairness(
        self, *, attribute: str = "gender", vacancy_id: int | None = None, body_id: int | None = None
    ) -> list[StageImpact]:
        """Selection rate, adverse impact ratio and Fisher p per group and stage; groups < 10 suppressed."""
        if attribute not in GROUP_ATTRIBUTES:
            raise Invalid(detail=f"Report by one of {', '.join(GROUP_ATTRIBUTES)}.")
        where: list[Any] = []
        if vacancy_id is not None:
            where.append(Application.vacancy_id == vacancy_id)
        if body_id is not None:
            where.append(Application.vacancy_id.in_(select(Vacancy.id).where(Vacancy.body_id == body_id)))
        reached = await self._furthest(*where)
        users = list({u for u, _ in reached})
        labels: dict[int, str | None] = dict(
            (
                await self.session.execute(
                    select(Demographics.user_id, getattr(Demographics, attribute)).where(
                        Demographics.user_id.in_(users)
                    )
                )
            ).all()
        )
        groups = [labels.get(u) or "not stated" for u, _ in reached]
        return funnel_impact(groups, [s for _, s in reached], STAGES, min_n=MIN_GROUP_SIZE)
