"""Render a `CertificateData` to a one-page A4 landscape PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from assessments.certificates.artwork import (
    GOLD,
    INK,
    MUTED,
    NAVY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    page_artwork,
)
from assessments.certificates.data import CertificateData
from assessments.certificates.fonts import BOLD, REGULAR, ensure_fonts
from assessments.certificates.labels import label
from assessments.certificates.qr import qr_operators

CENTER = PAGE_WIDTH / 2
MARGIN = 62.0
HEADER_Y = PAGE_HEIGHT - 80
HEADER_SIZE = 24.0
HEADER_SPACING = 9.0
QR_SIZE = 96.0
QR_X = PAGE_WIDTH - MARGIN - QR_SIZE
QR_Y = 58.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN - 40


def _fit(text: str, font: str, size: float, max_width: float, min_size: float = 7.0) -> float:
    """Largest font size not above `size` at which `text` fits `max_width` (never below `min_size`)."""
    width = stringWidth(text, font, size)
    if width <= max_width:
        return size
    return max(min_size, size * max_width / width)


def _format_date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _header_width() -> float:
    return stringWidth("ADAL", BOLD, HEADER_SIZE) + 3 * HEADER_SPACING


def _draw_header(c: Canvas, data: CertificateData) -> float:
    c.setFillColorRGB(*NAVY)
    c.setFont(BOLD, HEADER_SIZE)
    c.drawCentredString(CENTER, HEADER_Y, "ADAL", charSpace=HEADER_SPACING)
    c.setFillColorRGB(*MUTED)
    c.setFont(REGULAR, 9.5)
    c.drawCentredString(CENTER, HEADER_Y - 20, label(data.language, "platform"))
    heading = label(data.language, "certificate").upper()
    c.setFillColorRGB(*NAVY)
    c.setFont(BOLD, 38)
    c.drawCentredString(CENTER, HEADER_Y - 78, heading, charSpace=5)
    c.setFillColorRGB(*MUTED)
    c.setFont(REGULAR, 13)
    c.drawCentredString(CENTER, HEADER_Y - 100, label(data.language, f"kind_{data.kind}"))  # type: ignore[arg-type]
    return HEADER_Y - 100


def _draw_title(c: Canvas, title: str, y: float) -> float:
    """Draw the title in at most two centred lines; return the baseline of the last one."""
    if not title.strip():
        return y
    size = 17.0
    lines = simpleSplit(title, BOLD, size, CONTENT_WIDTH)
    while len(lines) > 2 and size > 11:
        size -= 1
        lines = simpleSplit(title, BOLD, size, CONTENT_WIDTH)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    c.setFillColorRGB(*INK)
    for text in lines:
        y -= size * 1.3
        c.setFont(BOLD, _fit(text, BOLD, size, CONTENT_WIDTH))
        c.drawCentredString(CENTER, y, text)
    return y


def _draw_holder(c: Canvas, data: CertificateData, y: float) -> float:
    c.setFillColorRGB(*MUTED)
    c.setFont(REGULAR, 10.5)
    y -= 34
    c.drawCentredString(CENTER, y, label(data.language, "holder"))
    name = data.holder_name.strip()
    size = _fit(name, BOLD, 30, CONTENT_WIDTH, min_size=14)
    y -= 36
    c.setFillColorRGB(*NAVY)
    c.setFont(BOLD, size)
    c.drawCentredString(CENTER, y, name)
    half = max(150.0, stringWidth(name, BOLD, size) / 2 + 24)
    c.setStrokeColorRGB(*GOLD)
    c.setLineWidth(0.9)
    c.line(CENTER - half, y - 12, CENTER + half, y - 12)
    return y - 12


def _draw_lines(c: Canvas, lines: Sequence[tuple[str, str]], y: float) -> None:
    """Draw label/value pairs as a two-column block centred on the page."""
    if not lines:
        return
    size, gap = 11.5, 12.0
    label_w = min(240.0, max(stringWidth(f"{k}:", REGULAR, size) for k, _ in lines))
    value_w = min(380.0, max(stringWidth(v, BOLD, size) for _, v in lines))
    split = CENTER - (label_w + gap + value_w) / 2 + label_w
    step = 19.0 if len(lines) <= 4 else 16.0
    y -= 14
    for key, value in lines:
        y -= step
        c.setFillColorRGB(*MUTED)
        c.setFont(REGULAR, _fit(f"{key}:", REGULAR, size, label_w))
        c.drawRightString(split, y, f"{key}:")
        c.setFillColorRGB(*INK)
        c.setFont(BOLD, _fit(value, BOLD, size, value_w))
        c.drawString(split + gap, y, value)


def _draw_labelled(
    c: Canvas, x: float, y: float, caption: str, value: str, *, right: bool = False, width: float = 140
) -> None:
    draw = c.drawRightString if right else c.drawString
    c.setFillColorRGB(*MUTED)
    c.setFont(REGULAR, _fit(caption, REGULAR, 9, width))
    draw(x, y + 17, caption)
    c.setFillColorRGB(*INK)
    c.setFont(BOLD, _fit(value, BOLD, 12.5, width))
    draw(x, y, value)


def _draw_footer(c: Canvas, data: CertificateData) -> None:
    lang = data.language
    base = QR_Y + 50
    _draw_labelled(c, MARGIN, base, label(lang, "issued_on"), _format_date(data.issued_on))
    until = _format_date(data.valid_until) if data.valid_until else label(lang, "no_expiry")
    _draw_labelled(c, MARGIN + 150, base, label(lang, "valid_until"), until)
    text_right = QR_X - 16
    _draw_labelled(c, text_right, base, label(lang, "number"), data.code, right=True, width=text_right - 370)
    c.setFillColorRGB(*MUTED)
    c.setFont(REGULAR, 9)
    c.drawRightString(text_right, QR_Y + 17, label(lang, "verify_at"))
    c.setFillColorRGB(*NAVY)
    c.setFont(REGULAR, _fit(data.verify_url, REGULAR, 9, 300, min_size=6))
    c.drawRightString(text_right, QR_Y, data.verify_url)
    c.setFillColorRGB(*MUTED)
    c.setFont(REGULAR, 8)
    c.drawCentredString(CENTER, 38, label(lang, "footnote"))
    c.setFillColorRGB(*NAVY)
    c.addLiteral(qr_operators(data.verify_url, x=QR_X, y=QR_Y, size=QR_SIZE))


def render_certificate(data: CertificateData, *, compress: bool = True) -> bytes:
    """Return the certificate as PDF bytes (deterministic for the same input)."""
    ensure_fonts()
    buffer = io.BytesIO()
    c = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageCompression=1 if compress else 0,
        invariant=1,
        initialFontName=REGULAR,
    )
    c.setTitle(f"{label(data.language, 'certificate')} {data.code}")
    c.setAuthor("Adal")
    c.setCreator("Adal")
    c.setSubject(data.title)
    c.addLiteral(page_artwork(_header_width(), HEADER_Y))
    y = _draw_header(c, data)
    y = _draw_title(c, data.title, y - 12)
    y = _draw_holder(c, data, y)
    _draw_lines(c, data.lines, y)
    _draw_footer(c, data)
    c.showPage()
    c.save()
    return buffer.getvalue()
