"""Sittings: start (or resume) a timed test, save answers (the hot path), submit and score, re-score."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from assessments import essays, events
from assessments.accommodations import AccommodationService
from assessments.adaptive import AdaptiveService, judge
from assessments.answer_path import CoreStore, save_answer
from assessments.bank import ItemBankService, parse_blueprint
from assessments.credentials import CertificateService
from assessments.exposure import schedule_count
from assessments.forms import BankItem, NotEnoughItems, assemble_form
from assessments.grading import score_json, score_sitting
from assessments.models import Answer, AssessmentTest, FormItem, Item, TestSession
from assessments.rules import (
    GRACE_SECONDS,
    Conflict,
    RetakeTooSoon,
    SaveResult,
    SittingClosed,
    aware,
    now_utc,
    past_deadline,
)
from assessments.upsert import sitting_write_lock
from auth.audit.service import AuditService
from workers import runtime
from workers.jobs import enqueue_after_commit
from workers.outbox import emit

FLAG_DELAY = timedelta(minutes=10)


def remaining_seconds(ts: TestSession, now: datetime | None = None) -> int:
    """Whole seconds left before the deadline (0 once passed or submitted)."""
    if ts.status != "open":
        return 0
    left = (aware(ts.deadline_at) - (now or now_utc())).total_seconds()
    return max(0, int(left))


def expired(ts: TestSession, now: datetime | None = None) -> bool:
    """True once the deadline and its grace have passed."""
    return past_deadline(ts.deadline_at, now or now_utc())


class SittingService:
    """The life of a test session, for one request or job."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, session_id: int, *, candidate_id: int | None = None) -> TestSession:
        """A sitting; with ``candidate_id`` only that candidate's own."""
        ts = await self.session.get(TestSession, session_id)
        if ts is None or (candidate_id is not None and ts.candidate_id != candidate_id):
            raise NotFoundException("No such test session.")
        return ts

    async def start_session(
        self,
        candidate_id: int,
        slug: str,
        *,
        language: str,
        extra_time_minutes: int | None = None,
        ip: str | None = None,
        now: datetime | None = None,
    ) -> TestSession:
        """Start a sitting, or resume the open one; refuse a retake before the retake period ends.

        Extra time defaults to the candidate's standing accommodation (``accommodations.py``)."""
        now = now or now_utc()
        test = await ItemBankService(self.session).test_by_slug(slug)
        if language not in (test.languages or ["kk", "ru", "en"]):
            raise ClientException(f"The test is not offered in {language!r}.")
        open_key = f"{candidate_id}:{test.id}"
        current = await self._open_session(open_key)
        if current is not None:
            if not expired(current, now):
                return current
            await self.submit_session(current.id, by="deadline", now=now)
        blueprint = parse_blueprint(test.blueprint)
        await self._check_retake(candidate_id, test.id, blueprint.retake_after_days, now)
        adaptive = blueprint.mode == "adaptive"  # its form grows question by question (adaptive.py)
        form = [] if adaptive else await self._assemble(test, seed=secrets.randbits(62))
        if extra_time_minutes is None:
            extra_time_minutes = await AccommodationService(self.session).extra_minutes(candidate_id)
        minutes = blueprint.time_limit_minutes + max(0, extra_time_minutes)
        ts = TestSession(
            candidate_id=candidate_id,
            test_id=test.id,
            open_key=open_key,
            form=form,
            language=language,
            started_at=now,
            deadline_at=now + timedelta(minutes=minutes),
            extra_time_minutes=max(0, extra_time_minutes),
            start_ip=ip,
            last_ip=ip,
            status="open",
        )
        try:
            async with self.session.begin_nested():
                self.session.add(ts)
                await self.session.flush()
                if adaptive:  # the first question's draw is seeded by the sitting's id
                    form = ts.form = await AdaptiveService(self.session).first_form(ts, test, blueprint)
                rows = [{"session_id": ts.id, "item_id": int(e["item"])} for e in form]
                await self.session.execute(insert(FormItem), rows)
        except IntegrityError:
            # A concurrent start won the race for this candidate and test: resume theirs.
            resumed = await self._open_session(open_key)
            if resumed is None:
                raise
            return resumed
        # Exposure counters are bumped by a job after commit: concurrent starts at an exam's opening
        # minute would otherwise queue on the same item rows inside the request.
        schedule_count(self.session, test.id, now)
        deadline = aware(ts.deadline_at) + timedelta(seconds=GRACE_SECONDS)
        enqueue_after_commit(self.session, events.AUTO_SUBMIT, ts.id, at=deadline)
        return ts

    async def _open_session(self, open_key: str) -> TestSession | None:
        query = select(TestSession).where(TestSession.open_key == open_key)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def _check_retake(self, candidate_id: int, test_id: int, days: int, now: datetime) -> None:
        """A retake only ``days`` after the last submitted sitting (an annulled one does not count)."""
        query = (
            select(TestSession.started_at)
            .where(TestSession.candidate_id == candidate_id, TestSession.test_id == test_id)
            .where(TestSession.status == "submitted")
            .order_by(TestSession.started_at.desc())
            .limit(1)
        )
        last = (await self.session.execute(query)).scalar_one_or_none()
        if last is not None:
            allowed = aware(last).date() + timedelta(days=days)
            if now.date() < allowed:
                raise RetakeTooSoon(f"You may sit this test again from {allowed.isoformat()}.")

    async def _assemble(self, test: AssessmentTest, *, seed: int) -> list[dict[str, Any]]:
        # Plain rows, not ORM objects: the whole active bank is read at every start.
        blueprint = parse_blueprint(test.blueprint)
        query = select(Item.id, Item.tags, Item.exposure, Item.type, Item.content).where(
            Item.bank == (blueprint.bank or test.slug),
            Item.status == "active",
            Item.voided.is_(False),
        )
        rows = (await self.session.execute(query)).all()
        bank = [
            BankItem(str(r.id), r.tags, "active", r.exposure, r.type, _option_count(r.content)) for r in rows
        ]
        try:
            form = assemble_form(blueprint, bank, seed=seed)
        except NotEnoughItems as exc:
            raise Conflict(f"The item bank cannot fill this test yet: {exc}") from exc
        return [
            {"item": int(it.item_id), "section": it.section, "order": list(it.option_order)}
            for it in form.items
        ]

    async def save_answer(
        self,
        session_id: int,
        item_id: int,
        response: Any,
        seq: int,
        *,
        candidate_id: int,
        now: datetime | None = None,
    ) -> SaveResult:
        """Save one answer in this session's transaction (``answer_path.save_answer`` states the rules)."""
        store = CoreStore(await self.session.connection())
        return await save_answer(
            store, session_id, item_id, response, seq, candidate_id=candidate_id, now=now or now_utc()
        )

    async def answers(self, session_id: int) -> dict[int, Answer]:
        """The stored answers of a sitting, by item id."""
        rows = (await self.session.execute(select(Answer).where(Answer.session_id == session_id))).scalars()
        return {a.item_id: a for a in rows}

    async def items_of(self, ts: TestSession) -> dict[int, Item]:
        """The item versions on a sitting's form, by id."""
        ids = [int(e["item"]) for e in ts.form]
        return {i.id: i for i in (await self.session.execute(select(Item).where(Item.id.in_(ids)))).scalars()}

    async def settle(self, ts: TestSession, *, now: datetime | None = None) -> TestSession:
        """Submit an open sitting whose time is up (lazily, on access)."""
        if ts.status == "open" and expired(ts, now):
            return await self.submit_session(ts.id, by="deadline", now=now)
        return ts

    async def submit_session(
        self,
        session_id: int,
        *,
        by: str = "candidate",
        candidate_id: int | None = None,
        now: datetime | None = None,
    ) -> TestSession:
        """Submit, score, record and announce a sitting; submitting again changes nothing."""
        now = now or now_utc()
        connection = await self.session.connection()
        if connection.dialect.name == "sqlite":  # no answer may land between reading answers and commit
            await connection.execute(sitting_write_lock(), {"sid": session_id})
        query = (
            select(TestSession)
            .where(TestSession.id == session_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        ts = (await self.session.execute(query)).scalar_one_or_none()
        if ts is None or (candidate_id is not None and ts.candidate_id != candidate_id):
            raise NotFoundException("No such test session.")
        if ts.status != "open":
            return ts
        ts.status, ts.open_key, ts.submitted_at, ts.submitted_by = "submitted", None, now, by
        await self._score(ts, now=now, rescored=False)
        if (ts.score or {}).get("status") == "pending":
            await self._send_essays(ts, now)
        if not ts.exposure_counted:  # an adaptive form grows until submit: its exposure is counted now
            schedule_count(self.session, ts.test_id, now)
        # Debounced with Redis: the scheduled job keeps its id and moves to FLAG_DELAY after the latest
        # submit, so a sitting of thousands is analysed a few times, not once per candidate. The embedded
        # default (small sittings, no queue) analyses right away.
        day = aware(ts.started_at).date().isoformat()
        later = now_utc() + FLAG_DELAY if runtime.settings_of(self.session).redis_url else None
        enqueue_after_commit(self.session, events.FLAG_SITTING, ts.test_id, day, at=later)
        return ts

    async def settle_expired(self, *, limit: int = 500, now: datetime | None = None) -> int:
        """Submit open sittings whose time ran out (the safety net behind the per-sitting job)."""
        now = now or now_utc()
        query = (
            select(TestSession.id)
            .where(TestSession.status == "open")
            .where(TestSession.deadline_at < now - timedelta(seconds=GRACE_SECONDS))
            .order_by(TestSession.id)
            .limit(limit)
        )
        ids = list((await self.session.execute(query)).scalars())
        for session_id in ids:
            await self.submit_session(session_id, by="deadline", now=now)
        return len(ids)

    async def rescore_session(self, session_id: int, *, now: datetime | None = None) -> bool:
        """Score a submitted sitting again (after a re-key or void); True when the result changed."""
        ts = await self.session.get(TestSession, session_id, with_for_update=True)
        if ts is None or ts.status != "submitted":
            return False
        before = (ts.passed, (ts.score or {}).get("total"), (ts.score or {}).get("correct"))
        changed = await self._score(ts, now=now or now_utc(), rescored=True, previous=before)
        return changed

    async def _score(
        self, ts: TestSession, *, now: datetime, rescored: bool, previous: tuple[Any, ...] | None = None
    ) -> bool:
        test = await self.session.get(AssessmentTest, ts.test_id)
        assert test is not None
        blueprint = parse_blueprint(test.blueprint)
        items = await self.items_of(ts)
        answers = {k: a.response for k, a in (await self.answers(ts.id)).items()}
        awarded = await essays.awarded_points(self.session, ts.id)
        result, ability = score_sitting(ts.form, items, answers, blueprint, awarded)
        result = judge(result, ability, blueprint)  # an adaptive sitting passes by theta
        if rescored and previous == (result.passed, result.total, result.correct):
            return False
        ts.score, ts.passed = score_json(result), result.passed
        ts.theta, ts.theta_se = ability or (None, None)
        if rescored:
            ts.rescored_at = now
        if result.status == "pending":  # no result until the commission's essay points are in (essays.py)
            return True
        await self._announce(ts, test, rescored=rescored)
        certificates = CertificateService(self.session)
        if result.passed:
            await certificates.issue(ts, test, on=now.date())
        else:
            await certificates.revoke_for_session(ts.id, reason="result changed after re-scoring")
        return True

    async def _announce(self, ts: TestSession, test: AssessmentTest, *, rescored: bool) -> None:
        score = ts.score or {}
        actor = f"user:{ts.candidate_id}" if ts.submitted_by == "candidate" and not rescored else "system"
        await AuditService(self.session).record(
            actor=actor,
            action="assessments.result_rescored" if rescored else "assessments.result_recorded",
            subject=f"assessments_session:{ts.id}",
            details={
                "test": test.slug,
                "passed": ts.passed,
                "total": score.get("total"),
                "by": ts.submitted_by,
            },
        )
        payload = events.result_payload(ts, test.slug, rescored=rescored)
        await emit(self.session, events.RESULT_RECORDED, payload)

    async def _send_essays(self, ts: TestSession, now: datetime) -> None:
        items = await self.items_of(ts)
        answers = {k: a.response for k, a in (await self.answers(ts.id)).items()}
        if not await essays.send_for_review(self.session, ts, items, answers, now):
            await self._score(ts, now=now, rescored=False)  # only blank essays (0 points): the result now

    async def record_essay_points(self, payload: dict[str, Any], *, now: datetime | None = None) -> bool:
        """Store the commission's essay points of a sitting and score it again (its final result)."""
        ts = await self.session.get(TestSession, int(payload["session_id"]), with_for_update=True)
        if ts is None or ts.status != "submitted":
            return False
        now = now or now_utc()
        points = {int(k): float(v) for k, v in payload["points"].items()}
        reviews = {int(k): int(v) for k, v in (payload.get("reviews") or {}).items()}
        await essays.store_points(self.session, ts.id, points, reviews, now)
        first = (ts.score or {}).get("status") == "pending"  # the first result, not a re-score
        return await self._score(ts, now=now, rescored=not first)

    async def grant_extra_time(self, session_id: int, *, minutes: int, actor: int) -> TestSession:
        """Accommodation: extend an open sitting's deadline by ``minutes`` (audited)."""
        if not 0 < minutes <= 240:
            raise ClientException("Extra time is 1 to 240 minutes.")
        ts = await self.get(session_id)
        if ts.status != "open":
            raise SittingClosed("Only an open test can get extra time.")
        ts.extra_time_minutes += minutes
        ts.deadline_at = aware(ts.deadline_at) + timedelta(minutes=minutes)
        await AuditService(self.session).record(
            actor=f"user:{actor}",
            action="assessments.extra_time_granted",
            subject=f"assessments_session:{ts.id}",
            details={"minutes": minutes},
        )
        enqueue_after_commit(
            self.session, events.AUTO_SUBMIT, ts.id, at=ts.deadline_at + timedelta(seconds=GRACE_SECONDS)
        )
        await self.session.flush()
        return ts

    async def sittings_of(self, candidate_id: int) -> list[TestSession]:
        """A candidate's sittings, newest first."""
        query = (
            select(TestSession)
            .where(TestSession.candidate_id == candidate_id)
            .order_by(TestSession.id.desc())
        )
        return list((await self.session.execute(query)).scalars())


def _option_count(content: dict[str, Any]) -> int:
    for version in content.values():
        if isinstance(version, dict) and isinstance(version.get("options"), list):
            return len(version["options"])
    return 0


def taken_on(ts: TestSession) -> date:
    """The day a sitting started (UTC)."""
    return aware(ts.started_at).date()
