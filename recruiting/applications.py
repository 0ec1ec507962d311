"""Applications: submit (with a CV), screen for eligibility, move through stages, anonymise texts."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from recruiting.anonymize import anonymize
from recruiting.errors import Conflict, Invalid, NotFound, UploadProblem
from recruiting.models import (
    Application,
    ApplicationText,
    CommissionAnswer,
    MeritProfile,
    StatusChange,
    Vacancy,
)
from recruiting.notify import notify_status
from recruiting.rules import InvalidTransition, Merit, check_transition, screen
from recruiting.uploads import UploadRejected, extract
from workers import runtime
from workers.jobs import enqueue_after_commit

ANONYMIZE_JOB = "recruiting.anonymize_application"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_MOTIVATION = 5000
MAX_ANSWER = 4000


def new_code() -> str:
    """A pseudonymous code drawn at random (never derived from who the candidate is)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class ApplicationService:
    """Submitting and moving applications; every status change is audited and told to the candidate."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.settings = runtime.settings_of(session)

    async def submit_application(
        self, user_id: int, vacancy_id: int, *, motivation: str, cv: bytes | None = None
    ) -> Application:
        """Apply to a published vacancy; the CV is checked before anything is written."""
        vacancy = await self.session.get(Vacancy, vacancy_id)
        if vacancy is None or vacancy.status == "draft":
            raise NotFound(detail=f"Vacancy {vacancy_id} does not exist.")
        now = datetime.now(UTC)
        if vacancy.status != "published" or not vacancy.opens_at <= now <= vacancy.closes_at:
            raise Conflict(detail="This vacancy is not open for applications now.")
        motivation = motivation.strip()
        if not motivation or len(motivation) > MAX_MOTIVATION:
            raise Invalid(detail=f"Write a motivation of 1 to {MAX_MOTIVATION} characters.")
        try:
            extracted = extract(cv, max_bytes=self.settings.max_upload_bytes) if cv is not None else None
        except UploadRejected as exc:
            raise UploadProblem(exc.status, str(exc)) from None
        if await self._existing(user_id, vacancy_id):
            raise Conflict(detail="You have already applied to this vacancy.")
        application = Application(
            user_id=user_id, vacancy_id=vacancy_id, code=new_code(), status="submitted", submitted_at=now
        )
        try:
            async with self.session.begin_nested():
                self.session.add(application)
                await self.session.flush()
        except IntegrityError:
            raise Conflict(detail="You have already applied to this vacancy.") from None
        self.session.add(
            ApplicationText(
                application_id=application.id,
                motivation=motivation,
                cv_text=extracted.text if extracted else "",
                cv_kind=extracted.kind if extracted else None,
                cv_bytes=len(cv or b""),
            )
        )
        await self._record(application, None, "submitted", None, "")
        await self.screen_application(application, vacancy)
        enqueue_after_commit(self.session, ANONYMIZE_JOB, application.id)
        return application

    async def _existing(self, user_id: int, vacancy_id: int) -> bool:
        query = select(Application.id).where(
            Application.user_id == user_id, Application.vacancy_id == vacancy_id
        )
        return (await self.session.execute(query)).first() is not None

    async def screen_application(self, application: Application, vacancy: Vacancy) -> list[str]:
        """Check the merit profile against the requirements; record each failed rule's reason."""
        profile = await self.session.get(MeritProfile, application.user_id)
        merit = (
            Merit(profile.education_level, profile.years_experience, profile.skills, profile.languages)
            if profile
            else None
        )
        reasons = screen(merit, vacancy.requirements)
        application.eligible, application.eligibility_reasons = not reasons, reasons
        target = "ineligible" if reasons else "eligible"
        await self.change_status(application, target, actor_id=None, note=" ".join(reasons))
        return reasons

    async def change_status(
        self, application: Application, target: str, *, actor_id: int | None, note: str = ""
    ) -> Application:
        """Move along an allowed transition; audit it and tell the candidate."""
        try:
            check_transition(application.status, target)
        except InvalidTransition as exc:
            raise Conflict(detail=str(exc)) from None
        previous, application.status = application.status, target
        await self._record(application, previous, target, actor_id, note)
        return application

    async def _record(
        self, application: Application, previous: str | None, target: str, actor_id: int | None, note: str
    ) -> None:
        self.session.add(
            StatusChange(
                application_id=application.id,
                from_status=previous,
                to_status=target,
                actor_id=actor_id,
                note=note[:500],
                at=datetime.now(UTC),
            )
        )
        await self.session.flush()
        await AuditService(self.session).record(
            actor=str(actor_id) if actor_id is not None else "system",
            action="recruiting.application_status_changed",
            subject=f"recruiting_application:{application.id}",
            details={"code": application.code, "from": previous, "to": target},
        )
        await notify_status(self.session, application.user_id, application.code, target, note)

    async def withdraw(self, user_id: int, application_id: int) -> Application:
        """The candidate withdraws their own application."""
        application = await self.own(user_id, application_id)
        return await self.change_status(application, "withdrawn", actor_id=user_id, note="by the candidate")

    async def own(self, user_id: int, application_id: int) -> Application:
        """The candidate's own application, or NotFound."""
        application = await self.session.get(Application, application_id)
        if application is None or application.user_id != user_id:
            raise NotFound(detail=f"Application {application_id} does not exist.")
        return application

    async def my_applications(self, user_id: int) -> list[tuple[Application, Vacancy, list[StatusChange]]]:
        """The candidate's applications with their vacancy and status timeline, newest first."""
        rows = await self.session.execute(
            select(Application, Vacancy)
            .join(Vacancy, Vacancy.id == Application.vacancy_id)
            .where(Application.user_id == user_id)
            .order_by(Application.id.desc())
        )
        pairs = list(rows.all())
        ids = [a.id for a, _ in pairs]
        changes = await self.session.execute(
            select(StatusChange).where(StatusChange.application_id.in_(ids)).order_by(StatusChange.id)
        )
        by_app: dict[int, list[StatusChange]] = {}
        for change in changes.scalars():
            by_app.setdefault(change.application_id, []).append(change)
        return [(a, v, by_app.get(a.id, [])) for a, v in pairs]

    async def submit_answer(
        self, user_id: int, application_id: int, *, question: str, text: str
    ) -> CommissionAnswer:
        """The candidate's essay or interview answer for the stage their application is at."""
        application = await self.own(user_id, application_id)
        if application.status not in ("essay", "interview"):
            raise Conflict(detail="Answers are taken only at the essay or interview stage.")
        if not text.strip() or len(text) > MAX_ANSWER or not question.strip():
            raise Invalid(detail=f"Give the question and an answer of 1 to {MAX_ANSWER} characters.")
        answer = CommissionAnswer(
            application_id=application.id, stage=application.status, question=question[:200], raw_text=text
        )
        try:
            async with self.session.begin_nested():
                self.session.add(answer)
                await self.session.flush()
        except IntegrityError:
            raise Conflict(detail="This question is already answered.") from None
        enqueue_after_commit(self.session, ANONYMIZE_JOB, application.id)
        return answer

    async def anonymize_application(self, application_id: int) -> None:
        """Redact personal data from every free text of an application (idempotent)."""
        application = await self.session.get(Application, application_id)
        texts = await self.session.get(ApplicationText, application_id)
        if application is None or texts is None:
            return
        application.motivation_anon = anonymize(texts.motivation)[0]
        application.cv_anon = anonymize(texts.cv_text)[0] if texts.cv_text else ""
        application.anonymized_at = datetime.now(UTC)
        answers = await self.session.execute(
            select(CommissionAnswer).where(
                CommissionAnswer.application_id == application_id, CommissionAnswer.text_anon.is_(None)
            )
        )
        for answer in answers.scalars():
            answer.text_anon = anonymize(answer.raw_text)[0]
        await self.session.flush()
