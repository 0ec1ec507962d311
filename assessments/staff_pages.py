"""Staff pages: item bank list and editor, item analysis with a chart, moderation queue, appeals."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from msgspec import Struct
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.accommodations import AccommodationService
from assessments.analysis import DIF_FLAG, MIN_DISTRACTOR_CHOOSERS, MIN_GROUP_FOR_DIF, AnalysisService
from assessments.api import Req, me
from assessments.appeals import AppealService
from assessments.bank import ItemBankService
from assessments.irt.classical import LOW_DISCRIMINATION, MIN_PAIR_N, TOO_EASY, TOO_HARD
from assessments.moderation import FAST_ANSWER_S, ModerationService
from assessments.pages import FORM
from assessments.staff_api import REVIEWERS
from auth.guards import requires_role
from auth.principal import Role

ADMIN = [requires_role(Role.ADMIN)]
BAR_HEIGHT, CHART_WIDTH = 18, 520
LABEL_WIDTH, VALUE_ROOM = 120, 44


class ItemForm(Struct):
    """The item editor: the item JSON (exchange format) and its status."""

    item_json: str
    status: str = "draft"


class UploadForm(Struct):
    """A bank file (JSON or CSV)."""

    file: UploadFile


class AccommodationForm(Struct):
    """Standing extra time typed on the accommodations page."""

    email: str
    minutes: int
    note: str = ""


class DecisionForm(Struct):
    """A moderator's or reviewer's decision from a page."""

    decision: str
    reason: str
    action: str = "none"
    answer: str = ""


class CalibrateForm(Struct):
    """The calibrate button."""

    model: str = "2pl"


def bar_chart(
    rows: list[dict[str, Any]],
    *,
    field: str = "p",
    lo: float = 0.0,
    hi: float = 1.0,
    guides: tuple[float, ...] = (),
) -> dict[str, Any]:
    """Geometry of an inline SVG bar chart of one statistic per item (difficulty ``p`` by default).

    Bars grow from zero on a fixed ``lo``..``hi`` scale, negative values to the left of the zero line;
    ``guides`` are dashed reference lines (flag thresholds). Values outside the scale are drawn at its edge.
    """
    scale = (CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM) / (hi - lo)
    zero = LABEL_WIDTH + (0.0 - lo) * scale
    bars = []
    for n, row in enumerate(rows):
        value = row[field]
        drawn = min(max(value, lo), hi) if value is not None else 0.0
        x = zero + min(drawn, 0.0) * scale
        width = abs(drawn) * scale
        bars.append(
            {
                "y": n * BAR_HEIGHT,
                "x": round(x, 1),
                "width": round(width, 1),
                "text_x": round((zero if drawn < 0 else x + width) + 4, 1),
                "label": row["key"],
                "value": value,
                "negative": value is not None and value < 0,
                "flagged": bool(row["flags"]),
                "dif": DIF_FLAG in row["flags"],
            }
        )
    height = max(1, len(bars)) * BAR_HEIGHT
    ticks = [
        {"x": round(zero + v * scale, 1), "label": f"{v:g}", "guide": v in guides}
        for v in sorted({lo, 0.0, hi, *guides})
    ]
    return {
        "bars": bars,
        "height": height,
        "width": CHART_WIDTH,
        "zero": round(zero, 1),
        "ticks": ticks,
        "negative": [b["label"] for b in bars if b["negative"]],
        "flagged": [b["label"] for b in bars if b["flagged"]],
        "dif": [b["label"] for b in bars if b["dif"]],
    }


def rpb_scale(rows: list[dict[str, Any]]) -> tuple[float, float]:
    """A point-biserial axis from below zero (so negative bars show) to the largest value, in tenths."""
    values = [r["rpb"] for r in rows if r["rpb"] is not None]
    lo = min([-0.2, *values])
    hi = max([0.6, *values])
    return max(-1.0, math.floor(lo * 10) / 10), min(1.0, math.ceil(hi * 10) / 10)


def analysis_charts(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The report's two charts: difficulty and corrected point-biserial per item."""
    lo, hi = rpb_scale(rows)
    return {
        "p": bar_chart(rows, guides=(TOO_HARD, TOO_EASY)),
        "rpb": bar_chart(rows, field="rpb", lo=lo, hi=hi, guides=(LOW_DISCRIMINATION,)),
    }


class StaffPages(Controller):
    """Pages for admins (bank, analysis) and reviewers (moderation, appeals)."""

    path = "/assessments/admin"
    include_in_schema = False

    @get("/", guards=[requires_role(Role.ADMIN, Role.AUDITOR, Role.COMMISSION_MEMBER)])
    async def index(self, db_session: NamedDependency[AsyncSession]) -> Template:
        """Tests with links to their bank, analysis and the review queues."""
        tests = await ItemBankService(db_session).list_tests()
        return Template(template_name="assessments/admin/index.html", context={"tests": tests})

    @get("/banks/{slug:str}", guards=ADMIN)
    async def bank(
        self,
        slug: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        status: FromQuery[str | None] = None,
        q: FromQuery[str] = "",
    ) -> Template:
        """The items of a bank (newest versions), filterable by status and text."""
        test = await ItemBankService(db_session).test_by_slug(slug)
        items = await ItemBankService(db_session).list_items(slug, status=status or None, search=q)
        context = {"test": test, "items": items, "status": status or "", "q": q}
        return Template(template_name="assessments/admin/bank.html", context=context)

    @post("/banks/{slug:str}/import", guards=ADMIN, status_code=303)
    async def import_file(
        self,
        slug: FromPath[str],
        data: Annotated[UploadForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Import a JSON bank file or a CSV of items."""
        text = (await data.file.read()).decode("utf-8-sig")
        bank = ItemBankService(db_session)
        if (data.file.filename or "").lower().endswith(".csv"):
            await bank.import_csv(slug, text)
        else:
            await bank.import_bank(json.loads(text) | {"test": slug})
        return Redirect(path=f"/assessments/admin/banks/{slug}", status_code=303)

    @post("/banks/{slug:str}/items", guards=ADMIN, status_code=303)
    async def create_item(
        self, slug: FromPath[str], data: Annotated[ItemForm, FORM], db_session: NamedDependency[AsyncSession]
    ) -> Redirect:
        """Create an item from the JSON typed on the bank page."""
        bank = ItemBankService(db_session)
        await bank.test_by_slug(slug)
        saved, _ = await bank.save_item(slug, _parse_item(data.item_json) | {"status": data.status})
        return Redirect(path=f"/assessments/admin/items/{saved.id}", status_code=303)

    @get("/items/{item_id:int}", guards=ADMIN)
    async def item(self, item_id: FromPath[int], db_session: NamedDependency[AsyncSession]) -> Template:
        """The item editor (JSON in the exchange format); a shown item is saved as a new version."""
        item = await ItemBankService(db_session).get_item(item_id)
        raw = {k: getattr(item, k) for k in ("key", "type", "tags", "content", "answer", "explanation")}
        return Template(
            template_name="assessments/admin/item.html",
            context={"item": item, "item_json": json.dumps(raw, ensure_ascii=False, indent=2)},
        )

    @post("/items/{item_id:int}", guards=ADMIN, status_code=303)
    async def save_item(
        self,
        item_id: FromPath[int],
        data: Annotated[ItemForm, FORM],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Save the edited item."""
        bank = ItemBankService(db_session)
        current = await bank.get_item(item_id)
        raw = _parse_item(data.item_json)
        if raw.get("key") != current.key:
            raise ClientException("The item JSON must be an object with the same key.")
        saved, _ = await bank.save_item(current.bank, raw | {"status": data.status})
        return Redirect(path=f"/assessments/admin/items/{saved.id}", status_code=303)

    @get("/tests/{slug:str}/analysis", guards=[requires_role(Role.ADMIN, Role.AUDITOR)])
    async def analysis(self, slug: FromPath[str], db_session: NamedDependency[AsyncSession]) -> Template:
        """Item analysis report: reliability, difficulty and discrimination charts, options, DIF, flags."""
        report = await AnalysisService(db_session).item_report(slug)
        rows = [asdict(r) for r in report.items]
        limits = {
            "min_pair_n": MIN_PAIR_N,
            "min_dif_group": MIN_GROUP_FOR_DIF,
            "min_choosers": MIN_DISTRACTOR_CHOOSERS,
            "dif_flag": DIF_FLAG,
            "too_easy": TOO_EASY,
            "too_hard": TOO_HARD,
            "low_discrimination": LOW_DISCRIMINATION,
        }
        return Template(
            template_name="assessments/admin/analysis.html",
            context={"report": report, "rows": rows, "charts": analysis_charts(rows), "limits": limits},
        )

    @post("/tests/{slug:str}/calibration", guards=ADMIN, status_code=303)
    async def calibrate(
        self,
        request: Req,
        slug: FromPath[str],
        data: Annotated[CalibrateForm, FORM],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Run an IRT calibration from the report page."""
        await AnalysisService(db_session).calibrate_test(slug, model=data.model, actor=me(request).user_id)
        return Redirect(path=f"/assessments/admin/tests/{slug}/analysis", status_code=303)

    @get("/moderation", guards=[requires_role(*REVIEWERS)])
    async def moderation(
        self, db_session: NamedDependency[AsyncSession], status: FromQuery[str] = "open"
    ) -> Template:
        """The moderation queue."""
        flags = await ModerationService(db_session).queue(status=status)
        return Template(
            template_name="assessments/admin/moderation.html", context={"flags": flags, "status": status}
        )

    @get("/moderation/sittings/{session_id:int}", guards=[requires_role(*REVIEWERS)])
    async def sitting_timeline(
        self, session_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """One sitting's events and per-question answer times, for deciding its flags."""
        timeline = await ModerationService(db_session).timeline(session_id)
        answered = [row["seconds"] for row in timeline.items if row["seconds"] is not None]
        top = max([60.0, *answered])
        chart = bar_chart(timeline.items, field="seconds", lo=0.0, hi=math.ceil(top / 30) * 30)
        return Template(
            template_name="assessments/admin/sitting.html",
            context={"t": timeline, "chart": chart, "rows": timeline.items, "fast": FAST_ANSWER_S},
        )

    @post("/moderation/{flag_id:int}", guards=[requires_role(*REVIEWERS)], status_code=303)
    async def decide_flag(
        self,
        request: Req,
        flag_id: FromPath[int],
        data: Annotated[DecisionForm, FORM],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Confirm or clear a flag."""
        await ModerationService(db_session).decide(
            flag_id, status=data.decision, reason=data.reason, decided_by=me(request).user_id
        )
        return Redirect(path="/assessments/admin/moderation", status_code=303)

    @get("/accommodations", guards=ADMIN)
    async def accommodations(self, db_session: NamedDependency[AsyncSession]) -> Template:
        """Candidates' standing extra time, and the form to grant it."""
        rows = await AccommodationService(db_session).list()
        return Template(template_name="assessments/admin/accommodations.html", context={"rows": rows})

    @post("/accommodations", guards=ADMIN, status_code=303)
    async def grant_accommodation(
        self,
        request: Req,
        data: Annotated[AccommodationForm, FORM],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Give or change a candidate's standing extra time."""
        await AccommodationService(db_session).grant(
            data.email, minutes=data.minutes, note=data.note, actor=me(request).user_id
        )
        return Redirect(path="/assessments/admin/accommodations", status_code=303)

    @post("/accommodations/{user_id:int}/withdraw", guards=ADMIN, status_code=303)
    async def withdraw_accommodation(
        self, request: Req, user_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> Redirect:
        """End a candidate's standing extra time."""
        await AccommodationService(db_session).withdraw(user_id, actor=me(request).user_id)
        return Redirect(path="/assessments/admin/accommodations", status_code=303)

    @get("/appeals", guards=[requires_role(*REVIEWERS)])
    async def appeals(
        self, db_session: NamedDependency[AsyncSession], status: FromQuery[str] = "open"
    ) -> Template:
        """Appeals waiting for a decision."""
        appeals = await AppealService(db_session).list_appeals(status=status or None)
        return Template(
            template_name="assessments/admin/appeals.html", context={"appeals": appeals, "status": status}
        )

    @post("/appeals/{appeal_id:int}", guards=[requires_role(*REVIEWERS)], status_code=303)
    async def decide_appeal(
        self,
        request: Req,
        appeal_id: FromPath[int],
        data: Annotated[DecisionForm, FORM],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Uphold or reject an appeal (optionally re-keying or voiding its item)."""
        try:
            answer = json.loads(data.answer) if data.answer.strip() else None
        except json.JSONDecodeError as exc:
            raise ClientException(f"The answer key is not valid JSON: {exc}") from exc
        await AppealService(db_session).resolve(
            appeal_id,
            decided_by=me(request).user_id,
            upheld=data.decision == "upheld",
            resolution=data.reason,
            action=data.action,
            answer=answer,
        )
        return Redirect(path="/assessments/admin/appeals", status_code=303)


def _parse_item(text: str) -> dict[str, Any]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClientException(f"The item is not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise ClientException("The item must be a JSON object.")
    return raw
