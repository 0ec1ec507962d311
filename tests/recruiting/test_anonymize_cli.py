"""``adal anonymize``: JSON Lines in, JSON Lines out, offsets into the input text; bad input is refused."""

from __future__ import annotations

import json
import subprocess
import sys


def _run(text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "anonymize"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_anonymize_command_redacts_and_reports_input_offsets() -> None:
    doc = {
        "id": "d1",
        "lang": "ru",
        "text": "ФИО: Ахметов Нурлан Серикович, тел. +7 701 123 45 67, стаж 7 лет.",
    }
    result = _run(json.dumps(doc, ensure_ascii=False) + "\n")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["id"] == "d1"
    assert "Ахметов" not in out["text"] and "701" not in out["text"] and "стаж 7 лет" in out["text"]
    labels = {s["label"] for s in out["spans"]}
    assert {"PERSON", "PHONE"} <= labels
    person = next(s for s in out["spans"] if s["label"] == "PERSON")
    assert doc["text"][person["start"] : person["end"]].startswith("Ахметов")


def test_anonymize_command_names_the_bad_line() -> None:
    result = _run('{"id": "ok", "text": "hello"}\nnot json\n')
    assert result.returncode == 2 and "line 2" in result.stderr
