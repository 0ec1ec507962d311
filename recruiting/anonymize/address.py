"""Street-level postal addresses (Russian, Kazakh and English formats)."""

from __future__ import annotations

import re

from .spans import Span, trim

_CAP = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’.-]*"
_WORDS = rf"{_CAP}(?:[\s-](?:{_CAP}|хана|хан|би|батыра|батыр|ата|[Ee]л|[Жж]олы|\d+))*"
_STREET_KW = (
    r"(?:ул\.|улица|пр\.|пр-т|проспект|мкр\.?|микрорайон|б-р|бульвар|пер\.|переулок|шоссе|тракт|наб\."
    r"|набережная|пл\.|площадь|жилой\sмассив|ж\.м\.|көшесі|к-сі|даңғылы|даң\.|шағын\sауданы|ш\.а\.|ықшамауданы"
    r"|St\.|Str\.|Street|Ave\.?|Avenue|Road|Rd\.|Blvd\.?|Boulevard|Lane|microdistrict|mkr\.?|Apt\.?|flat"
    r"|кв\.|квартира|пәтер|үй|д\.|дом|корпус|корп\.)"
)
_STREET_SEG = re.compile(rf"(?<![\w]){_STREET_KW}(?![\w])", re.IGNORECASE)
_NUMBER_SEG = re.compile(
    r"^(?:(?:д\.|дом|кв\.|квартира|flat|apt\.?|оф\.|офис|корпус|корп\.|блок|үй|пәтер|индекс|index)\s?)?"
    r"\d{1,6}[\wА-Яа-я]?(?:[/-]\d{1,4}[\wА-Яа-я]?)?(?:[\s-](?:үй|пәтер|кв\.?\s?\d+))?$",
    re.IGNORECASE,
)
_PLACE_SEG = re.compile(
    rf"^(?:\d{{6}}\s)?(?:(?:г\.|с\.|пос\.|п\.|пгт|село|город|аул|ауылы|city of)\s?)?{_WORDS}"
    r"(?:\s(?:обл\.|область|облысы|облысының|қ\.|қаласы|ауданы|ауылы|районы|р-н|р-на|district|region"
    r"|oblast|Region))?(?:\s\d{6})?$"
)
_SEG_SPLIT = re.compile(r"[,;]|(?:(?<=\d)|(?<=\w{4}))\.\s(?=[А-ЯЁA-Z][а-яёa-z]{2,}\s[а-яёa-z])")
_LINE_CUT = re.compile(
    r"[\n\t|:…]|\.{3,}|по адресу|адресу|address is|I live at|тұрамын|мекенжайым|мекенжайы", re.I
)
_MAX_WORDS = 7


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated, trimmed segments of text[start:end] as absolute offsets."""
    segs: list[tuple[int, int]] = []
    pos = start
    for m in _SEG_SPLIT.finditer(text, start, end):
        segs.append(trim(text, pos, m.start()))
        pos = m.end()
    segs.append(trim(text, pos, end))
    return segs


def _kind(seg: str) -> str:
    """Classify a segment: 'street', 'number', 'place' or ''."""
    if not seg or len(seg.split()) > _MAX_WORDS:
        return ""
    if _NUMBER_SEG.match(seg):
        return "number"
    if _STREET_SEG.search(seg):
        return "street"
    if _PLACE_SEG.match(seg):
        return "place"
    return ""


def _suffix_start(text: str, start: int, end: int) -> int | None:
    """Earliest word start inside [start, end) from which the rest is an address segment."""
    for m in re.finditer(r"(?:^|(?<=\s))\S", text[start:end]):
        cand = text[start + m.start() : end]
        if (_kind(cand) in ("street", "place") and cand[0].isupper()) or _NUMBER_SEG.match(cand):
            return start + m.start()
    return None


def _runs(text: str, segs: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    kinds = [_kind(text[a:b]) for a, b in segs]
    i = 0
    while i < len(segs):
        if not kinds[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(segs) and kinds[j + 1]:
            j += 1
        run_kinds = kinds[i : j + 1]
        start = segs[i][0]
        if i > 0 and not kinds[i - 1]:
            pre = _suffix_start(text, *segs[i - 1])
            if pre is not None and _kind(text[pre : segs[i - 1][1]]):
                start = pre
                run_kinds = [_kind(text[pre : segs[i - 1][1]]), *run_kinds]
        end = segs[j][1]
        if j + 1 < len(segs):
            m = re.match(r"(?:индекс\s)?\d{6}|[дк]в?\.\s?\d+[\w/-]*", text[segs[j + 1][0] : segs[j + 1][1]])
            if m:
                end = segs[j + 1][0] + m.end()
        if (
            "street" in run_kinds
            and len(run_kinds) >= 2
            and ("number" in run_kinds or any(ch.isdigit() for ch in text[start:end]))
        ):
            out.append(Span(start, end, "ADDRESS"))
        i = j + 1
    return out


def find_addresses(text: str) -> list[Span]:
    """Find street-level addresses: runs of place / street / number segments within a line."""
    out: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        if not _STREET_SEG.search(line.group(0)):
            continue
        pieces: list[tuple[int, int]] = []
        pos = line.start()
        for cut in _LINE_CUT.finditer(text, line.start(), line.end()):
            pieces.append((pos, cut.start()))
            pos = cut.end()
        pieces.append((pos, line.end()))
        for a, b in pieces:
            if _STREET_SEG.search(text, a, b):
                out.extend(_runs(text, _segments(text, a, b)))
    return out
