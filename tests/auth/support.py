"""Helpers for the auth tests: the mailbox on disk, forms with their CSRF token."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import Message
from typing import Any

from app.settings import Settings
from auth.mail import mail_dir
from tests.auth_fixtures import csrf_of
from tests.conftest import run_jobs


async def mails_to(settings: Settings, address: str) -> list[Message]:
    """Every delivered mail to ``address``, oldest first (after letting pending jobs run)."""
    await run_jobs(settings)
    folder = mail_dir(settings.var_dir)
    if not folder.exists():
        return []
    found = [message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]
    return [m for m in found if m["To"] == address]


def link_in(mail: Message, path: str) -> str:
    """The local part (path and query) of the link to ``path`` in a mail."""
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    found = re.search(rf"https?://[^/\s]+({re.escape(path)}\?token=[\w-]+)", payload.decode())
    assert found, f"no {path} link in the mail"
    return found.group(1)


async def submit(client: Any, page: str, action: str, data: dict[str, str], **kw: Any) -> Any:
    """Open ``page`` and post ``data`` to ``action`` with the page's CSRF token."""
    html = (await client.get(page)).text
    return await client.post(action, data={**data, "_csrf_token": csrf_of(html)}, **kw)
