"""Outgoing mail through an outbox: a row written in the caller's transaction, delivered after commit.

Delivery writes an RFC 5322 message file to ``settings.var_dir / "mail"``; an SMTP relay can replace the
writer without touching callers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import MailMessage
from workers.jobs import enqueue_after_commit
from workers.runtime import settings_of

SENDER = "Adal <no-reply@adal.gov.kz>"


async def send_mail(session: AsyncSession, *, to: str, subject: str, body: str) -> MailMessage:
    """Queue a mail; it is delivered only if the caller's transaction commits."""
    message = MailMessage(to=to, subject=subject, body=body, created_at=datetime.now(UTC))
    session.add(message)
    await session.flush()
    enqueue_after_commit(session, "auth.deliver_mail", message.id)
    return message


def mail_dir(var_dir: Path) -> Path:
    """Where delivered mail files are written."""
    return var_dir / "mail"


async def deliver(session: AsyncSession, mail_id: int) -> Path | None:
    """Write the mail as a file (idempotent: a delivered mail is not written again)."""
    message = await session.get(MailMessage, mail_id)
    if message is None or message.sent_at is not None:
        return None
    email = EmailMessage()
    email["From"] = SENDER
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = make_msgid(domain="adal.gov.kz")
    email.set_content(message.body)
    folder = mail_dir(settings_of(session).var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{message.created_at:%Y%m%dT%H%M%S}-{message.id:08d}.eml"
    path.write_bytes(bytes(email))
    message.sent_at = datetime.now(UTC)
    await session.flush()
    return path
