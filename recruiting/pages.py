"""Recruiting pages for the public and candidates: vacancy search, applying, profile, my applications."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from auth.guards import PUBLIC, principal_of, requires_role
from auth.principal import Role
from auth.service import OrgService
from recruiting.api import AnyRequest, ApplyForm, Db, me, my_applications, read_upload
from recruiting.applications import ApplicationService
from recruiting.errors import Invalid
from recruiting.profiles import DEMOGRAPHIC_FIELDS, PII_FIELDS, MeritData, ProfileService
from recruiting.rules import EDUCATION_ORDER
from recruiting.vacancies import VacancyService

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


def split_list(value: str | None) -> list[str]:
    """Comma-separated input as a clean list."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def number(value: Any, name: str) -> float:
    """A form number, or a clear 422."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise Invalid(detail=f"{name} must be a number.") from None


class VacancyPages(Controller):
    """Public vacancy search and the apply form."""

    path = "/vacancies"
    include_in_schema = False

    @get("/", opt=PUBLIC)
    async def search(
        self,
        db_session: Db,
        q: FromQuery[str] = "",
        region: FromQuery[str | None] = None,
        category: FromQuery[str | None] = None,
        page: FromQuery[int] = 1,
    ) -> Template:
        """Search published vacancies."""
        found = await VacancyService(db_session).search(
            text=q, region=region or None, category=category or None, page=page
        )
        regions = await OrgService(db_session).regions()
        context = {
            "found": found,
            "q": q,
            "region": region or "",
            "category": category or "",
            "regions": regions,
        }
        return Template(template_name="recruiting/vacancies.html", context=context)

    @get("/{vacancy_id:int}", opt=PUBLIC)
    async def detail(self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int]) -> Template:
        """One vacancy, with the apply form for signed-in candidates."""
        vacancy = await VacancyService(db_session).get_public(vacancy_id)
        principal = principal_of(request)
        can_apply = principal is not None and principal.has_role(Role.CANDIDATE)
        context = {"vacancy": vacancy, "can_apply": can_apply}
        return Template(template_name="recruiting/vacancy.html", context=context)

    @post("/{vacancy_id:int}/apply", guards=[requires_role(Role.CANDIDATE)], status_code=303)
    async def apply(
        self,
        request: AnyRequest,
        db_session: Db,
        vacancy_id: FromPath[int],
        data: Annotated[ApplyForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Redirect:
        """Apply from the page form, then show the timeline."""
        cv = await read_upload(data.cv, request.app.state.settings.max_upload_bytes)
        await ApplicationService(db_session).submit_application(
            me(request).user_id, vacancy_id, motivation=data.motivation, cv=cv
        )
        return Redirect(path="/my/applications", status_code=303)


class CandidatePages(Controller):
    """The candidate's profile and applications."""

    path = "/my"
    include_in_schema = False
    guards = [requires_role(Role.CANDIDATE)]

    @get("/applications")
    async def applications(self, request: AnyRequest, db_session: Db) -> Template:
        """My applications with their status timelines."""
        mine = await my_applications(ApplicationService(db_session), me(request).user_id)
        return Template(template_name="recruiting/my_applications.html", context={"applications": mine})

    @post("/applications/{application_id:int}/answer", status_code=303)
    async def answer(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int], data: Form
    ) -> Redirect:
        """Submit the essay or interview answer from the page."""
        await ApplicationService(db_session).submit_answer(
            me(request).user_id,
            application_id,
            question=str(data.get("question", "")),
            text=str(data.get("text", "")),
        )
        return Redirect(path="/my/applications", status_code=303)

    @post("/applications/{application_id:int}/withdraw", status_code=303)
    async def withdraw(self, request: AnyRequest, db_session: Db, application_id: FromPath[int]) -> Redirect:
        """Withdraw an application from the page."""
        await ApplicationService(db_session).withdraw(me(request).user_id, application_id)
        return Redirect(path="/my/applications", status_code=303)

    @get("/profile")
    async def profile(self, request: AnyRequest, db_session: Db, saved: FromQuery[bool] = False) -> Template:
        """Personal data, merit profile and volunteered demographics."""
        user = me(request).user_id
        profiles = ProfileService(db_session)
        context = {
            "personal": await profiles.personal_data(user) or {},
            "merit": await profiles.merit(user),
            "demographics": await profiles.demographics(user),
            "pii_fields": PII_FIELDS,
            "demographic_fields": DEMOGRAPHIC_FIELDS,
            "education_levels": EDUCATION_ORDER,
            "saved": saved,
        }
        return Template(template_name="recruiting/profile.html", context=context)

    @post("/profile", status_code=303)
    async def save_profile(self, request: AnyRequest, db_session: Db, data: Form) -> Redirect:
        """Save the profile form."""
        user = me(request).user_id
        profiles = ProfileService(db_session)
        await profiles.save_personal_data(user, {f: data.get(f, "") for f in PII_FIELDS})
        merit = MeritData(
            education_level=str(data.get("education_level", "bachelor")),
            field_of_study=str(data.get("field_of_study", "")),
            years_experience=number(data.get("years_experience") or 0, "Years of experience"),
            skills=split_list(data.get("skills")),
            languages=split_list(data.get("languages")),
            wants_matches=bool(data.get("wants_matches")),
        )
        await profiles.save_merit(user, merit)
        await profiles.save_demographics(user, {f: data.get(f) or None for f in DEMOGRAPHIC_FIELDS})
        return Redirect(path="/my/profile?saved=true", status_code=303)
