"""Results after a sitting: certificates, appeals that re-key an item, integrity flags and moderation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.settings import Settings
from assessments.appeals import AppealService
from assessments.credentials import CertificateService
from assessments.models import Flag, Item, TestSession
from assessments.moderation import ModerationService
from assessments.rules import Conflict
from assessments.service import SittingService
from auth.audit.models import AuditEntry
from auth.principal import Role
from tests.assessments.helpers import form_items, load_bank, make_person, right_response, wrong_response
from tests.conftest import run_jobs
from workers import runtime
from workers.models import OutboxEvent
from workers.uow import commit


async def _sit(
    db: AsyncSession, candidate_id: int, *, wrong: int = 0, now: datetime | None = None
) -> TestSession:
    """A submitted legislation sitting with all answers right except the first ``wrong`` ones."""
    service = SittingService(db)
    ts = await service.start_session(candidate_id, "legislation", language="ru", now=now)
    for seq, (entry, item) in enumerate(await form_items(db, ts), start=1):
        response = wrong_response(entry, item) if seq <= wrong else right_response(entry, item)
        await service.save_answer(ts.id, item.id, response, seq, candidate_id=candidate_id, now=now)
    return await service.submit_session(ts.id, candidate_id=candidate_id, now=now)


async def test_passed_sitting_gets_a_certificate_that_verifies_until_revoked(db: AsyncSession) -> None:
    await load_bank(db)
    person = await make_person(db, name="Dana Nurlanovna")
    ts = await _sit(db, person.id)
    certificates = CertificateService(db)
    cert = await certificates.for_session(ts.id)
    assert cert is not None and ts.passed
    check = await certificates.verify(cert.code.lower())
    assert check is not None and check.valid and check.holder_name == "Dana Nurlanovna"
    assert check.test_title["en"] == "Legislation test"
    assert (check.valid_until - check.issued_on).days == 365
    forged = cert.code[:-1] + ("0" if cert.code[-1] != "0" else "1")
    assert await certificates.verify(forged) is None
    _, pdf = await certificates.pdf(ts.id, candidate_id=person.id, language="kk")
    assert pdf.startswith(b"%PDF")
    await certificates.revoke_for_session(ts.id, reason="test")
    revoked = await certificates.verify(cert.code)
    assert revoked is not None and (revoked.valid, revoked.status) == (False, "revoked")


async def test_failed_sitting_gets_no_certificate(db: AsyncSession) -> None:
    await load_bank(db)
    person = await make_person(db)
    ts = await _sit(db, person.id, wrong=30)
    assert ts.passed is False
    assert await CertificateService(db).for_session(ts.id) is None


async def test_appeal_is_filed_only_within_the_window_and_for_a_shown_question(db: AsyncSession) -> None:
    await load_bank(db)
    person = await make_person(db)
    ts = await _sit(db, person.id)
    appeals = AppealService(db)
    item_id = int(ts.form[0]["item"])
    with pytest.raises(Exception, match="Choose the question"):
        await appeals.file_appeal(
            ts.id, candidate_id=person.id, kind="question", text="Wrong key", item_id=None
        )
    assert ts.submitted_at is not None
    with pytest.raises(Conflict, match="appeal period ended"):
        await appeals.file_appeal(
            ts.id, candidate_id=person.id, kind="technical", text="x", now=ts.submitted_at + timedelta(days=4)
        )
    appeal = await appeals.file_appeal(
        ts.id, candidate_id=person.id, kind="question", text="Key", item_id=item_id
    )
    assert appeal.status == "open"


async def test_upheld_appeal_rekeys_the_item_and_rescores_every_affected_sitting(
    committed: AsyncEngine, settings: Settings
) -> None:
    async with runtime.session() as db:
        await load_bank(db)
        person = await make_person(db)
        reviewer = await make_person(db, Role.ADMIN)
        ts = await _sit(db, person.id, wrong=1)  # the first shown question answered "wrong"
        entry, item = (await form_items(db, ts))[0]
        chosen_original = entry["order"][wrong_response(entry, item)]
        await commit(db)
    await run_jobs(settings)
    assert ts.score is not None and ts.score["correct"] == 54
    async with runtime.session() as db:
        appeal = await AppealService(db).file_appeal(
            ts.id, candidate_id=person.id, kind="question", text="Option I chose is right", item_id=item.id
        )
        await AppealService(db).resolve(
            appeal.id,
            decided_by=reviewer.id,
            upheld=True,
            resolution="The key was wrong.",
            action="rekey",
            answer={"correct": chosen_original},
        )
        await commit(db)
    await run_jobs(settings)
    async with runtime.session() as db:
        after = await db.get(TestSession, ts.id)
        assert after is not None and after.score is not None
        assert after.score["correct"] == 55 and after.rescored_at is not None
        events = (
            await db.execute(
                select(OutboxEvent.payload).where(OutboxEvent.name == "assessments.result_recorded")
            )
        ).scalars()
        assert [(p["session_id"], p["correct"], p["rescored"]) for p in events] == [
            (ts.id, 54, False),
            (ts.id, 55, True),
        ]
        rekeyed = await db.get(Item, item.id)
        assert rekeyed is not None and rekeyed.answer == {"correct": chosen_original}


async def test_confirming_an_integrity_flag_never_changes_the_score(db: AsyncSession) -> None:
    await load_bank(db)
    moderator = await make_person(db, Role.ADMIN)
    day = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    sittings = []
    for k in range(8):  # one outlier among 8 stands out by a robust z above 5
        person = await make_person(db)
        ts = await SittingService(db).start_session(person.id, "legislation", language="ru", now=day)
        if k == 0:
            for _ in range(25):
                await ModerationService(db).record_event(ts, "focus_loss", now=day)
        sittings.append(await _sit(db, person.id, wrong=k * 2, now=day + timedelta(minutes=1)))
    assert await ModerationService(db).flag_sitting(sittings[0].test_id, "2026-11-20") >= 1
    flags = (await db.execute(select(Flag).where(Flag.session_id == sittings[0].id))).scalars().all()
    assert [f.kind for f in flags] == ["anomaly"] and "focus_losses" in flags[0].features
    before = (sittings[0].score, sittings[0].passed)
    with pytest.raises(Exception, match="reason"):
        await ModerationService(db).decide(
            flags[0].id, status="confirmed", reason=" ", decided_by=moderator.id
        )
    await ModerationService(db).decide(
        flags[0].id, status="confirmed", reason="Left the tab", decided_by=moderator.id
    )
    await db.refresh(sittings[0])
    assert (sittings[0].score, sittings[0].passed) == before
    audit = (
        await db.execute(select(AuditEntry.action).order_by(AuditEntry.seq.desc()).limit(1))
    ).scalar_one()
    assert audit == "assessments.flag_confirmed"
    # recomputing the sitting never reopens a decided flag
    await ModerationService(db).flag_sitting(sittings[0].test_id, "2026-11-20")
    assert (await db.get(Flag, flags[0].id)).status == "confirmed"  # type: ignore[union-attr]


async def test_a_sitting_annulled_on_appeal_loses_its_certificate_and_allows_a_retake_at_once(
    db: AsyncSession,
) -> None:
    await load_bank(db)
    person = await make_person(db)
    reviewer = await make_person(db, Role.COMMISSION_MEMBER)
    ts = await _sit(db, person.id)
    appeal = await AppealService(db).file_appeal(
        ts.id, candidate_id=person.id, kind="technical", text="The page froze for ten minutes."
    )
    with pytest.raises(Exception, match="rejected appeal takes no action"):
        await AppealService(db).resolve(
            appeal.id, decided_by=reviewer.id, upheld=False, resolution="No.", action="void_session"
        )
    await AppealService(db).resolve(
        appeal.id,
        decided_by=reviewer.id,
        upheld=True,
        resolution="Server fault confirmed.",
        action="void_session",
    )
    cert = await CertificateService(db).for_session(ts.id)
    assert cert is not None and cert.revoked
    retake = await SittingService(db).start_session(person.id, "legislation", language="ru")
    assert retake.id != ts.id and retake.status == "open"
    with pytest.raises(Conflict, match="already decided"):
        await AppealService(db).resolve(appeal.id, decided_by=reviewer.id, upheld=False, resolution="Again")
