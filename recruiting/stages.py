"""Stage decisions: shortlists (with a fairness warning), the final decision, reserve and reveals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from auth.principal import Principal, Role
from recruiting.applications import ApplicationService
from recruiting.commission import CommissionService
from recruiting.errors import Conflict, Invalid, NotFound
from recruiting.fairness import shortlist_warning
from recruiting.models import Application, Demographics, Reserve, Reveal, Score, Vacancy
from recruiting.notify import notify_candidate
from recruiting.profiles import ProfileService
from recruiting.ranking import ESSAY_SHORTLIST, INTERVIEW_SHORTLIST
from recruiting.rules import FINAL
from recruiting.vacancies import VacancyService
from workers.outbox import emit

HIRED_EVENT = "recruiting.candidate_hired"
RESERVE_DAYS = 365
MIN_REASON = 10


@dataclass(frozen=True, slots=True)
class Shortlist:
    """Who a cut takes (codes, ties included), who it leaves, and the fairness warning if any."""

    stage: str
    taken: list[str]
    left: list[str]
    warning: str | None


def cut_with_ties(merits: list[tuple[str, Any]], n: int) -> int:
    """How many of ``merits`` (code, merit key; best first) a cut at ``n`` takes, ties at the cut included."""
    if len(merits) <= n:
        return len(merits)
    last = merits[n - 1][1]
    k = n
    while k < len(merits) and merits[k][1] == last:
        k += 1
    return k


class StageService:
    """HR's stage actions for a vacancy of their body."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.apps = ApplicationService(session)

    async def _pool(self, vacancy: Vacancy, stage: str) -> list[tuple[Application, Any]]:
        if stage == "interview" and vacancy.senior:
            means = await CommissionService(self.session).stage_means(vacancy.id, "essay")
            rows = await self.session.execute(
                select(Application).where(Application.vacancy_id == vacancy.id, Application.status == "essay")
            )
            apps = [a for a in rows.scalars() if a.id in means]
            return sorted(((a, -means[a.id]) for a in apps), key=lambda p: (p[1], p[0].code))
        rows2 = await self.session.execute(
            select(Application, Score.merit_rank)
            .join(Score, Score.application_id == Application.id)
            .where(Application.vacancy_id == vacancy.id, Application.status == "eligible", Score.admitted)
            .order_by(Score.position)
        )
        return [(a, rank) for a, rank in rows2.all()]

    async def shortlist(self, principal: Principal, vacancy_id: int, stage: str, *, apply: bool) -> Shortlist:
        """Preview (or make) the essay (top 5) or interview (top 3) cut; the rest are not retained."""
        vacancy = await VacancyService(self.session).for_hr(principal, vacancy_id)
        if vacancy.status != "closed":
            raise Conflict(detail="Shortlist once the application window is closed.")
        if stage not in ("essay", "interview") or (stage == "essay" and not vacancy.senior):
            raise Invalid(detail="Shortlist for the essay (senior posts) or the interview.")
        pool = await self._pool(vacancy, stage)
        n = ESSAY_SHORTLIST if stage == "essay" else INTERVIEW_SHORTLIST
        k = cut_with_ties([(a.code, merit) for a, merit in pool], n)
        codes = [a.code for a, _ in pool]
        groups = await self._groups([a.user_id for a, _ in pool], codes)
        warning = shortlist_warning(codes, groups, k)
        if apply:
            if not pool:
                raise Conflict(detail="Nobody is ranked and admitted yet; nothing to shortlist.")
            for i, (application, _) in enumerate(pool):
                target = stage if i < k else "rejected"
                await self.apps.change_status(application, target, actor_id=principal.user_id, note=stage)
            await self._reject_rest(vacancy.id, ("eligible",), principal.user_id, "below a pass mark")
        return Shortlist(stage, codes[:k], codes[k:], warning.message if warning else None)

    async def set_status(
        self, principal: Principal, application_id: int, target: str, note: str
    ) -> Application:
        """A manual stage action by HR (the decision itself goes through ``decide``)."""
        application = await self.session.get(Application, application_id)
        if application is None:
            raise NotFound(detail=f"Application {application_id} does not exist.")
        await VacancyService(self.session).for_hr(principal, application.vacancy_id)
        if target in FINAL:
            raise Invalid(detail="Appointment and reserve are set by the final decision.")
        return await self.apps.change_status(application, target, actor_id=principal.user_id, note=note)

    async def _reject_rest(self, vacancy_id: int, statuses: tuple[str, ...], actor: int, note: str) -> None:
        rows = await self.session.execute(
            select(Application).where(Application.vacancy_id == vacancy_id, Application.status.in_(statuses))
        )
        for application in rows.scalars():
            await self.apps.change_status(application, "rejected", actor_id=actor, note=note)

    async def _groups(self, user_ids: list[int], codes: list[str]) -> dict[str, str]:
        rows = await self.session.execute(
            select(Demographics.user_id, Demographics.gender).where(Demographics.user_id.in_(user_ids))
        )
        gender = dict(rows.all())
        return {c: gender.get(u) or "not stated" for u, c in zip(user_ids, codes, strict=True)}

    async def decide(
        self, principal: Principal, vacancy_id: int, *, selected: str, reserve: list[str]
    ) -> Vacancy:
        """The final decision: one appointed, some to the reserve, the others not retained."""
        vacancy = await VacancyService(self.session).for_hr(principal, vacancy_id)
        if vacancy.status != "closed":
            raise Conflict(detail="Decide once the vacancy is closed and interviews are done.")
        rows = await self.session.execute(
            select(Application).where(Application.vacancy_id == vacancy_id, Application.status == "interview")
        )
        finalists = {a.code: a for a in rows.scalars()}
        unknown = [c for c in [selected, *reserve] if c not in finalists]
        if unknown or selected in reserve:
            raise Invalid(
                detail="Choose the winner and the reserve among the interviewed: " + ", ".join(unknown)
            )
        now = datetime.now(UTC)
        for code, application in sorted(finalists.items()):
            target = "selected" if code == selected else "reserve" if code in reserve else "rejected"
            await self.apps.change_status(application, target, actor_id=principal.user_id, note="decision")
            if target == "reserve":
                self.session.add(
                    Reserve(
                        application_id=application.id,
                        user_id=application.user_id,
                        body_id=vacancy.body_id,
                        category=vacancy.category,
                        expires_at=now + timedelta(days=RESERVE_DAYS),
                    )
                )
        await self._reject_rest(vacancy.id, ("eligible", "essay"), principal.user_id, "decision")
        vacancy.status = "decided"
        winner = finalists[selected]
        await emit(
            self.session,
            HIRED_EVENT,
            {"user_id": winner.user_id, "body_id": vacancy.body_id, "vacancy_id": vacancy.id},
        )
        await AuditService(self.session).record(
            actor=str(principal.user_id),
            action="recruiting.vacancy_decided",
            subject=f"recruiting_vacancy:{vacancy.id}",
            details={"selected": selected, "reserve": sorted(reserve)},
        )
        return vacancy

    async def reveal_identity(
        self, principal: Principal, application_id: int, *, reason: str
    ) -> dict[str, Any]:
        """Show HR who a selected or reserve candidate is, after the decision, with a reason; audited."""
        application = await self.session.get(Application, application_id)
        if application is None:
            raise NotFound(detail=f"Application {application_id} does not exist.")
        vacancy = await VacancyService(self.session).for_hr(
            principal, application.vacancy_id, Role.HR_OFFICER
        )
        if vacancy.status != "decided" or application.status not in FINAL:
            raise Conflict(
                detail="Identities are revealed only after the final decision, for selected and reserve."
            )
        if len(reason.strip()) < MIN_REASON:
            raise Invalid(detail=f"Give a reason of at least {MIN_REASON} characters.")
        self.session.add(
            Reveal(
                application_id=application.id,
                actor_id=principal.user_id,
                reason=reason.strip()[:500],
                at=datetime.now(UTC),
            )
        )
        await self.session.flush()
        await AuditService(self.session).record(
            actor=str(principal.user_id),
            action="recruiting.identity_revealed",
            subject=f"recruiting_application:{application.id}",
            details={"code": application.code, "reason": reason.strip()[:500]},
        )
        await notify_candidate(
            self.session,
            application.user_id,
            subject=f"Application {application.code}: identity revealed",
            body=f"Your identity was revealed to the HR service of the body. Reason: {reason.strip()}",
        )
        pii = await ProfileService(self.session).personal_data(application.user_id) or {}
        return {"code": application.code, "user_id": application.user_id, **pii}

    async def reveal_log(self, *, limit: int = 200) -> list[tuple[Reveal, str, int]]:
        """Every reveal, newest first, with the application code and vacancy (for the auditor)."""
        rows = await self.session.execute(
            select(Reveal, Application.code, Application.vacancy_id)
            .join(Application, Application.id == Reveal.application_id)
            .order_by(Reveal.id.desc())
            .limit(limit)
        )
        return [(r, code, vac) for r, code, vac in rows.all()]
