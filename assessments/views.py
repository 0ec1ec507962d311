"""Read models built from the tables, shared by the JSON API and the pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from assessments.bank import parse_blueprint
from assessments.credentials import CertificateService
from assessments.models import Accommodation, Appeal, AssessmentTest, Flag, Item, TestSession
from assessments.schemas import (
    AccommodationRead,
    AppealRead,
    FlagRead,
    ItemRead,
    QuestionRead,
    ResultRead,
    SectionRead,
    SessionState,
    TestRead,
)
from assessments.service import SittingService, remaining_seconds
from auth.models import User

FALLBACK_LANGS = ("ru", "kk", "en")


def localized(texts: dict[str, Any], lang: str) -> Any:
    """The text in ``lang``, else the first available of ru, kk, en."""
    for candidate in (lang, *FALLBACK_LANGS):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()), "")


def test_read(test: AssessmentTest) -> TestRead:
    """The public face of a test."""
    blueprint = parse_blueprint(test.blueprint)
    return TestRead(
        test.slug,
        test.title,
        blueprint.time_limit_minutes,
        blueprint.item_count,
        test.languages,
        adaptive=blueprint.mode == "adaptive",
    )


def _question(position: int, entry: dict[str, Any], item: Item, lang: str, answer: Any) -> QuestionRead:
    version = localized(item.content, lang) or {}
    options = list(version.get("options") or [])
    order = entry.get("order") or list(range(len(options)))
    shown = [options[i] for i in order] if options else []
    return QuestionRead(
        item_id=item.id,
        position=position,
        type=item.type,
        stem=str(version.get("stem", "")),
        options=shown,
        response=answer.response if answer is not None else None,
        seq=int(answer.seq) if answer is not None else 0,
    )


async def session_state(db: AsyncSession, ts: TestSession) -> SessionState:
    """The test page's state: questions in display order, saved answers, the server's remaining time."""
    service = SittingService(db)
    test = await db.get(AssessmentTest, ts.test_id)
    assert test is not None
    items = await service.items_of(ts)
    answers = await service.answers(ts.id)
    questions = [
        _question(n, entry, items[int(entry["item"])], ts.language, answers.get(int(entry["item"])))
        for n, entry in enumerate(ts.form, start=1)
    ]
    blueprint = parse_blueprint(test.blueprint)
    adaptive = blueprint.mode == "adaptive"
    return SessionState(
        id=ts.id,
        test=test.slug,
        title=str(localized(test.title, ts.language)),
        status=ts.status,
        language=ts.language,
        started_at=ts.started_at,
        deadline_at=ts.deadline_at,
        remaining_seconds=remaining_seconds(ts),
        answered=sum(1 for q in questions if q.response not in (None, "", [])),
        questions=questions,
        adaptive=adaptive,
        max_questions=blueprint.max_items if adaptive else None,
    )


async def result_read(db: AsyncSession, ts: TestSession) -> ResultRead:
    """A sitting's result (empty while open)."""
    test = await db.get(AssessmentTest, ts.test_id)
    assert test is not None
    score = ts.score or {}
    cert = await CertificateService(db).for_session(ts.id)
    return ResultRead(
        session_id=ts.id,
        test=test.slug,
        status=ts.status if ts.status != "submitted" else str(score.get("status", "submitted")),
        passed=ts.passed,
        total=score.get("total"),
        max_total=score.get("max_total"),
        correct=score.get("correct"),
        theta=ts.theta,
        theta_se=ts.theta_se,
        sections=[
            SectionRead(
                s["label"], s["items"], s["correct"], s["raw"], s["max"], s["min_correct"], s["passed"]
            )
            for s in score.get("sections", [])
        ],
        reasons=list(score.get("reasons", [])),
        submitted_at=ts.submitted_at,
        rescored_at=ts.rescored_at,
        certificate_code=cert.code if cert is not None and not cert.revoked else None,
    )


def appeal_read(a: Appeal) -> AppealRead:
    """An appeal as the API shows it."""
    return AppealRead(
        a.id,
        a.session_id,
        a.item_id,
        a.kind,
        a.text,
        a.status,
        a.resolution,
        a.action,
        a.filed_at,
        a.decided_at,
    )


def flag_read(f: Flag) -> FlagRead:
    """A flag as the API shows it."""
    return FlagRead(
        f.id, f.session_id, f.peer_session_id, f.kind, f.features, f.status, f.reason, f.created_at
    )


def item_read(i: Item) -> ItemRead:
    """An item version as the API shows it."""
    return ItemRead(
        i.id,
        i.bank,
        i.key,
        i.version,
        i.type,
        i.status,
        i.tags,
        i.content,
        i.answer,
        i.exposure,
        i.voided,
        i.irt,
    )


def accommodation_read(accommodation: Accommodation, user: User) -> AccommodationRead:
    """A standing accommodation with the candidate it belongs to (shown to admins only)."""
    return AccommodationRead(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        minutes=accommodation.extra_minutes,
        note=accommodation.note,
        granted_at=accommodation.granted_at,
    )
