"""Pages for candidates (tests, the test-taking page, results, appeals) and the public verify page."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from msgspec import Struct
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import LANGUAGES
from assessments.api import SITTERS, Req, client_ip, me
from assessments.appeals import AppealService
from assessments.bank import ItemBankService
from assessments.credentials import CertificateService
from assessments.models import AssessmentTest
from assessments.moderation import ModerationService
from assessments.service import SittingService
from assessments.views import localized, result_read, session_state, test_read
from auth.guards import PUBLIC, requires_role

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


class StartForm(Struct):
    """The start button of a test."""

    language: str = "kk"


class AppealForm(Struct):
    """The appeal form of the result page."""

    kind: str
    text: str
    item_id: str = ""


class CandidatePages(Controller):
    """Tests, the test-taking page and results."""

    path = "/assessments"
    guards = [requires_role(*SITTERS)]
    include_in_schema = False

    @get("/")
    async def index(self, request: Req, db_session: NamedDependency[AsyncSession]) -> Template:
        """Tests one can sit, and one's sittings."""
        tests = await ItemBankService(db_session).list_tests()
        sittings = await SittingService(db_session).sittings_of(me(request).user_id)
        titles = {t.id: t.title for t in tests}
        return Template(
            template_name="assessments/index.html",
            context={"tests": [test_read(t) for t in tests], "sittings": sittings, "titles": titles},
        )

    @post("/{slug:str}/start", status_code=303)
    async def start(
        self,
        request: Req,
        slug: FromPath[str],
        data: Annotated[StartForm, FORM],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Start or resume a sitting, then open the test page."""
        language = data.language if data.language in LANGUAGES else "kk"
        ts = await SittingService(db_session).start_session(
            me(request).user_id, slug, language=language, ip=client_ip(request)
        )
        return Redirect(path=f"/assessments/sessions/{ts.id}", status_code=303)

    @get("/sessions/{session_id:int}")
    async def take(
        self, request: Req, session_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> Template | Redirect:
        """The test page: questions, saved answers and the server's remaining time (works after a reload)."""
        service = SittingService(db_session)
        ts = await service.settle(await service.get(session_id, candidate_id=me(request).user_id))
        if ts.status != "open":
            return Redirect(path=f"/assessments/sessions/{ts.id}/result", status_code=303)
        await ModerationService(db_session).note_ip(ts, client_ip(request))
        state = await session_state(db_session, ts)
        return Template(template_name="assessments/take.html", context={"state": state})

    @post("/sessions/{session_id:int}/submit", status_code=303)
    async def submit(
        self, request: Req, session_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> Redirect:
        """Submit from the test page, then show the result."""
        await SittingService(db_session).submit_session(session_id, candidate_id=me(request).user_id)
        return Redirect(path=f"/assessments/sessions/{session_id}/result", status_code=303)

    @get("/sessions/{session_id:int}/result")
    async def result(
        self, request: Req, session_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """The result, the certificate download and the appeal form."""
        service = SittingService(db_session)
        ts = await service.settle(await service.get(session_id, candidate_id=me(request).user_id))
        test = await db_session.get(AssessmentTest, ts.test_id)
        assert test is not None
        appeals = [
            a
            for a in await AppealService(db_session).list_appeals(status=None, candidate_id=ts.candidate_id)
            if a.session_id == ts.id
        ]
        state = await session_state(db_session, ts)
        return Template(
            template_name="assessments/result.html",
            context={
                "result": await result_read(db_session, ts),
                "title": localized(test.title, ts.language),
                "appeals": appeals,
                "questions": state.questions,
            },
        )

    @post("/sessions/{session_id:int}/appeals", status_code=303)
    async def appeal(
        self,
        request: Req,
        session_id: FromPath[int],
        data: Annotated[AppealForm, FORM],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """File an appeal from the result page."""
        await AppealService(db_session).file_appeal(
            session_id,
            candidate_id=me(request).user_id,
            kind=data.kind,
            text=data.text,
            item_id=int(data.item_id) if data.item_id.strip().isdigit() else None,
        )
        return Redirect(path=f"/assessments/sessions/{session_id}/result#appeals", status_code=303)


@get("/verify", opt=PUBLIC, include_in_schema=False)
async def verify_form(
    db_session: NamedDependency[AsyncSession], code: FromQuery[str | None] = None
) -> Template | Redirect:
    """Anyone can check a certificate code."""
    if code and code.strip():
        return Redirect(path=f"/verify/{code.strip()}", status_code=303)
    return Template(template_name="assessments/verify.html", context={"code": "", "check": None})


@get("/verify/{code:str}", opt=PUBLIC, include_in_schema=False)
async def verify_page(code: FromPath[str], db_session: NamedDependency[AsyncSession]) -> Template:
    """Public verification: validity, test, holder name and dates only."""
    check = await CertificateService(db_session).verify(code)
    return Template(
        template_name="assessments/verify.html",
        context={"code": code, "check": check},
        status_code=200 if check is not None else 404,
    )
