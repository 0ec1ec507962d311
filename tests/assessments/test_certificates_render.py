"""Certificate PDFs: structure, text in Kazakh and Russian, and a QR code that scans."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessments.certificates import CertificateData, issue_code, render_certificate

KEY = b"test-signing-key-0123456789abcdef"
KAZAKH_NAME = "Бөкейханұлы Әлихан Ғалымжанұлы"
KAZAKH_LETTERS = "ә ғ қ ң ө ұ ү һ і"


def _certificate(**overrides: object) -> CertificateData:
    code = issue_code("123456", KEY)
    fields: dict[str, object] = {
        "kind": "result",
        "language": "kk",
        "title": "Қазақстан Республикасының заңнамасы бойынша тестілеу",
        "holder_name": KAZAKH_NAME,
        "lines": [("Жалпы балл", "87 / 100"), ("Әріптер", KAZAKH_LETTERS)],
        "issued_on": date(2026, 11, 27),
        "valid_until": date(2027, 11, 27),
        "code": code,
        "verify_url": f"https://adal.gov.kz/verify/{code}",
    }
    fields.update(overrides)
    return CertificateData(**fields)  # type: ignore[arg-type]


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("ADAL_SKIP_EXTERNAL_TOOLS") == "1":
            pytest.skip(f"{tool} not installed and ADAL_SKIP_EXTERNAL_TOOLS=1")
        pytest.fail(f"{tool} is required (apt-get install poppler-utils zbar-tools)")
    return path


def _scan_qr(pdf: bytes, tmp_path: Path) -> list[str]:
    """Rasterise the page with pdftoppm and return what zbarimg decodes from it."""
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [_require("pdftoppm"), "-png", "-r", "100", "-singlefile", source, tmp_path / "page"], check=True
    )
    result = subprocess.run(
        [_require("zbarimg"), "--raw", "-q", tmp_path / "page.png"], capture_output=True, text=True
    )
    return result.stdout.split()


def test_certificate_is_a_single_page_a4_landscape_pdf() -> None:
    pdf = render_certificate(_certificate())
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_kazakh_text_is_extractable() -> None:
    text = _text(render_certificate(_certificate()))
    assert KAZAKH_NAME in text
    assert KAZAKH_LETTERS in text
    assert "Сертификат иесі" in text  # the built-in Kazakh label


def test_labels_follow_the_certificate_language() -> None:
    russian = _text(render_certificate(_certificate(language="ru", holder_name="Иванова Анна Сергеевна")))
    english = _text(render_certificate(_certificate(language="en", kind="course", valid_until=None)))
    assert "Иванова Анна Сергеевна" in russian
    assert "Действителен до" in russian
    assert "Valid until" in english
    assert "no expiry" in english
    assert "course completion" in english


def test_code_and_dates_are_printed() -> None:
    data = _certificate()
    text = _text(render_certificate(data))
    assert data.code in text
    assert "27.11.2026" in text
    assert "27.11.2027" in text


def test_same_input_gives_identical_bytes() -> None:
    assert render_certificate(_certificate()) == render_certificate(_certificate())


def test_uncompressed_output_is_also_valid() -> None:
    pdf = render_certificate(_certificate(), compress=False)
    assert KAZAKH_NAME in _text(pdf)


def test_long_title_and_name_still_fit_on_one_page() -> None:
    data = _certificate(title="Мемлекеттік қызмет туралы заң " * 8, holder_name="Әлиханова-" * 6 + "Нұр")
    reader = PdfReader(io.BytesIO(render_certificate(data)))
    assert len(reader.pages) == 1
    assert data.holder_name in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("payload_id", "language"), [("123456", "kk"), ("42", "ru"), ("9876543210", "en"), ("a7f3c9e1", "kk")]
)
def test_qr_code_decodes_to_the_verify_url(payload_id: str, language: str, tmp_path: Path) -> None:
    code = issue_code(payload_id, KEY)
    url = f"https://adal.gov.kz/verify/{code}"
    data = _certificate(code=code, verify_url=url, language=language)
    assert _scan_qr(render_certificate(data), tmp_path) == [url]


@pytest.mark.parametrize(
    "overrides",
    [
        {"kind": "diploma"},
        {"language": "de"},
        {"holder_name": "  "},
        {"valid_until": date(2020, 1, 1)},
        {"lines": [("Section", "1")] * 7},
    ],
)
def test_invalid_certificate_data_is_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        _certificate(**overrides)
