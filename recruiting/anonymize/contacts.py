"""Contacts and identifiers: e-mail, phone, URL / handles, IIN, photo references."""

from __future__ import annotations

import re

from .iin import is_valid_iin
from .spans import Span

_AT = r"(?:@|\s?[\(\[\{<]\s?(?:собака|at|эт|собачка)\s?[\)\]\}>]\s?|\s(?:at|собака)\s)"
_DOT = r"(?:\.|\s?[\(\[\{<]\s?(?:dot|точка|нүкте)\s?[\)\]\}>]\s?|\s(?:dot|точка)\s)"
EMAIL_RE = re.compile(
    rf"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*"
    rf"{_DOT}[A-Za-z]{{2,10}}(?![\w-])",
    re.IGNORECASE,
)

_SEP = r"[ \t\u00a0\u2009\u202f.\-()]"
PHONE_RE = re.compile(
    rf"(?<![\w+])(?:\+\s?7|8|7)(?:{_SEP}{{0,3}}\n?{_SEP}{{0,2}}\d){{10}}(?!\d)"
    rf"|(?<![\w+])\+\s?(?:9\d\d|3\d\d?|4\d|99\d)(?:{_SEP}{{0,2}}\d){{8,10}}(?!\d)"
)

_SOCIAL = (
    r"(?:linkedin\.com|github\.com|gitlab\.com|t\.me|telegram\.me|instagram\.com|facebook\.com|fb\.com"
    r"|vk\.com|ok\.ru|twitter\.com|x\.com|hh\.kz|hh\.ru|behance\.net|medium\.com|youtube\.com"
    r"|tiktok\.com|wa\.me|threads\.net|habr\.com|dribbble\.com|kaggle\.com)"
)
# URLs are found from cheap anchors and then expanded to the surrounding non-space run.
URL_ANCHOR_RE = re.compile(
    rf"https?://|www\.|{_SOCIAL}/|\.(?:kz|ru|com|org|net|me|io|info|site|dev)(?=/)", re.IGNORECASE
)
_URL_STOP = frozenset(" \t\n\u00a0,;)]»\"'<>«(")
_URL_LEFT = re.compile(r"[A-Za-z0-9.:/_-]")
HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z][A-Za-z0-9_.]{2,31}(?<![.])")

# Institutional sites are not personal data.
_INSTITUTIONAL = re.compile(
    r"(?:^|\.|//)(?:[\w-]+\.)*(?:gov\.kz|egov\.kz|enbek\.kz|adilet\.zan\.kz|zan\.kz|edu\.kz|akorda\.kz"
    r"|primeminister\.kz|kyzmet\.gov\.kz|goszakup\.gov\.kz|stat\.gov\.kz|hr\.gov\.kz|elicense\.kz"
    r"|eotinish\.kz|e-otinish\.kz|astanahub\.com|kaznu\.kz|enu\.kz|nu\.edu\.kz|bolashak\.gov\.kz"
    r"|kaspi\.kz|halykbank\.kz|google\.com|microsoft\.com|coursera\.org|edx\.org|stepik\.org)"
    r"(?:[/:?#]|$)",
    re.IGNORECASE,
)

IIN_RE = re.compile(
    r"(?<![\d\w])(\d{6}[ \u00a0]?\d{6}|\d{3}[ \u00a0]\d{3}[ \u00a0]\d{3}[ \u00a0]\d{3})(?![\d\w])"
)

PHOTO_RE = re.compile(
    r"[\[<(]\s*(?:фото|фотография|photo|сурет|фотосурет|picture)\b[^\]\n>)]{0,20}[\]>)]", re.IGNORECASE
)
PHOTO_FILE_RE = re.compile(r"\.(?:jpe?g|png|heic|gif|bmp|webp|tiff?)\b", re.IGNORECASE)
_PHOTO_WORD = re.compile(r"photo|foto|фото|сурет|avatar|selfie|img|dsc|pic", re.IGNORECASE)
_PHOTO_LABEL = re.compile(r"(?:фото|photo|сурет|фотосурет)\w*\s*[:\-—–]\s*\Z", re.IGNORECASE)


def find_emails(text: str) -> list[Span]:
    """Find e-mail addresses, including '(собака)' / '(at)' obfuscations."""
    return [Span(m.start(), m.end(), "EMAIL") for m in EMAIL_RE.finditer(text)]


def find_phones(text: str) -> list[Span]:
    """Find Kazakh (+7 / 8) and foreign phone numbers, separators and line breaks inside."""
    out: list[Span] = []
    for m in PHONE_RE.finditer(text):
        start, end = m.start(), m.end()
        while end > start and not text[end - 1].isdigit():
            end -= 1
        digits = re.sub(r"\D", "", text[start:end])
        # Without "+", a Kazakh number has a 7xx mobile or 7xxx landline code (9xx for Russia).
        if text[start] != "+" and digits[1] not in "79":
            continue
        out.append(Span(start, end, "PHONE"))
    return out


def find_urls(text: str) -> list[Span]:
    """Find personal URLs and messenger handles; skip institutional websites."""
    out: list[Span] = []
    last_end = -1
    for m in URL_ANCHOR_RE.finditer(text):
        if m.start() < last_end:
            continue
        start = m.start()
        while start > 0 and _URL_LEFT.match(text[start - 1]):
            start -= 1
        end = m.end()
        while end < len(text) and text[end] not in _URL_STOP:
            end += 1
        while end > start and text[end - 1] in ".,:;!?":
            end -= 1
        last_end = end
        if "@" in text[start:end] or _INSTITUTIONAL.search(text[start:end]) or end - start < 6:
            continue
        out.append(Span(start, end, "URL"))
    for m in HANDLE_RE.finditer(text):
        out.append(Span(m.start(), m.end(), "URL"))
    return out


def find_iins(text: str) -> list[Span]:
    """Find 12-digit numbers with a valid IIN checksum (BINs and invoice numbers are skipped)."""
    out: list[Span] = []
    for m in IIN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if is_valid_iin(digits):
            out.append(Span(m.start(1), m.end(1), "IIN"))
    return out


def find_photos(text: str) -> list[Span]:
    """Find photo placeholders and photo file names."""
    out = [Span(m.start(), m.end(), "PHOTO_REF") for m in PHOTO_RE.finditer(text)]
    for m in PHOTO_FILE_RE.finditer(text):
        start = m.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._-"):
            start -= 1
        name = text[start : m.end()]
        if start < m.start() and (
            _PHOTO_WORD.search(name) or _PHOTO_LABEL.search(text[max(0, start - 12) : start])
        ):
            out.append(Span(start, m.end(), "PHOTO_REF"))
    return out


def find_contacts(text: str) -> list[Span]:
    """All contact and identifier spans of a text (may overlap; resolved later)."""
    return find_emails(text) + find_phones(text) + find_urls(text) + find_iins(text) + find_photos(text)
