"""Every message of the auth pages is translated into Kazakh and Russian."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import auth
from app.i18n import catalog
from auth.principal import Role

TEMPLATES = Path(auth.__file__).parent / "templates" / "auth"


def _template_messages() -> set[str]:
    found: set[str] = set()
    for page in TEMPLATES.glob("*.html"):
        text = page.read_text("utf-8")
        found |= set(re.findall(r'_\("([^"]+)"\)', text)) | set(re.findall(r"_\('([^']+)'\)", text))
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_auth_pages_and_role_names_are_translated(lang: str) -> None:
    table = catalog(lang, ("auth",))
    wanted = _template_messages() | {r.value for r in Role}
    assert len(wanted) > 50
    assert sorted(m for m in wanted if not table.get(m)) == []


async def test_sign_in_page_speaks_russian_when_asked(client: Any) -> None:
    client.cookies.delete("adal_lang")
    page = await client.get("/login", headers={"accept-language": "ru"})
    assert "Забыли пароль?" in page.text and '<html lang="ru">' in page.text
    page = await client.get("/login", headers={"accept-language": "kk"})
    assert "Құпиясөзді ұмыттыңыз ба?" in page.text
