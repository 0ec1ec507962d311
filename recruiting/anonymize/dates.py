"""Birth dates and stated ages."""

from __future__ import annotations

import re

from .spans import Span

_RU_MONTHS = (
    r"(?:январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]"
    r"|ноябр[ья]|декабр[ья])"
)
_KK_MONTHS = (
    r"(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)"
    r"(?:да|де|та|те|ында|інде|нда|нде)?"
)
_EN_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_Y = r"(?:19|20)\d\d"
_D = r"(?:0?[1-9]|[12]\d|3[01])"
_RU_TAIL = r"(?:\s?(?:г\.|гг\.|года|год)(?![\w]))?"
_KK_TAIL = r"(?:\s?(?:ж\.|жылы|жылғы)(?!\w))?"
_DATE = (
    rf"{_D}[./]{_D}[./]{_Y}(?:\s?(?:г\.|года|ж\.|жылы)(?!\w))?"
    rf"|{_Y}-\d\d-\d\d"
    rf"|{_D}\s{_RU_MONTHS}\s{_Y}{_RU_TAIL}"
    rf"|{_D}\s{_KK_MONTHS}\s{_Y}{_KK_TAIL}"
    rf"|{_Y}\s(?:жылғы|жылы|ж\.)\s{_D}\s{_KK_MONTHS}"
    rf"|{_D}(?:st|nd|rd|th)?(?:\sof)?\s{_EN_MONTHS}\s{_Y}"
    rf"|{_EN_MONTHS}\s{_D}(?:st|nd|rd|th)?,?\s{_Y}"
)
DATE_RE = re.compile(rf"(?<![\w.])(?:{_DATE})(?![\w])", re.IGNORECASE)
YEAR_BIRTH_RE = re.compile(
    rf"(?<![\w.])({_Y})(?:\s?(?:г\.\s?р\.|г\.р\.|гр\.|года рождения|г\. рождения|жылы туған|ж\.т\.|ж\. т\.))",
    re.IGNORECASE,
)
BORN_YEAR_RE = re.compile(rf"(?:born(?: in)?|родил(?:ся|ась) в|b\.)\s({_Y})(?!\s?[-./\d])", re.IGNORECASE)

_LEFT_CUE = re.compile(
    r"(?:рожд|родил|д\.\s?р\.|туған|туылған|birth|born|\bdob\b|\bd\.o\.b|туылды|дата рожд)[^\n]{0,30}$",
    re.IGNORECASE,
)
_RIGHT_CUE = re.compile(r"^[^\n]{0,6}(?:дүниеге|туылдым|туғанмын|г\.\s?р\.|года рождения|жылы туған)", re.I)

_AGE_UNIT = r"(?:год|года|лет)"
AGE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?:\b[Мм]не|\b[Вв] свои|\b[Мм]не уже|\bисполнилось)\s(?:уже\s)?(\d{{1,2}}\s{_AGE_UNIT})\b"),
    re.compile(rf"\((\d{{1,2}}\s{_AGE_UNIT})\)"),
    re.compile(r"(?<![\w])(\d{1,2}\s(?:жастамын|жастағы|жаста|жаспын|жас|жасқа|жасымда|жасымнан)(?!\w))"),
    re.compile(r"(?<![\w])(\d{1,2}\s(?:years|yrs)\sold)\b", re.IGNORECASE),
    re.compile(r"\b((?:[Aa]ged|[Aa]ge of)\s\d{1,2})\b"),
    re.compile(r"\bI am (\d{1,2})(?= years|[,.])"),
    re.compile(
        rf"(?:Возраст|Age|Жасы|Жасым|Жас)\s*[:|.…\t –—-]*\s*"
        rf"(\d{{1,2}}(?:\s(?:{_AGE_UNIT}|жас|жаста|years))?)\b",
        re.IGNORECASE,
    ),
    # "Ғалым Дүйсенбаев, 58 лет, опыт ..." — an age right after a name.
    re.compile(rf"[А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі.], (\d{{1,2}}\s{_AGE_UNIT})(?=[,.;)])"),
)
_NOT_AGE_LEFT = re.compile(r"(?:стаж|опыт|experience|тәжірибе|более|свыше|течение|около)[\s:—–-]{0,3}$", re.I)


def find_birth_dates(text: str) -> list[Span]:
    """Find dates of birth: full dates near a birth cue and years marked 'г.р.' / 'года рождения'."""
    out: list[Span] = []
    for m in DATE_RE.finditer(text):
        left = text[max(0, m.start() - 40) : m.start()]
        right = text[m.end() : m.end() + 30]
        if _LEFT_CUE.search(left) or _RIGHT_CUE.search(right):
            out.append(Span(m.start(), m.end(), "DATE_OF_BIRTH"))
    for rx in (YEAR_BIRTH_RE, BORN_YEAR_RE):
        for m in rx.finditer(text):
            out.append(Span(m.start(1), m.end(1), "DATE_OF_BIRTH"))
    return out


def find_ages(text: str) -> list[Span]:
    """Find stated ages ('мне 32 года', '35 жаста', 'Age: 41', 'Aged 41')."""
    out: list[Span] = []
    for rx in AGE_RES:
        for m in rx.finditer(text):
            start, end = m.start(1), m.end(1)
            if _NOT_AGE_LEFT.search(text[max(0, start - 12) : start]):
                continue
            out.append(Span(start, end, "AGE"))
    return out
