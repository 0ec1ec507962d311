"""Appeals: a candidate files within the appeal window; a reviewer resolves, and may re-key or void an item
(every affected sitting is then re-scored by a job) or annul a sitting for a technical fault."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import gettext
from assessments import events
from assessments.bank import ItemBankService, appeal_days
from assessments.credentials import CertificateService
from assessments.models import APPEAL_KINDS, Appeal, AssessmentTest, Item, TestSession
from assessments.rules import Conflict, aware
from assessments.scoring import AnswerKeyError, score_item
from auth.audit.service import AuditService
from auth.mail import send_mail
from auth.service import AccountService
from workers import runtime
from workers.jobs import enqueue_after_commit
from workers.outbox import emit

ACTIONS = ("none", "rekey", "void_item", "void_session")
BATCH = 500


class AppealService:
    """Filing, listing and resolving appeals."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def file_appeal(
        self,
        session_id: int,
        *,
        candidate_id: int,
        kind: str,
        text: str,
        item_id: int | None = None,
        now: datetime | None = None,
    ) -> Appeal:
        """File an appeal against one's own submitted sitting, within the test's appeal window."""
        now = now or datetime.now(UTC)
        ts = await self.session.get(TestSession, session_id)
        if ts is None or ts.candidate_id != candidate_id:
            raise NotFoundException("No such test session.")
        if kind not in APPEAL_KINDS:
            raise ClientException(f"An appeal is about one of: {', '.join(APPEAL_KINDS)}.")
        if not text.strip() or len(text) > 5000:
            raise ClientException("Describe the appeal in 1 to 5000 characters.")
        if ts.status != "submitted" or ts.submitted_at is None:
            raise Conflict("Only a submitted test can be appealed.")
        test = await self.session.get(AssessmentTest, ts.test_id)
        assert test is not None
        closes = aware(ts.submitted_at) + timedelta(days=appeal_days(test.blueprint))
        if now > closes:
            raise Conflict(f"The appeal period ended on {closes.date().isoformat()}.")
        if kind == "question" and (item_id is None or all(int(e["item"]) != item_id for e in ts.form)):
            raise ClientException("Choose the question of your test that the appeal is about.")
        appeal = Appeal(
            session_id=ts.id, item_id=item_id, kind=kind, text=text.strip(), status="open", filed_at=now
        )
        self.session.add(appeal)
        await self.session.flush()
        await AuditService(self.session).record(
            actor=f"user:{candidate_id}",
            action="assessments.appeal_filed",
            subject=f"assessments_session:{ts.id}",
            details={"appeal": appeal.id, "kind": kind, "item": item_id},
        )
        return appeal

    async def get(self, appeal_id: int) -> Appeal:
        """One appeal."""
        appeal = await self.session.get(Appeal, appeal_id)
        if appeal is None:
            raise NotFoundException("No such appeal.")
        return appeal

    async def list_appeals(
        self, *, status: str | None = "open", candidate_id: int | None = None
    ) -> list[Appeal]:
        """Appeals by status (reviewers) or of one candidate."""
        query = select(Appeal).order_by(Appeal.id)
        if status:
            query = query.where(Appeal.status == status)
        if candidate_id is not None:
            query = query.join(TestSession, TestSession.id == Appeal.session_id).where(
                TestSession.candidate_id == candidate_id
            )
        return list((await self.session.execute(query)).scalars())

    async def resolve(
        self,
        appeal_id: int,
        *,
        decided_by: int,
        upheld: bool,
        resolution: str,
        action: str = "none",
        answer: dict[str, Any] | None = None,
    ) -> Appeal:
        """Decide an appeal; an upheld one may re-key or void its item, or annul the sitting."""
        if action not in ACTIONS or (not upheld and action != "none"):
            raise ClientException("A rejected appeal takes no action; an upheld one: " + ", ".join(ACTIONS))
        if not resolution.strip():
            raise ClientException("Explain the decision to the candidate.")
        appeal = await self.get(appeal_id)
        if appeal.status != "open":
            raise Conflict("This appeal was already decided.")
        appeal.status = "upheld" if upheld else "rejected"
        appeal.resolution, appeal.action, appeal.decided_by = resolution.strip(), action, decided_by
        appeal.decided_at = datetime.now(UTC)
        if action in ("rekey", "void_item"):
            await self._change_item(appeal, action, answer, decided_by)
        elif action == "void_session":
            await self._void_session(appeal.session_id, decided_by)
        await AuditService(self.session).record(
            actor=f"user:{decided_by}",
            action=f"assessments.appeal_{appeal.status}",
            subject=f"assessments_session:{appeal.session_id}",
            details={"appeal": appeal.id, "action": action, "item": appeal.item_id},
        )
        await self._notify(appeal)
        await self.session.flush()
        return appeal

    async def _notify(self, appeal: Appeal) -> None:
        """Mail the candidate the decision, in their language."""
        ts = await self.session.get(TestSession, appeal.session_id)
        assert ts is not None
        user = await AccountService(self.session).get(ts.candidate_id)
        _ = gettext(user.language)
        url = f"{runtime.settings_of(self.session).base_url.rstrip('/')}/assessments/sessions/{ts.id}/result"
        subject = _("Your appeal was upheld") if appeal.status == "upheld" else _("Your appeal was rejected")
        body = (
            _("Decision: {text}").format(text=appeal.resolution) + "\n" + _("Details: {url}").format(url=url)
        )
        await send_mail(self.session, to=user.email, subject=subject, body=body)

    async def _change_item(
        self, appeal: Appeal, action: str, answer: dict[str, Any] | None, actor: int
    ) -> None:
        if appeal.item_id is None:
            raise ClientException("This appeal names no question to re-key or void.")
        item = await self.session.get(Item, appeal.item_id)
        assert item is not None
        if action == "rekey":
            if not isinstance(answer, dict):
                raise ClientException("Give the corrected answer key.")
            try:
                score_item(item.type, answer, None)
                score_item(item.type, answer, 0)
            except AnswerKeyError as exc:
                raise ClientException(str(exc)) from exc
        # Later versions of the question that carry the same wrong key (or, when voided, the same content)
        # share the fault: they are corrected too, and their sittings re-scored.
        later = select(Item).where(Item.key == item.key, Item.version > item.version)
        same_fault = [
            v
            for v in (await self.session.execute(later)).scalars()
            if (v.answer == item.answer if action == "rekey" else v.content == item.content)
        ]
        for version in [item, *same_fault]:
            if action == "rekey":
                assert answer is not None
                before, version.answer = version.answer, answer
                details: dict[str, Any] = {"before": before, "after": answer, "appeal": appeal.id}
            else:
                version.voided, version.status = True, "retired"
                details = {"voided": True, "appeal": appeal.id}
            await AuditService(self.session).record(
                actor=f"user:{actor}",
                action=f"assessments.item_{action}",
                subject=f"assessments_item:{version.id}",
                details=details,
            )
            enqueue_after_commit(self.session, events.RESCORE_ITEM, version.id)

    async def tell_unchanged(self, session_id: int) -> None:
        """Tell a candidate whose sitting was re-scored after a correction that the result stands."""
        ts = await self.session.get(TestSession, session_id)
        if ts is None or ts.status != "submitted":
            return
        user = await AccountService(self.session).get(ts.candidate_id)
        _ = gettext(user.language)
        url = f"{runtime.settings_of(self.session).base_url.rstrip('/')}/assessments/sessions/{ts.id}/result"
        body = (
            _("A question of your test was corrected after an appeal and your test was scored again.")
            + "\n"
            + _("Your result did not change. Details: {url}").format(url=url)
        )
        await send_mail(self.session, to=user.email, subject=_("Your test result was reviewed"), body=body)

    async def _void_session(self, session_id: int, actor: int) -> None:
        """A technical fault annuls the sitting: no result stands, and a retake is allowed at once."""
        ts = await self.session.get(TestSession, session_id)
        assert ts is not None
        if ts.status == "voided":
            return
        ts.status, ts.passed = "voided", None
        await CertificateService(self.session).revoke_for_session(ts.id, reason="sitting annulled on appeal")
        test = await self.session.get(AssessmentTest, ts.test_id)
        assert test is not None
        standing = await self._standing_result(ts.candidate_id, test)
        payload = {"session_id": ts.id, "candidate_id": ts.candidate_id, "test": test.slug}
        await emit(self.session, events.RESULT_ANNULLED, {**payload, "standing": standing})

    async def _standing_result(self, candidate_id: int, test: AssessmentTest) -> dict[str, Any] | None:
        """The result that stands once a sitting is annulled: the latest other submitted sitting's, if any."""
        query = (
            select(TestSession)
            .where(TestSession.candidate_id == candidate_id, TestSession.test_id == test.id)
            .where(TestSession.status == "submitted")
            .order_by(TestSession.submitted_at.desc(), TestSession.id.desc())
            .limit(1)
        )
        latest = (await self.session.execute(query)).scalar_one_or_none()
        return None if latest is None else events.result_payload(latest, test.slug, rescored=False)

    async def affected_sessions(self, item_id: int) -> list[int]:
        """Submitted sittings whose form showed ``item_id``."""
        item = await self.session.get(Item, item_id)
        if item is None:
            return []
        test_ids = await ItemBankService(self.session).tests_drawing_from(item.bank)  # adaptive tests too
        found: list[int] = []
        last = 0
        while True:
            query = (
                select(TestSession.id, TestSession.form)
                .where(
                    TestSession.test_id.in_(test_ids),
                    TestSession.status == "submitted",
                    TestSession.id > last,
                )
                .order_by(TestSession.id)
                .limit(BATCH)
            )
            rows = (await self.session.execute(query)).all()
            if not rows:
                return found
            found += [sid for sid, form in rows if any(int(e["item"]) == item_id for e in form)]
            last = rows[-1][0]

    async def queue_rescores(self, item_id: int) -> int:
        """Enqueue one re-score job per affected sitting; returns how many."""
        ids = await self.affected_sessions(item_id)
        for sid in ids:
            enqueue_after_commit(self.session, events.RESCORE_SESSION, sid)
        return len(ids)
