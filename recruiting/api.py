"""The recruiting JSON API: public search, the candidate's own data, HR, commission and auditor."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from litestar import Controller, Request, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody
from msgspec import structs
from sqlalchemy.ext.asyncio import AsyncSession

from auth.guards import PUBLIC, principal_of, requires_role
from auth.principal import Principal, Role
from recruiting.applications import ApplicationService
from recruiting.errors import Forbidden
from recruiting.profiles import MeritData, ProfileService
from recruiting.reports import ApplicantList
from recruiting.schemas import (
    AnswerIn,
    ApplicantListRead,
    ApplicantRead,
    MyApplication,
    ProfileWrite,
    StepRead,
    VacancyPage,
    VacancyRead,
    VacancyWrite,
)
from recruiting.vacancies import VacancyData, VacancyService

Db = NamedDependency[AsyncSession]
AnyRequest = Request[Any, Any, Any]


def me(request: AnyRequest) -> Principal:
    """The signed-in caller (the route's guard already required one)."""
    principal = principal_of(request)
    if principal is None:
        raise Forbidden(detail="Sign in to continue.")
    return principal


def vacancy_data(data: VacancyWrite) -> VacancyData:
    """The service's input from the API body."""
    return VacancyData(
        body_id=data.body_id,
        title=data.title,
        description=data.description,
        category=data.category,
        region_code=data.region_code,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        requirements=structs.asdict(data.requirements),
        assessments=[structs.asdict(a) for a in data.assessments],
        commission=data.commission,
        senior=data.senior,
    )


def applicant_list(listing: ApplicantList) -> ApplicantListRead:
    """HR's applicant list as a response body."""
    rows = [ApplicantRead(**dataclasses.asdict(r)) for r in listing.rows]
    return ApplicantListRead(listing.vacancy.id, rows, listing.note, listing.funnel, listing.total)


@dataclasses.dataclass
class ApplyForm:
    """The application form: motivation text and an optional CV file."""

    motivation: str
    cv: UploadFile | None = None


async def read_upload(upload: UploadFile | None, limit: int) -> bytes | None:
    """The uploaded bytes (one byte past the limit at most, so an oversized file is told apart)."""
    if upload is None or not upload.filename:
        return None
    return await upload.read(limit + 1)


class VacancyController(Controller):
    """Public vacancy search."""

    path = "/api/recruiting/vacancies"
    tags = ["recruiting"]

    @get("/", opt=PUBLIC)
    async def search(
        self,
        db_session: Db,
        q: FromQuery[str] = "",
        region: FromQuery[str | None] = None,
        category: FromQuery[str | None] = None,
        body_id: FromQuery[int | None] = None,
        page: FromQuery[int] = 1,
        per_page: FromQuery[int] = 20,
    ) -> VacancyPage:
        """Published vacancies by text, region, category and body, newest first."""
        found = await VacancyService(db_session).search(
            text=q, region=region, category=category, body_id=body_id, page=page, per_page=per_page
        )
        return VacancyPage([VacancyRead.of(v) for v in found.items], found.total, found.page, found.per_page)

    @get("/{vacancy_id:int}", opt=PUBLIC)
    async def read(self, db_session: Db, vacancy_id: FromPath[int]) -> VacancyRead:
        """One published vacancy."""
        return VacancyRead.of(await VacancyService(db_session).get_public(vacancy_id))

    @post("/{vacancy_id:int}/applications", guards=[requires_role(Role.CANDIDATE)], status_code=201)
    async def apply(
        self,
        request: AnyRequest,
        db_session: Db,
        vacancy_id: FromPath[int],
        data: Annotated[ApplyForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> MyApplication:
        """Apply with a motivation and a CV (PDF, DOCX or text; the type is read from the content)."""
        limit = request.app.state.settings.max_upload_bytes
        cv = await read_upload(data.cv, limit)
        user = me(request).user_id
        service = ApplicationService(db_session)
        app = await service.submit_application(user, vacancy_id, motivation=data.motivation, cv=cv)
        return next(m for m in await my_applications(service, user) if m.id == app.id)


async def my_applications(service: ApplicationService, user_id: int) -> list[MyApplication]:
    """The candidate's applications with their timelines."""
    return [
        MyApplication(
            id=a.id,
            code=a.code,
            vacancy_id=v.id,
            vacancy_title=v.title,
            status=a.status,
            eligibility_reasons=list(a.eligibility_reasons),
            submitted_at=a.submitted_at,
            timeline=[StepRead(c.to_status, c.at, c.note) for c in changes],
        )
        for a, v, changes in await service.my_applications(user_id)
    ]


async def profile_of(profiles: ProfileService, user_id: int) -> dict[str, Any]:
    """A candidate's whole profile, for the candidate themselves."""
    merit = await profiles.merit(user_id)
    fields = ("education_level", "field_of_study", "years_experience", "skills", "languages", "wants_matches")
    return {
        "personal": await profiles.personal_data(user_id) or {},
        "merit": {f: getattr(merit, f) for f in fields} if merit else None,
        "demographics": await profiles.demographics(user_id),
    }


class CandidateController(Controller):
    """The candidate's own profile and applications."""

    path = "/api/recruiting"
    tags = ["recruiting"]
    guards = [requires_role(Role.CANDIDATE)]

    @get("/profile")
    async def profile(self, request: AnyRequest, db_session: Db) -> dict[str, Any]:
        """Personal data, merit profile and volunteered demographics of the caller."""
        return await profile_of(ProfileService(db_session), me(request).user_id)

    @put("/profile")
    async def save_profile(
        self, request: AnyRequest, db_session: Db, data: JSONBody[ProfileWrite]
    ) -> dict[str, Any]:
        """Replace the caller's profile (personal data is encrypted in the vault)."""
        user = me(request).user_id
        profiles = ProfileService(db_session)
        personal = {k: v for k, v in structs.asdict(data.personal).items() if v is not None}
        await profiles.save_personal_data(user, personal)
        await profiles.save_merit(user, MeritData(**structs.asdict(data.merit)))
        await profiles.save_demographics(user, structs.asdict(data.demographics))
        return await profile_of(profiles, user)

    @get("/applications/mine")
    async def mine(self, request: AnyRequest, db_session: Db) -> list[MyApplication]:
        """The caller's applications with status timelines."""
        return await my_applications(ApplicationService(db_session), me(request).user_id)

    @post("/applications/{application_id:int}/withdraw", status_code=200)
    async def withdraw(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int]
    ) -> dict[str, str]:
        """Withdraw one's own application."""
        app = await ApplicationService(db_session).withdraw(me(request).user_id, application_id)
        return {"code": app.code, "status": app.status}

    @post("/applications/{application_id:int}/answers", status_code=201)
    async def answer(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int], data: JSONBody[AnswerIn]
    ) -> dict[str, Any]:
        """Submit an essay or interview answer (anonymised before the commission reads it)."""
        answer = await ApplicationService(db_session).submit_answer(
            me(request).user_id, application_id, question=data.question, text=data.text
        )
        return {"id": answer.id, "stage": answer.stage, "question": answer.question}
