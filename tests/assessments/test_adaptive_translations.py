"""Every message of the candidate's test pages and of the adaptive test is translated into Kazakh and Russian,
with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import assessments
from app.i18n import catalog
from assessments.adaptive import NOT_ADAPTIVE, THIN_BANK

PAGES = ("take.html", "index.html", "result.html")
TEMPLATES = Path(assessments.__file__).parent / "templates" / "assessments"


def _messages() -> set[str]:
    found: set[str] = {THIN_BANK, NOT_ADAPTIVE}
    for name in PAGES:
        text = (TEMPLATES / name).read_text("utf-8")
        found |= set(re.findall(r'_\("([^"]+)"', text)) | set(re.findall(r"_\('([^']+)'", text))
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_candidate_test_pages_and_adaptive_messages_are_translated(lang: str) -> None:
    table = catalog(lang)
    wanted = _messages()
    assert {"Next question", "Question {n}, at most {m}", THIN_BANK} <= wanted
    assert sorted(m for m in wanted if not table.get(m)) == []
    for message in wanted:
        assert sorted(re.findall(r"\{\w+\}", table[message])) == sorted(re.findall(r"\{\w+\}", message)), (
            message
        )
