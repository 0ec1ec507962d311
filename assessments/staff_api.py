"""JSON API for staff: item bank (admin), analysis and calibration, moderation and appeals (reviewers)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.accommodations import AccommodationService
from assessments.analysis import AnalysisService
from assessments.api import Req, me
from assessments.appeals import AppealService
from assessments.bank import ItemBankService
from assessments.moderation import ModerationService
from assessments.schemas import (
    AccommodationIn,
    AccommodationRead,
    AppealDecision,
    AppealRead,
    Calibrate,
    ExtraTime,
    FlagDecision,
    FlagRead,
    FlagSitting,
    ImportReportRead,
    ItemRead,
    ItemSaved,
    ItemWrite,
    StatusChange,
)
from assessments.service import SittingService
from assessments.views import accommodation_read, appeal_read, flag_read, item_read
from auth.guards import requires_role
from auth.principal import Role
from auth.service import AccountService

REVIEWERS = (Role.ADMIN, Role.COMMISSION_MEMBER)


class BankApi(Controller):
    """The item bank: browse, write (a shown item gets a new version), import and export."""

    path = "/api/assessments/banks"
    tags = ["assessments: item bank"]
    guards = [requires_role(Role.ADMIN)]

    @get("/{slug:str}/items")
    async def list_items(
        self,
        slug: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        status: FromQuery[str | None] = None,
        q: FromQuery[str] = "",
    ) -> list[ItemRead]:
        """The newest version of each item of a bank."""
        items = await ItemBankService(db_session).list_items(slug, status=status, search=q)
        return [item_read(i) for i in items]

    @get("/items/{item_id:int}")
    async def get_item(self, item_id: FromPath[int], db_session: NamedDependency[AsyncSession]) -> ItemRead:
        """One item version."""
        return item_read(await ItemBankService(db_session).get_item(item_id))

    @post("/{slug:str}/items", status_code=200)
    async def save_item(
        self, slug: FromPath[str], data: JSONBody[ItemWrite], db_session: NamedDependency[AsyncSession]
    ) -> ItemSaved:
        """Create or edit an item; editing a shown item creates a new version."""
        await ItemBankService(db_session).test_by_slug(slug)
        item, outcome = await ItemBankService(db_session).save_item(slug, _raw(data))
        return ItemSaved(item_read(item), outcome)

    @patch("/items/{item_id:int}/status")
    async def set_status(
        self, item_id: FromPath[int], data: JSONBody[StatusChange], db_session: NamedDependency[AsyncSession]
    ) -> ItemRead:
        """Move an item version to draft, pilot, active or retired."""
        return item_read(await ItemBankService(db_session).set_status(item_id, data.status))

    @post("/import", status_code=200)
    async def import_json(
        self, data: JSONBody[dict[str, Any]], db_session: NamedDependency[AsyncSession]
    ) -> ImportReportRead:
        """Import a bank file in the exchange format (idempotent)."""
        report = await ItemBankService(db_session).import_bank(data)
        return ImportReportRead(**asdict(report))

    @post("/{slug:str}/import.csv", status_code=200)
    async def import_csv(
        self,
        slug: FromPath[str],
        request: Req,
        db_session: NamedDependency[AsyncSession],
    ) -> ImportReportRead:
        """Import items of a test from CSV (the columns of the CSV export) sent as the request body."""
        text = (await request.body()).decode("utf-8-sig")
        report = await ItemBankService(db_session).import_csv(slug, text)
        return ImportReportRead(**asdict(report))

    @get("/{slug:str}/export.json")
    async def export_json(
        self, slug: FromPath[str], db_session: NamedDependency[AsyncSession]
    ) -> dict[str, Any]:
        """The bank in the exchange format."""
        return await ItemBankService(db_session).export_bank(slug)

    @get("/{slug:str}/export.csv", media_type="text/csv")
    async def export_csv(
        self, slug: FromPath[str], db_session: NamedDependency[AsyncSession]
    ) -> Response[str]:
        """The bank as CSV."""
        text = await ItemBankService(db_session).export_csv(slug)
        headers = {"content-disposition": f'attachment; filename="{slug}.csv"'}
        return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


def _raw(data: ItemWrite) -> dict[str, Any]:
    return {
        "key": data.key,
        "type": data.type,
        "content": data.content,
        "answer": data.answer,
        "tags": data.tags,
        "status": data.status,
        "explanation": data.explanation,
    }


class AnalysisApi(Controller):
    """Item analysis (admins and auditors) and IRT calibration (admins)."""

    path = "/api/assessments/tests"
    tags = ["assessments: psychometrics"]

    @get("/{slug:str}/analysis", guards=[requires_role(Role.ADMIN, Role.AUDITOR)])
    async def analysis(
        self, slug: FromPath[str], db_session: NamedDependency[AsyncSession]
    ) -> dict[str, Any]:
        """Classical statistics and flags of every item shown in the test's sittings."""
        return asdict(await AnalysisService(db_session).item_report(slug))

    @post("/{slug:str}/calibration", guards=[requires_role(Role.ADMIN)], status_code=200)
    async def calibrate(
        self,
        request: Req,
        slug: FromPath[str],
        data: JSONBody[Calibrate],
        db_session: NamedDependency[AsyncSession],
    ) -> dict[str, int]:
        """Fit IRT parameters from the test's sittings and store them on the items (audited)."""
        n = await AnalysisService(db_session).calibrate_test(
            slug, model=data.model, actor=me(request).user_id
        )
        return {"calibrated_items": n}

    @post("/{slug:str}/flags", guards=[requires_role(*REVIEWERS)], status_code=200)
    async def flag_sitting(
        self, slug: FromPath[str], data: JSONBody[FlagSitting], db_session: NamedDependency[AsyncSession]
    ) -> dict[str, int]:
        """Compute integrity flags of one day's sitting now (normally a job after each submit)."""
        test = await ItemBankService(db_session).test_by_slug(slug)
        return {"new_flags": await ModerationService(db_session).flag_sitting(test.id, data.day.isoformat())}


class AccommodationApi(Controller):
    """Standing extra time (accommodations) for candidates: admins only, audited."""

    path = "/api/assessments/accommodations"
    tags = ["assessments: accommodations"]
    guards = [requires_role(Role.ADMIN)]

    @get("/")
    async def list_accommodations(self, db_session: NamedDependency[AsyncSession]) -> list[AccommodationRead]:
        """Every standing accommodation."""
        return [accommodation_read(a, u) for a, u in await AccommodationService(db_session).list()]

    @put("/")
    async def grant(
        self, request: Req, data: JSONBody[AccommodationIn], db_session: NamedDependency[AsyncSession]
    ) -> AccommodationRead:
        """Give or change a candidate's standing extra time (applies to sittings started from now on)."""
        service = AccommodationService(db_session)
        found = await service.grant(
            data.email, minutes=data.minutes, note=data.note, actor=me(request).user_id
        )
        user = await AccountService(db_session).get(found.user_id)
        return accommodation_read(found, user)

    @delete("/{user_id:int}", status_code=204)
    async def withdraw(
        self, request: Req, user_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> None:
        """End a candidate's standing extra time."""
        await AccommodationService(db_session).withdraw(user_id, actor=me(request).user_id)


class ReviewApi(Controller):
    """The moderation queue, appeals and accommodations."""

    path = "/api/assessments/review"
    tags = ["assessments: review"]
    guards = [requires_role(*REVIEWERS)]

    @get("/flags")
    async def flags(
        self, db_session: NamedDependency[AsyncSession], status: FromQuery[str] = "open"
    ) -> list[FlagRead]:
        """Flags by status."""
        return [flag_read(f) for f in await ModerationService(db_session).queue(status=status)]

    @post("/flags/{flag_id:int}/decision", status_code=200)
    async def decide_flag(
        self,
        request: Req,
        flag_id: FromPath[int],
        data: JSONBody[FlagDecision],
        db_session: NamedDependency[AsyncSession],
    ) -> FlagRead:
        """Confirm or clear a flag with a reason (audited; the score stays as it is)."""
        flag = await ModerationService(db_session).decide(
            flag_id, status=data.status, reason=data.reason, decided_by=me(request).user_id
        )
        return flag_read(flag)

    @get("/appeals")
    async def appeals(
        self, db_session: NamedDependency[AsyncSession], status: FromQuery[str] = "open"
    ) -> list[AppealRead]:
        """Appeals by status."""
        return [appeal_read(a) for a in await AppealService(db_session).list_appeals(status=status)]

    @post("/appeals/{appeal_id:int}/decision", status_code=200)
    async def decide_appeal(
        self,
        request: Req,
        appeal_id: FromPath[int],
        data: JSONBody[AppealDecision],
        db_session: NamedDependency[AsyncSession],
    ) -> AppealRead:
        """Decide an appeal; re-keying or voiding an item re-scores every affected sitting."""
        appeal = await AppealService(db_session).resolve(
            appeal_id,
            decided_by=me(request).user_id,
            upheld=data.upheld,
            resolution=data.resolution,
            action=data.action,
            answer=data.answer,
        )
        return appeal_read(appeal)

    @post("/sessions/{session_id:int}/extra-time", guards=[requires_role(Role.ADMIN)], status_code=200)
    async def extra_time(
        self,
        request: Req,
        session_id: FromPath[int],
        data: JSONBody[ExtraTime],
        db_session: NamedDependency[AsyncSession],
    ) -> dict[str, Any]:
        """Grant an accommodation: extra minutes on an open sitting."""
        ts = await SittingService(db_session).grant_extra_time(
            session_id, minutes=data.minutes, actor=me(request).user_id
        )
        return {"session_id": ts.id, "deadline_at": ts.deadline_at.isoformat()}
