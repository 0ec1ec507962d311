"""Recruiting pages for HR (pseudonymous, k-anonymised), the commission (blind) and the auditor."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.i18n import gettext, language_of
from auth.guards import requires_role
from auth.principal import Role
from recruiting.api import AnyRequest, Db, me
from recruiting.charts import funnel_svg
from recruiting.commission import CommissionService
from recruiting.errors import Invalid
from recruiting.essays import EssayReviewService
from recruiting.pages import Form, number, split_list
from recruiting.reports import GROUP_ATTRIBUTES, ReportService
from recruiting.rules import EDUCATION_ORDER, FINAL, TESTS, TRANSITIONS
from recruiting.stages import StageService
from recruiting.vacancies import VacancyData, VacancyService


def form_vacancy(body_id: int, data: dict[str, Any]) -> VacancyData:
    """The vacancy editor form as service input."""
    try:
        opens = datetime.fromisoformat(str(data.get("opens_at"))).replace(tzinfo=UTC)
        closes = datetime.fromisoformat(str(data.get("closes_at"))).replace(tzinfo=UTC)
    except ValueError:
        raise Invalid(detail="Give the window as dates (YYYY-MM-DD).") from None
    blueprint = [
        {
            "test": t,
            "weight": number(data.get(f"weight_{t}"), f"Weight of {t}"),
            "pass_mark": number(data.get(f"pass_{t}"), f"Pass mark of {t}"),
            "max_score": 100.0,
        }
        for t in TESTS
        if data.get(f"weight_{t}") not in (None, "", "0")
    ]
    return VacancyData(
        body_id=body_id,
        title={lang: str(data.get(f"title_{lang}", "")) for lang in ("kk", "ru", "en")},
        description={lang: str(data.get(f"description_{lang}", "")) for lang in ("kk", "ru", "en")},
        category=str(data.get("category", "")).strip().upper(),
        region_code=str(data.get("region_code", "")),
        opens_at=opens,
        closes_at=closes,
        requirements={
            "education_level": data.get("education_level") or None,
            "min_years": number(data.get("min_years") or 0, "Minimum years"),
            "skills": split_list(data.get("skills")),
            "languages": split_list(data.get("languages")),
        },
        assessments=blueprint,
        commission=[int(x) for x in split_list(data.get("commission")) if x.isdigit()],
        senior=bool(data.get("senior")),
    )


class HrPages(Controller):
    """HR officer pages."""

    path = "/hr"
    include_in_schema = False
    guards = [requires_role(Role.HR_OFFICER)]

    @get("/")
    async def index(self, request: AnyRequest, db_session: Db) -> Template:
        """The vacancies of my body."""
        vacancies = await VacancyService(db_session).of_body(me(request))
        bodies = sorted(b for b in me(request).body_ids(Role.HR_OFFICER) if b is not None)
        context = {"vacancies": vacancies, "bodies": bodies, "tests": TESTS, "levels": EDUCATION_ORDER}
        return Template(template_name="recruiting/hr_index.html", context=context)

    @post("/vacancies", status_code=303)
    async def create(self, request: AnyRequest, db_session: Db, data: Form) -> Redirect:
        """Create a draft vacancy from the editor."""
        body_id = int(number(data.get("body_id"), "State body"))
        vacancy = await VacancyService(db_session).create_vacancy(me(request), form_vacancy(body_id, data))
        return Redirect(path=f"/hr/vacancies/{vacancy.id}", status_code=303)

    @get("/vacancies/{vacancy_id:int}/edit")
    async def edit(self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int]) -> Template:
        """The editor, filled with a draft vacancy."""
        vacancy = await VacancyService(db_session).for_hr(me(request), vacancy_id)
        bodies = sorted(b for b in me(request).body_ids(Role.HR_OFFICER) if b is not None)
        context = {"vacancy": vacancy, "bodies": bodies, "tests": TESTS, "levels": EDUCATION_ORDER}
        return Template(template_name="recruiting/hr_edit.html", context=context)

    @post("/vacancies/{vacancy_id:int}/edit", status_code=303)
    async def save_edit(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], data: Form
    ) -> Redirect:
        """Save a draft (a published vacancy is refused by the service: its conditions are frozen)."""
        body_id = int(number(data.get("body_id"), "State body"))
        await VacancyService(db_session).update_vacancy(me(request), vacancy_id, form_vacancy(body_id, data))
        return Redirect(path=f"/hr/vacancies/{vacancy_id}", status_code=303)

    @get("/vacancies/{vacancy_id:int}")
    async def vacancy(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], preview: FromQuery[str] = ""
    ) -> Template:
        """Ranked applicants by code, k-anonymised merit, the funnel and the stage actions."""
        listing = await ReportService(db_session).applicants(me(request), vacancy_id, limit=200)
        cut = None
        if preview in ("essay", "interview"):
            cut = await StageService(db_session).shortlist(me(request), vacancy_id, preview, apply=False)
        svg = funnel_svg(listing.funnel, gettext(language_of(request)))
        context = {"listing": listing, "vacancy": listing.vacancy, "funnel_svg": svg, "cut": cut}
        return Template(template_name="recruiting/hr_vacancy.html", context=context)

    @post("/vacancies/{vacancy_id:int}/action", status_code=303)
    async def action(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], data: Form
    ) -> Redirect:
        """Publish, close, shortlist or decide."""
        action, who = str(data.get("action", "")), me(request)
        if action in ("published", "closed"):
            await VacancyService(db_session).move(who, vacancy_id, action)
        elif action in ("essay", "interview"):
            await StageService(db_session).shortlist(who, vacancy_id, action, apply=True)
        elif action == "decide":
            reserve = split_list(data.get("reserve"))
            await StageService(db_session).decide(
                who, vacancy_id, selected=str(data.get("selected")), reserve=reserve
            )
        else:
            raise Invalid(detail=f"Unknown action {action!r}.")
        return Redirect(path=f"/hr/vacancies/{vacancy_id}", status_code=303)

    @get("/applications/{application_id:int}")
    async def applicant(self, request: AnyRequest, db_session: Db, application_id: FromPath[int]) -> Template:
        """An anonymised applicant profile."""
        profile = await ReportService(db_session).profile(me(request), application_id)
        moves = sorted(TRANSITIONS.get(str(profile["status"]), frozenset()) - FINAL - {"withdrawn"})
        context = {"profile": profile, "application_id": application_id, "moves": moves}
        return Template(template_name="recruiting/hr_applicant.html", context=context)

    @post("/applications/{application_id:int}/status", status_code=303)
    async def move_application(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int], data: Form
    ) -> Redirect:
        """A manual stage action such as a rejection with a note; invalid moves are refused."""
        target, note = str(data.get("status", "")), str(data.get("note", ""))
        await StageService(db_session).set_status(me(request), application_id, target, note)
        return Redirect(path=f"/hr/applications/{application_id}", status_code=303)

    @post("/applications/{application_id:int}/reveal")
    async def reveal(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int], data: Form
    ) -> Template:
        """Reveal an identity after the decision (a reason is required; audited; the candidate is told)."""
        shown = await StageService(db_session).reveal_identity(
            me(request), application_id, reason=str(data.get("reason", ""))
        )
        return Template(template_name="recruiting/hr_reveal.html", context={"shown": shown})


class CommissionPages(Controller):
    """Blind scoring pages."""

    path = "/commission"
    include_in_schema = False
    guards = [requires_role(Role.COMMISSION_MEMBER)]

    @get("/vacancies/{vacancy_id:int}/{stage:str}")
    async def queue(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], stage: FromPath[str]
    ) -> Template:
        """Answers by question in my own order."""
        queue = await CommissionService(db_session).queue(me(request), vacancy_id, stage)
        context = {"queue": queue, "vacancy_id": vacancy_id, "stage": stage}
        return Template(template_name="recruiting/commission.html", context=context)

    @post("/applications/{application_id:int}/score", status_code=303)
    async def score(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int], data: Form
    ) -> Redirect:
        """Score one answer from the form (criteria fields ``c_<name>``)."""
        criteria = {k[2:]: int(number(v, k[2:])) for k, v in data.items() if k.startswith("c_")}
        await CommissionService(db_session).score(
            me(request), application_id, question=str(data.get("question", "")), criteria=criteria
        )
        return Redirect(path=str(data.get("next") or "/"), status_code=303)


class EssayReviewPages(Controller):
    """Blind scoring of test essays by the standing assessment commission."""

    path = "/commission/essays"
    include_in_schema = False
    guards = [requires_role(Role.COMMISSION_MEMBER)]

    @get("/")
    async def queue(self, request: AnyRequest, db_session: Db) -> Template:
        """Essays by question in my own order, with the score form."""
        queue = await EssayReviewService(db_session).queue(me(request))
        return Template(template_name="recruiting/essays.html", context={"queue": queue})

    @post("/{essay_id:int}/score", status_code=303)
    async def score(
        self, request: AnyRequest, db_session: Db, essay_id: FromPath[int], data: Form
    ) -> Redirect:
        """Score one essay from the form (``points`` 0–5)."""
        value = number(data.get("points"), "Points")
        points = int(value) if value.is_integer() else -1  # a fraction is refused by the service
        await EssayReviewService(db_session).score(me(request), essay_id, points=points)
        return Redirect(path=f"/commission/essays/#essay-{essay_id}", status_code=303)


class AuditorPages(Controller):
    """The auditor's fairness report and reveal log."""

    path = "/audit/recruiting"
    include_in_schema = False
    guards = [requires_role(Role.AUDITOR)]

    @get("/")
    async def report(
        self, db_session: Db, attribute: FromQuery[str] = "gender", vacancy_id: FromQuery[int | None] = None
    ) -> Template:
        """Fairness by stage (groups under 10 suppressed) and every identity reveal."""
        report = await ReportService(db_session).fairness(attribute=attribute, vacancy_id=vacancy_id)
        reveals = await StageService(db_session).reveal_log()
        context = {
            "report": report,
            "reveals": reveals,
            "attribute": attribute,
            "attributes": GROUP_ATTRIBUTES,
        }
        return Template(template_name="recruiting/audit.html", context=context)
