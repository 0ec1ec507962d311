"""Candidate notifications, written as mail files under ``var_dir/mail`` (a mail relay picks them up)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from app.settings import Settings


def send_mail(settings: Settings, *, to: str, subject: str, body: str) -> Path:
    """Write one message as an .eml file and return its path."""
    folder = settings.var_dir / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    msg = EmailMessage()
    msg["To"], msg["From"], msg["Subject"] = to, "no-reply@adal.gov.kz", subject
    msg["Date"] = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    msg.set_content(body)
    slug = re.sub(r"[^a-z0-9]+", "-", subject.lower())[:40].strip("-")
    path = folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{slug}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(msg))
    return path
