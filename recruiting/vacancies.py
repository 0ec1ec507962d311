"""Vacancies: create, edit, publish, close, search (indexed filters, keyset-friendly pagination)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from auth.principal import Principal, Role
from recruiting.errors import Conflict, Forbidden, Invalid, NotFound
from recruiting.models import Vacancy
from recruiting.rules import VACANCY_FLOW, valid_category, validate_assessments
from workers.outbox import emit

LANGS = ("kk", "ru", "en")
PUBLISHED_EVENT = "recruiting.vacancy_published"


@dataclass(slots=True)
class VacancyData:
    """What HR fills in for a vacancy."""

    body_id: int
    title: dict[str, str]
    description: dict[str, str]
    category: str
    region_code: str
    opens_at: datetime
    closes_at: datetime
    requirements: dict[str, Any] = field(default_factory=dict)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    commission: list[int] = field(default_factory=list)
    senior: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    """One page of search results."""

    items: list[Vacancy]
    total: int
    page: int
    per_page: int


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check(data: VacancyData) -> None:
    problems: list[str] = []
    if not valid_category(data.category):
        problems.append(f"Category {data.category!r} is not a post category such as A-1, B-4 or E-1.")
    if not any((data.title.get(lang) or "").strip() for lang in LANGS):
        problems.append("Give the title in at least one of Kazakh, Russian or English.")
    if _aware(data.closes_at) <= _aware(data.opens_at):
        problems.append("The application window must close after it opens.")
    problems += validate_assessments(data.assessments)
    if problems:
        raise Invalid(detail=" ".join(problems))


def _search_text(data: VacancyData) -> str:
    parts = [*data.title.values(), *data.description.values(), data.category, data.region_code]
    return " ".join(p for p in parts if p).lower()[:4000]


class VacancyService:
    """The rules of vacancies; scoped to the HR officer's state body."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, vacancy_id: int) -> Vacancy:
        """The vacancy, or NotFound."""
        vacancy = await self.session.get(Vacancy, vacancy_id)
        if vacancy is None:
            raise NotFound(detail=f"Vacancy {vacancy_id} does not exist.")
        return vacancy

    async def get_public(self, vacancy_id: int) -> Vacancy:
        """A vacancy anyone may read (published or later), or NotFound."""
        vacancy = await self.get(vacancy_id)
        if vacancy.status == "draft":
            raise NotFound(detail=f"Vacancy {vacancy_id} does not exist.")
        return vacancy

    async def for_hr(self, principal: Principal, vacancy_id: int, role: Role = Role.HR_OFFICER) -> Vacancy:
        """The vacancy if ``principal`` holds ``role`` for its body (admins everywhere), else Forbidden."""
        vacancy = await self.get(vacancy_id)
        if not (principal.may_act_for(role, vacancy.body_id) or principal.has_role(Role.ADMIN)):
            raise Forbidden(detail="This vacancy belongs to another state body.")
        return vacancy

    async def create_vacancy(self, principal: Principal, data: VacancyData) -> Vacancy:
        """Create a draft vacancy for a body the HR officer acts for."""
        if not (principal.may_act_for(Role.HR_OFFICER, data.body_id) or principal.has_role(Role.ADMIN)):
            raise Forbidden(detail="You may create vacancies only for your own state body.")
        _check(data)
        vacancy = Vacancy(
            body_id=data.body_id,
            status="draft",
            created_by=principal.user_id,
            created_at=datetime.now(UTC),
        )
        self._fill(vacancy, data)
        self.session.add(vacancy)
        await self.session.flush()
        await self._audit(principal, "recruiting.vacancy_created", vacancy)
        return vacancy

    async def update_vacancy(self, principal: Principal, vacancy_id: int, data: VacancyData) -> Vacancy:
        """Edit a draft vacancy (a published one is frozen so every candidate is judged alike)."""
        vacancy = await self.for_hr(principal, vacancy_id)
        if vacancy.status != "draft":
            raise Conflict(detail="Only a draft vacancy can be edited.")
        if data.body_id != vacancy.body_id:
            raise Invalid(detail="A vacancy cannot move to another state body.")
        _check(data)
        self._fill(vacancy, data)
        await self.session.flush()
        await self._audit(principal, "recruiting.vacancy_updated", vacancy)
        return vacancy

    def _fill(self, vacancy: Vacancy, data: VacancyData) -> None:
        vacancy.title = {k: v for k, v in data.title.items() if k in LANGS}
        vacancy.description = {k: v for k, v in data.description.items() if k in LANGS}
        vacancy.category, vacancy.region_code = data.category, data.region_code
        vacancy.requirements, vacancy.assessments = data.requirements, data.assessments
        vacancy.commission, vacancy.senior = sorted(set(data.commission)), data.senior
        vacancy.opens_at, vacancy.closes_at = _aware(data.opens_at), _aware(data.closes_at)
        vacancy.search_text = _search_text(data)

    async def move(self, principal: Principal, vacancy_id: int, target: str) -> Vacancy:
        """Publish or close a vacancy (draft → published → closed); publishing announces it."""
        vacancy = await self.for_hr(principal, vacancy_id)
        if target not in VACANCY_FLOW.get(vacancy.status, set()) or target == "decided":
            raise Conflict(detail=f"A {vacancy.status} vacancy cannot become {target}.")
        vacancy.status = target
        if target == "published":
            vacancy.published_at = datetime.now(UTC)
            await emit(self.session, PUBLISHED_EVENT, {"vacancy_id": vacancy.id})
        await self.session.flush()
        await self._audit(principal, f"recruiting.vacancy_{target}", vacancy)
        return vacancy

    async def search(
        self,
        *,
        text: str = "",
        region: str | None = None,
        category: str | None = None,
        body_id: int | None = None,
        page: int = 1,
        per_page: int = 20,
    ) -> Page:
        """Published vacancies matching every given filter, newest first."""
        page, per_page = max(page, 1), min(max(per_page, 1), 100)
        query = select(Vacancy).where(Vacancy.status == "published")
        if region:
            query = query.where(Vacancy.region_code == region)
        if category:
            query = query.where(Vacancy.category == category.upper())
        if body_id is not None:
            query = query.where(Vacancy.body_id == body_id)
        for word in text.lower().split()[:5]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(Vacancy.search_text.like(f"%{escaped}%", escape="\\"))
        total = (await self.session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
        rows = await self.session.execute(
            query.order_by(Vacancy.published_at.desc(), Vacancy.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
        return Page(list(rows.scalars()), int(total), page, per_page)

    async def of_body(self, principal: Principal, body_id: int | None = None) -> list[Vacancy]:
        """The vacancies of the bodies the HR officer acts for (newest first)."""
        query = select(Vacancy).order_by(Vacancy.id.desc()).limit(500)
        scope = principal.body_ids(Role.HR_OFFICER)
        if body_id is not None:
            query = query.where(Vacancy.body_id == body_id)
        if None not in scope and not principal.has_role(Role.ADMIN):
            query = query.where(Vacancy.body_id.in_([b for b in scope if b is not None]))
        return list((await self.session.execute(query)).scalars())

    async def _audit(self, principal: Principal, action: str, vacancy: Vacancy) -> None:
        await AuditService(self.session).record(
            actor=str(principal.user_id),
            action=action,
            subject=f"recruiting_vacancy:{vacancy.id}",
            details={"body_id": vacancy.body_id, "status": vacancy.status},
        )
