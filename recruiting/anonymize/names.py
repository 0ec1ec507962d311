"""Personal names: token classes, runs of adjacent name tokens, context cues, propagation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import load
from .morph import PARTICLES, classify, keys_of
from .spans import Span

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
TOKEN_RE = re.compile(
    rf"(?P<init>(?<![\w.])[{_UP}]\.(?:[ \u00a0]?[{_UP}]\.)?)(?![\w])"
    r"|(?P<word>[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*)"
)
_GAP_OK = re.compile(r"^[ \u00a0]$")
_QUOTED = re.compile(r"«[^»\n]{0,120}»|\"[^\"\n]{0,120}\"|“[^”\n]{0,120}”")
_BEFORE_BLOCK = re.compile(
    r"(?:\bим\.|\bимени|\bnamed after|\bакадемика|\bпрофессора|\bакад\.|\bул\.|\bулица|\bпр\.|\bпроспект"
    r"|\bStreet|\bпамяти|\bгерой|\bГерой)\s*$",
    re.IGNORECASE,
)
_AFTER_BLOCK = re.compile(
    r"^\s*(?:атындағы|атынд|көшесі|даңғылы|Street|St\.|Ave\.|Avenue|University|университет|хан\b|хана\b)",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"(?:Меня зовут|зовут|Менің атым|Менің есімім|Менің атым-жөнім|My name is|I am|I'm|This is"
    r"|ФИО|Ф\.И\.О\.|Full name|Name|Surname|First name|Last name|Patronymic|Аты-жөні|Аты|Тегі|Әкесінің аты"
    r"|Имя|Фамилия|Отчество|Автор|Author|Кандидат|Candidate|Applicant|Заявитель|Referee|Рекомендатель"
    r"|сын|дочь|супруг|супруга|муж|жена|брат|сестра|мать|отец|son|daughter|husband|wife|ұлым|қызым|жұбайым"
    r"|Отмечу, что|рекомендую|Рекомендую|recommend|С \d{4} года|Since \d{4},?|\d{4} жылдан бері"
    r"|Уважаем\w+|Dear|Құрметті|Подпись|Signature|Contact person|Контактное лицо)"
    r"[ \t\u00a0.…:|—–\-]*\Z"
)
_CLOSING = re.compile(r"[,!]\s*$|^(?:С уважением|Құрметпен|Sincerely|Regards|Best regards)", re.IGNORECASE)
_NAME_CLASSES = frozenset("FfSsPWC")
_AGE_AFTER = re.compile(r",\s\d{1,2}\s(?:лет|год|года|жаста|жас|years)\b")
_REF_HEAD = re.compile(
    r"(?:РЕКОМЕНДАЦИИ|Рекомендации|РЕКОМЕНДАТЕЛИ|REFERENCES|References|ҰСЫНЫМДАР|Ұсынымдар|Referees)\s*:?\s*\n"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n)\Z")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    cls: str  # I initials, p particle, otherwise morph.classify


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in TOKEN_RE.finditer(text):
        if m.group("init"):
            toks.append(_Tok(m.start(), m.end(), m.group(0), "I"))
            continue
        word = m.group(0)
        if word.lower() in PARTICLES and toks and toks[-1].end + 1 == m.start():
            toks.append(_Tok(m.start(), m.end(), word, "P"))
        elif word[0].isupper():
            toks.append(_Tok(m.start(), m.end(), word, classify(word)))
        else:
            toks.append(_Tok(m.start(), m.end(), word, "-"))
    return toks


def _runs(text: str, toks: list[_Tok]) -> list[list[_Tok]]:
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for tok in toks:
        if tok.cls in ("-", "X"):
            if cur:
                runs.append(cur)
            cur = []
            continue
        if cur and not _GAP_OK.match(text[cur[-1].end : tok.start]):
            runs.append(cur)
            cur = []
        cur.append(tok)
    if cur:
        runs.append(cur)
    return runs


def _is_public(run: list[_Tok]) -> bool:
    gz = load()
    keys: set[str] = set()
    for tok in run:
        if tok.cls != "I":
            keys |= keys_of(tok.text)
    if keys & gz.public_single:
        return True
    if len(run) == 1 and keys & gz.public_bare:
        return True
    return any(entry <= keys for entry in gz.public_multi)


def _accept_multi(classes: list[str], latin: bool) -> bool:
    has = set(classes)
    if "s" in has and has & set("FfPI"):
        return True
    if "P" in has and has & set("FfSWCI"):
        return True
    if "I" in has and has & set("FfSWCP"):
        return True
    if "S" in has and has & set("FfWPI"):
        return True
    if "F" in has and (has & set("FSWf") or (not latin and "C" in has)):
        return classes.count("F") + classes.count("S") + classes.count("W") + classes.count("f") >= (
            1 if not latin else 2
        ) or (not latin)
    if "f" in has and "W" in has:
        return True
    # An unknown word next to a surname-shaped word ("Макарова Пелагея", "Tomiris Abdirakhmanova").
    return "S" in has and bool(has & set("CS")) and len(classes) <= 3


def _line_alone(text: str, start: int, end: int) -> bool:
    """True when [start, end) is the only content of its line and follows a closing formula."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    if text[ls:start].strip() or text[end:le].strip(" ,.\t"):
        return False
    prev = text[: max(ls - 1, 0)].rstrip("\n ").rsplit("\n", 1)[-1]
    return bool(_CLOSING.search(prev))


def _all_caps(run: list[_Tok]) -> bool:
    return all(t.text.isupper() for t in run if t.cls != "I")


def _in_references(text: str, start: int, end: int) -> bool:
    """True for 'Name Surname, position' lines under a references heading."""
    ls = text.rfind("\n", 0, start) + 1
    if text[ls:start].strip() or not re.match(r",\s", text[end : end + 2]):
        return False
    return bool(_REF_HEAD.search(text[max(0, ls - 400) : ls]))


def _blocked(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    if any(a <= start < b for a, b in quoted):
        return True
    if _BEFORE_BLOCK.search(text[max(0, start - 20) : start]):
        return True
    return bool(_AFTER_BLOCK.match(text[end : end + 15]))


def find_persons(text: str) -> list[Span]:
    """Find personal names of private persons (public figures and 'named after' uses are skipped)."""
    toks = _tokens(text)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    spans: list[Span] = []
    memory: set[str] = set()
    pending: list[list[_Tok]] = []
    for run in _runs(text, toks):
        start, end = run[0].start, run[-1].end
        if _blocked(text, start, end, quoted) or _is_public(run):
            continue
        classes = [t.cls for t in run]
        latin = not re.search(r"[а-яёәғқңөұүһі]", text[start:end].lower())
        cue = bool(_CUE.search(text[max(0, start - 40) : start]))
        if len(run) == 1 and classes[0] == "I":
            continue
        ok = (len(run) > 1 and _accept_multi(classes, latin)) or (cue and classes[0] != "I")
        if not ok and (len(run) > 1 or classes[0] in "FfSWP") and not _all_caps(run):
            ok = _line_alone(text, start, end) or (
                len(run) > 1 and (_in_references(text, start, end) or bool(_AGE_AFTER.match(text, end)))
            )
        if ok:
            spans.append(Span(start, end, "PERSON"))
            for tok in run:
                if tok.cls in "FSsWPC":
                    memory |= keys_of(tok.text)
        else:
            pending.append(run)
    # A token already seen inside an accepted name is a name wherever it recurs in the document.
    for run in pending:
        hit = [t for t in run if t.cls in _NAME_CLASSES and keys_of(t.text) & memory]
        if (
            hit
            and hit[0].cls == "f"
            and _SENTENCE_START.search(text[max(0, hit[0].start - 3) : hit[0].start])
        ):
            continue
        if hit:
            spans.append(Span(hit[0].start, hit[-1].end, "PERSON"))
    return spans
