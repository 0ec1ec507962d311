"""Benchmark the certificate engine against a naive reportlab recipe, in one run.

Run from the repository root: `.venv/bin/python -m bench.certificates [-n 500]`.
Throughput is CPU time of this process (one core), so other load on the machine barely skews it.
"""

from __future__ import annotations

import argparse
import io
import itertools
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from importlib import resources

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from assessments.certificates import CertificateData, issue_code, render_certificate
from assessments.certificates.labels import label

KEY = b"bench-key-bench-key-bench-key-32"
FIRST = [
    "Әлихан",
    "Айгүл",
    "Нұрлан",
    "Гүлнәр",
    "Дмитрий",
    "Анна",
    "Қанат",
    "Өмірзақ",
    "John",
    "Ұлжан",
    "Һадия",
]
LAST = ["Бөкейханов", "Сәрсенбаева", "Иванов", "Құдайбергенов", "Smith", "Жұмабаева", "Ермекұлы", "Петрова"]
TITLES = [
    "Қазақстан Республикасының заңнамасы бойынша тестілеу",
    "Тестирование на знание законодательства Республики Казахстан",
    "Civil service ethics and anti-corruption standards",
    "Мемлекеттік қызметтегі цифрлық сауаттылық",
]


def make_certificates(n: int) -> list[CertificateData]:
    """Build `n` varied certificates (names, languages, kinds, line counts)."""
    names = itertools.cycle(itertools.product(FIRST, LAST))
    result = []
    for i in range(n):
        first, last = next(names)
        code = issue_code(str(10_000 + i * 7), KEY)
        lines = [("Score", f"{60 + i % 40} / 100"), ("Legislation", f"{30 + i % 20} / 50")]
        lines += [("Section", f"Логика {i % 9}")] * (i % 3)
        issued = date(2026, 1, 1) + timedelta(days=i % 300)
        result.append(
            CertificateData(
                kind=("result", "course")[i % 2],
                language=("kk", "ru", "en")[i % 3],
                title=TITLES[i % len(TITLES)],
                holder_name=f"{last} {first}",
                lines=lines,
                issued_on=issued,
                valid_until=issued + timedelta(days=730) if i % 4 else None,
                code=code,
                verify_url=f"https://adal.gov.kz/verify/{code}",
            )
        )
    return result


def naive_render(data: CertificateData) -> bytes:
    """The straightforward recipe: register fonts, new canvas, QrCodeWidget inside a Drawing."""
    folder = resources.files("assessments.certificates").joinpath("fonts")
    with resources.as_file(folder.joinpath("DejaVuSans.ttf")) as regular:
        pdfmetrics.registerFont(TTFont("NaiveSans", str(regular)))
    with resources.as_file(folder.joinpath("DejaVuSans-Bold.ttf")) as bold:
        pdfmetrics.registerFont(TTFont("NaiveSans-Bold", str(bold)))
    width, height = landscape(A4)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(width, height))
    c.setLineWidth(3)
    c.rect(18, 18, width - 36, height - 36)
    c.setLineWidth(1)
    c.rect(25, 25, width - 50, height - 50)
    c.setFont("NaiveSans-Bold", 24)
    c.drawCentredString(width / 2, height - 80, "ADAL")
    c.setFont("NaiveSans-Bold", 38)
    c.drawCentredString(width / 2, height - 158, label(data.language, "certificate").upper())
    c.setFont("NaiveSans-Bold", 17)
    c.drawCentredString(width / 2, height - 210, data.title)
    c.setFont("NaiveSans-Bold", 30)
    c.drawCentredString(width / 2, height - 290, data.holder_name)
    c.setFont("NaiveSans", 11.5)
    for i, (key, value) in enumerate(data.lines):
        c.drawString(300, height - 330 - 19 * i, f"{key}: {value}")
    c.drawString(62, 110, f"{label(data.language, 'issued_on')}: {data.issued_on:%d.%m.%Y}")
    c.drawString(62, 90, data.code)
    widget = QrCodeWidget(data.verify_url)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(96, 96, transform=[96 / (x1 - x0), 0, 0, 96 / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, width - 158, 58)
    c.showPage()
    c.save()
    return buffer.getvalue()


def measure(
    render: Callable[[CertificateData], bytes], items: Sequence[CertificateData]
) -> tuple[float, int]:
    """Return (certificates per CPU second, mean PDF size in bytes) for rendering `items`."""
    render(items[0])  # warm-up: font registration, caches
    total = 0
    start = time.process_time()
    for item in items:
        total += len(render(item))
    elapsed = time.process_time() - start
    return len(items) / elapsed, total // len(items)


def main() -> None:
    """Print certificates/s for the engine (compressed and not) and the naive recipe."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=500, help="certificates per variant (default 500)")
    args = parser.parse_args()
    items = make_certificates(args.n)
    rows = [
        ("engine, compressed (default)", measure(render_certificate, items)),
        ("engine, compress=False", measure(lambda d: render_certificate(d, compress=False), items)),
        ("naive baseline", measure(naive_render, items)),
    ]
    baseline = rows[-1][1][0]
    print(f"{args.n} certificates per variant, CPU time of one process")
    for name, (rate, size) in rows:
        ratio = rate / baseline
        print(f"  {name:30s} {rate:7.1f} cert/s  {1000 / rate:6.2f} ms  {size / 1024:5.1f} KiB  x{ratio:.2f}")


if __name__ == "__main__":
    main()
