"""Telling a candidate what happened: mailed after the commit, so a rolled-back change is never told."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from auth.service import AccountService
from recruiting.mail import send_mail
from recruiting.profiles import ProfileService
from workers import runtime
from workers.uow import on_commit

STATUS_MESSAGES = {
    "submitted": "Your application {code} was received.",
    "eligible": "Your application {code} passed document screening.",
    "ineligible": "Your application {code} does not meet the requirements: {note}",
    "essay": "Your application {code} is shortlisted for the essay.",
    "interview": "Your application {code} is shortlisted for the interview.",
    "selected": "Your application {code} was selected. Congratulations!",
    "reserve": "Your application {code} was placed in the personnel reserve for 12 months.",
    "rejected": "Your application {code} was not retained at this stage.",
    "withdrawn": "Your application {code} was withdrawn.",
}


async def notify_candidate(session: AsyncSession, user_id: int, *, subject: str, body: str) -> None:
    """Mail the candidate once this transaction commits (vault address, else their account's)."""
    settings = runtime.settings_of(session)
    pii = await ProfileService(session, settings).personal_data(user_id)
    to = str((pii or {}).get("email") or (await AccountService(session).get(user_id)).email)

    def deliver() -> None:
        send_mail(settings, to=to, subject=subject, body=body)

    on_commit(session, deliver)


async def notify_status(session: AsyncSession, user_id: int, code: str, status: str, note: str) -> None:
    """Tell the candidate their application changed status."""
    template = STATUS_MESSAGES.get(status, "Your application {code} is now {status}.")
    body = template.format(code=code, note=note, status=status)
    await notify_candidate(session, user_id, subject=f"Application {code}: {status}", body=body)
