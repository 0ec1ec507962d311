"""Candidate JSON API: start or resume a sitting, save answers, submit, results, certificates, appeals."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.adaptive import AdaptiveService
from assessments.answer_path import answer_store, save_answer
from assessments.appeals import AppealService
from assessments.bank import ItemBankService
from assessments.credentials import CertificateService
from assessments.moderation import CLIENT_EVENT_KINDS, ModerationService
from assessments.rules import now_utc
from assessments.schemas import (
    AppealIn,
    AppealRead,
    ResultRead,
    SaveAnswer,
    Saved,
    SessionEventIn,
    SessionState,
    StartSession,
    TestRead,
)
from assessments.service import SittingService
from assessments.views import appeal_read, result_read, session_state, test_read
from auth.guards import principal_of, requires_role
from auth.principal import Principal, Role

Req = Request[Any, Any, Any]
SITTERS = (Role.CANDIDATE, Role.STAFF)  # civil servants sit the digital-literacy test too


def me(request: Req) -> Principal:
    """The signed-in principal (the guard already admitted them)."""
    principal = principal_of(request)
    if principal is None:
        raise NotAuthorizedException("Sign in to continue.")
    return principal


def client_ip(request: Req) -> str | None:
    """The caller's address as the server sees it."""
    return request.client.host if request.client else None


class CandidateApi(Controller):
    """A candidate's own sittings."""

    path = "/api/assessments"
    tags = ["assessments"]
    guards = [requires_role(*SITTERS)]

    @get("/tests")
    async def list_tests(self, db_session: NamedDependency[AsyncSession]) -> list[TestRead]:
        """Tests that can be sat."""
        return [test_read(t) for t in await ItemBankService(db_session).list_tests()]

    @post("/tests/{slug:str}/sessions", status_code=201)
    async def start(
        self,
        request: Req,
        slug: FromPath[str],
        data: JSONBody[StartSession],
        db_session: NamedDependency[AsyncSession],
    ) -> SessionState:
        """Start a timed sitting, or resume the open one (same form, answers and deadline)."""
        ts = await SittingService(db_session).start_session(
            me(request).user_id, slug, language=data.language, ip=client_ip(request)
        )
        return await session_state(db_session, ts)

    @get("/sessions/{session_id:int}")
    async def state(
        self, request: Req, session_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> SessionState:
        """The sitting as the test page draws it, with the server's remaining seconds."""
        service = SittingService(db_session)
        ts = await service.settle(await service.get(session_id, candidate_id=me(request).user_id))
        await ModerationService(db_session).note_ip(ts, client_ip(request))
        return await session_state(db_session, ts)

    @put("/sessions/{session_id:int}/answers/{item_id:int}")
    async def save_answer(
        self, request: Req, session_id: FromPath[int], item_id: FromPath[int], data: JSONBody[SaveAnswer]
    ) -> Saved:
        """Save one answer durably before acknowledging; a stale retry never overwrites a newer save."""
        candidate_id = me(request).user_id
        async with answer_store(request.app.state.settings) as store:  # commits before the reply
            result = await save_answer(
                store, session_id, item_id, data.response, data.seq, candidate_id=candidate_id, now=now_utc()
            )
        return Saved(saved=result.saved, seq=result.seq)

    @post("/sessions/{session_id:int}/events", status_code=202)
    async def record_event(
        self,
        request: Req,
        session_id: FromPath[int],
        data: JSONBody[SessionEventIn],
        db_session: NamedDependency[AsyncSession],
    ) -> dict[str, bool]:
        """Record a focus loss, paste or reconnect noticed by the test page."""
        ts = await SittingService(db_session).get(session_id, candidate_id=me(request).user_id)
        if data.kind not in CLIENT_EVENT_KINDS:
            return {"recorded": False}
        return {"recorded": await ModerationService(db_session).record_event(ts, data.kind, data.details)}

    @post("/sessions/{session_id:int}/submit", status_code=200)
    async def submit(
        self, request: Req, session_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> ResultRead:
        """Submit the sitting (again: no change) and return the result."""
        ts = await SittingService(db_session).submit_session(session_id, candidate_id=me(request).user_id)
        return await result_read(db_session, ts)

    @post("/sessions/{session_id:int}/next", status_code=200)
    async def next_question(
        self, request: Req, session_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> SessionState | ResultRead:
        """Adaptive test: the next question once the current one is answered, or the result once it ends."""
        candidate_id = me(request).user_id
        step = await AdaptiveService(db_session).advance(session_id, candidate_id=candidate_id)
        if step.ended is None:  # a new question, or the same state while the current one is unanswered
            return await session_state(db_session, step.sitting)
        by = "deadline" if step.ended == "deadline" else "candidate"
        ts = await SittingService(db_session).submit_session(session_id, by=by, candidate_id=candidate_id)
        return await result_read(db_session, ts)

    @get("/sessions/{session_id:int}/result")
    async def result(
        self, request: Req, session_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> ResultRead:
        """The result of one's own sitting."""
        service = SittingService(db_session)
        ts = await service.settle(await service.get(session_id, candidate_id=me(request).user_id))
        return await result_read(db_session, ts)

    @get("/sessions/{session_id:int}/certificate.pdf", media_type="application/pdf")
    async def certificate(
        self,
        request: Req,
        session_id: FromPath[int],
        db_session: NamedDependency[AsyncSession],
        lang: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        """The certificate of a passed sitting as a PDF."""
        principal = me(request)
        cert, pdf = await CertificateService(db_session).pdf(
            session_id, candidate_id=principal.user_id, language=lang or principal.language
        )
        name = cert.code.lower() + ".pdf"
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    @post("/sessions/{session_id:int}/appeals", status_code=201)
    async def file_appeal(
        self,
        request: Req,
        session_id: FromPath[int],
        data: JSONBody[AppealIn],
        db_session: NamedDependency[AsyncSession],
    ) -> AppealRead:
        """Appeal a question, a technical fault or a breach of the rules, within the appeal window."""
        appeal = await AppealService(db_session).file_appeal(
            session_id, candidate_id=me(request).user_id, kind=data.kind, text=data.text, item_id=data.item_id
        )
        return appeal_read(appeal)

    @get("/appeals/mine")
    async def my_appeals(self, request: Req, db_session: NamedDependency[AsyncSession]) -> list[AppealRead]:
        """One's own appeals and their outcomes."""
        appeals = await AppealService(db_session).list_appeals(status=None, candidate_id=me(request).user_id)
        return [appeal_read(a) for a in appeals]
