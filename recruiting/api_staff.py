"""The recruiting JSON API for staff: HR (own body only), the commission (blind) and the auditor."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from auth.guards import requires_role
from auth.principal import Role
from recruiting.api import AnyRequest, Db, applicant_list, me, vacancy_data
from recruiting.commission import CommissionService
from recruiting.essays import EssayReviewService
from recruiting.reports import ReportService
from recruiting.schemas import (
    ApplicantListRead,
    BlindEssayRead,
    BlindItemRead,
    DecisionIn,
    EssayScoreIn,
    GroupRead,
    RevealIn,
    RevealRead,
    ScoreIn,
    ShortlistIn,
    ShortlistRead,
    StageRead,
    StatusIn,
    VacancyRead,
    VacancyWrite,
)
from recruiting.stages import StageService
from recruiting.vacancies import VacancyService


class HrController(Controller):
    """HR officers: vacancies of their body, ranked pseudonymous applicants, stage actions, reveals."""

    path = "/api/recruiting/hr"
    tags = ["recruiting"]
    guards = [requires_role(Role.HR_OFFICER)]

    @get("/vacancies")
    async def vacancies(self, request: AnyRequest, db_session: Db) -> list[VacancyRead]:
        """The vacancies of the caller's bodies."""
        return [VacancyRead.of(v) for v in await VacancyService(db_session).of_body(me(request))]

    @post("/vacancies", status_code=201)
    async def create(self, request: AnyRequest, db_session: Db, data: JSONBody[VacancyWrite]) -> VacancyRead:
        """Create a draft vacancy."""
        return VacancyRead.of(
            await VacancyService(db_session).create_vacancy(me(request), vacancy_data(data))
        )

    @put("/vacancies/{vacancy_id:int}")
    async def update(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], data: JSONBody[VacancyWrite]
    ) -> VacancyRead:
        """Edit a draft vacancy."""
        service = VacancyService(db_session)
        return VacancyRead.of(await service.update_vacancy(me(request), vacancy_id, vacancy_data(data)))

    @post("/vacancies/{vacancy_id:int}/{action:str}", status_code=200)
    async def move(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], action: FromPath[str]
    ) -> VacancyRead:
        """``publish`` or ``close`` a vacancy."""
        target = {"publish": "published", "close": "closed"}.get(action, action)
        return VacancyRead.of(await VacancyService(db_session).move(me(request), vacancy_id, target))

    @get("/vacancies/{vacancy_id:int}/applicants")
    async def applicants(
        self,
        request: AnyRequest,
        db_session: Db,
        vacancy_id: FromPath[int],
        offset: FromQuery[int] = 0,
        limit: FromQuery[int] = 100,
    ) -> ApplicantListRead:
        """Ranked applicants by pseudonymous code with k-anonymised merit (k=3), a page at a time."""
        reports, page = ReportService(db_session), (max(offset, 0), min(max(limit, 1), 500))
        return applicant_list(
            await reports.applicants(me(request), vacancy_id, offset=page[0], limit=page[1])
        )

    @get("/applications/{application_id:int}")
    async def profile(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int]
    ) -> dict[str, Any]:
        """One anonymised applicant profile."""
        return await ReportService(db_session).profile(me(request), application_id)

    @post("/vacancies/{vacancy_id:int}/shortlist", status_code=200)
    async def shortlist(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], data: JSONBody[ShortlistIn]
    ) -> ShortlistRead:
        """Preview (apply=false) or make the essay/interview cut, with the fairness warning."""
        cut = await StageService(db_session).shortlist(me(request), vacancy_id, data.stage, apply=data.apply)
        return ShortlistRead(cut.stage, cut.taken, cut.left, cut.warning)

    @post("/vacancies/{vacancy_id:int}/decision", status_code=200)
    async def decide(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], data: JSONBody[DecisionIn]
    ) -> VacancyRead:
        """The final decision: the appointed code and the reserve."""
        stages = StageService(db_session)
        vacancy = await stages.decide(me(request), vacancy_id, selected=data.selected, reserve=data.reserve)
        return VacancyRead.of(vacancy)

    @post("/applications/{application_id:int}/status", status_code=200)
    async def set_status(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int], data: JSONBody[StatusIn]
    ) -> dict[str, str]:
        """A manual stage action along an allowed transition."""
        app = await StageService(db_session).set_status(me(request), application_id, data.status, data.note)
        return {"code": app.code, "status": app.status}

    @post("/applications/{application_id:int}/reveal", status_code=200)
    async def reveal(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int], data: JSONBody[RevealIn]
    ) -> dict[str, Any]:
        """Reveal a selected or reserve candidate's identity after the decision, with a reason (audited)."""
        return await StageService(db_session).reveal_identity(me(request), application_id, reason=data.reason)


class CommissionController(Controller):
    """Commission members: blind answers and their own scores."""

    path = "/api/recruiting/commission"
    tags = ["recruiting"]
    guards = [requires_role(Role.COMMISSION_MEMBER)]

    @get("/vacancies/{vacancy_id:int}/{stage:str}")
    async def queue(
        self, request: AnyRequest, db_session: Db, vacancy_id: FromPath[int], stage: FromPath[str]
    ) -> dict[str, list[BlindItemRead]]:
        """Answers by question in the caller's own order; peers' scores only once all are in."""
        queue = await CommissionService(db_session).queue(me(request), vacancy_id, stage)
        return {
            q: [
                BlindItemRead(i.application_id, i.code, i.text, i.mine, i.peers_mean, i.complete)
                for i in items
            ]
            for q, items in queue.items()
        }

    @post("/applications/{application_id:int}/scores", status_code=201)
    async def score(
        self, request: AnyRequest, db_session: Db, application_id: FromPath[int], data: JSONBody[ScoreIn]
    ) -> dict[str, Any]:
        """Score one answer, each criterion 1–5."""
        row = await CommissionService(db_session).score(
            me(request), application_id, question=data.question, criteria=data.criteria
        )
        return {"application_id": row.application_id, "question": row.question, "mean": row.mean}


class EssayReviewController(Controller):
    """The standing assessment commission: test essays, blind, and the caller's own points."""

    path = "/api/recruiting/commission/essays"
    tags = ["recruiting"]
    guards = [requires_role(Role.COMMISSION_MEMBER)]

    @get("/")
    async def queue(self, request: AnyRequest, db_session: Db) -> dict[str, list[BlindEssayRead]]:
        """Essays to score by question, in the caller's own order; peers' mean only once all are in."""
        queue = await EssayReviewService(db_session).queue(me(request))
        return {q: [BlindEssayRead.of(e) for e in items] for q, items in queue.items()}

    @post("/{essay_id:int}/scores", status_code=201)
    async def score(
        self, request: AnyRequest, db_session: Db, essay_id: FromPath[int], data: JSONBody[EssayScoreIn]
    ) -> BlindEssayRead:
        """Score one essay, 0–5, once."""
        essay = await EssayReviewService(db_session).score(me(request), essay_id, points=data.points)
        return BlindEssayRead.of(essay)


class AuditorController(Controller):
    """Auditors: the fairness report and the reveal log."""

    path = "/api/recruiting/audit"
    tags = ["recruiting"]
    guards = [requires_role(Role.AUDITOR)]

    @get("/fairness")
    async def fairness(
        self,
        db_session: Db,
        attribute: FromQuery[str] = "gender",
        vacancy_id: FromQuery[int | None] = None,
        body_id: FromQuery[int | None] = None,
    ) -> list[StageRead]:
        """Selection rates, impact ratios and Fisher p per stage; groups under 10 suppressed."""
        report = await ReportService(db_session).fairness(
            attribute=attribute, vacancy_id=vacancy_id, body_id=body_id
        )
        return [
            StageRead(
                s.stage,
                s.reference,
                [
                    GroupRead(
                        g.group,
                        g.suppressed,
                        g.n,
                        g.selected,
                        g.rate,
                        g.impact_ratio,
                        g.p_value,
                        g.below_four_fifths,
                    )
                    for g in s.groups
                ],
            )
            for s in report
        ]

    @get("/reveals")
    async def reveals(self, db_session: Db) -> list[RevealRead]:
        """Every identity reveal: who, which application, why, when."""
        log = await StageService(db_session).reveal_log()
        return [RevealRead(r.id, code, vac, r.actor_id, r.reason, r.at) for r, code, vac in log]
