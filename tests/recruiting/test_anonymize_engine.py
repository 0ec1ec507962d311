"""Dates, attributes, addresses, redaction and the JSON Lines contract."""

import io
import json

import pytest

from recruiting.anonymize import Span, anonymize, find_pii, redact, run_jsonl


def _labels(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in find_pii(text)]


def test_birth_dates_found_other_dates_kept() -> None:
    text = "Дата рождения: 12.03.1990 г.\nДата заполнения: 14.08.2025\nПриказ от 01.02.2021 № 5."
    assert _labels(text) == [("12.03.1990 г.", "DATE_OF_BIRTH")]
    assert _labels("супруг — Соколов Юрий, 1970 г.р.") == [
        ("Соколов Юрий", "PERSON"),
        ("1970", "DATE_OF_BIRTH"),
    ]
    assert _labels("Мен 1990 жылы 12 наурызда дүниеге келдім.") == [
        ("1990 жылы 12 наурызда", "DATE_OF_BIRTH")
    ]


def test_age_found_experience_kept() -> None:
    assert _labels("Мне 32 года, стаж 7 лет, 5 years of experience.") == [("32 года", "AGE")]
    assert _labels("Мен 37 жастамын.") == [("37 жастамын", "AGE")]


def test_attributes() -> None:
    text = "Пол: женский\nСемейное положение: не замужем\nНациональность: казашка\nЯ исповедую ислам."
    assert [label for _, label in _labels(text)] == [
        "GENDER_MARKER",
        "MARITAL_STATUS",
        "NATIONALITY_ETHNICITY",
        "RELIGION",
    ]
    assert _labels("Казахский язык — родной; Kazakh — native. Гражданство: Республика Казахстан.") == []


def test_address_span() -> None:
    text = "Адрес: г. Алматы, ул. Абая, д. 10, кв. 5\nГород работы: Астана."
    assert _labels(text) == [("г. Алматы, ул. Абая, д. 10, кв. 5", "ADDRESS")]


def test_redact_uses_typed_placeholders() -> None:
    text = "Меня зовут Айгуль Ахметова, тел. +7 701 123 45 67."
    redacted, spans = anonymize(text)
    assert redacted == "Меня зовут [PERSON], тел. [PHONE]."
    assert redact("abc def", [Span(4, 7, "EMAIL")]) == "abc [EMAIL]"
    assert [s.label for s in spans] == ["PERSON", "PHONE"]


def test_run_jsonl_offsets_refer_to_input_text() -> None:
    docs: list[dict[str, str | int]] = [
        {"id": "a", "text": "ФИО: Ахметов Нурлан Серикович\nE-mail: n.akh@mail.kz", "lang": "ru"},
        {"id": 2, "text": ""},
    ]
    out = io.StringIO()
    n = run_jsonl(io.StringIO("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n"), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == 2
    assert rows[0]["text"] == "ФИО: [PERSON]\nE-mail: [EMAIL]"
    source = str(docs[0]["text"])
    got = [source[s["start"] : s["end"]] for s in rows[0]["spans"]]
    assert got == ["Ахметов Нурлан Серикович", "n.akh@mail.kz"]
    assert rows[1] == {"id": 2, "text": "", "spans": []}


def test_run_jsonl_bad_line_reports_line_number() -> None:
    with pytest.raises(ValueError, match="line 2"):
        run_jsonl(io.StringIO('{"id": 1, "text": "x"}\n{not json}\n'), io.StringIO())
    with pytest.raises(ValueError, match="line 1"):
        run_jsonl(io.StringIO('{"text": 5}\n'), io.StringIO())
