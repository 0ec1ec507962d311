"""Word-level morphology of personal names: inflection stripping and token classes."""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import load
from .translit import skeleton

# Russian case endings and Kazakh case / possessive suffixes seen on names, longest first.
_SUFFIXES = sorted(
    {
        "тың",
        "тің",
        "дың",
        "дің",
        "ның",
        "нің",
        "ға",
        "ге",
        "қа",
        "ке",
        "на",
        "не",
        "ны",
        "ні",
        "ды",
        "ді",
        "ты",
        "ті",
        "да",
        "де",
        "та",
        "те",
        "мен",
        "бен",
        "пен",
        "нан",
        "нен",
        "дан",
        "ден",
        "тан",
        "тен",
        "ой",
        "ою",
        "ы",
        "у",
        "е",
        "а",
        "ом",
        "ым",
        "ого",
        "ому",
        "ую",
        "ей",
        "ем",
        "ю",
        "я",
        "ну",
        "ной",
        "ne",
        "a",
        "u",
        "y",
        "e",
        "ovoi",
        "evoi",
        "ova",
        "eva",
    },
    key=len,
    reverse=True,
)
PATRONYMIC_RE = re.compile(
    r"(?:ович|евич|ьич|вич|овна|евна|ична|инична|ұлы|улы|қызы|кызы|uly|kyzy|ovich|evich|ovna|evna|ichna|uli|qyzy)"
    r"(?:а|у|ем|ом|ым|ой|ы|е|ну|ны|не|ной|на|нің|ның|на)?$"
)
PARTICLES = frozenset({"ұлы", "улы", "қызы", "кызы", "uly", "kyzy", "uli", "qyzy", "ұлының", "қызының"})
_SURNAME_CYR = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|енко|ук|юк|чук|ян|янц|швили|дзе"
    r"|бай|баев|баева|беков|бекова|ұлы|улы|қызы|кызы|ули|ова|ев|ых|их)$"
)
_SURNAME_ADJ = re.compile(r"(?:ский|ская|цкий|цкая|ской|цкой|skii|skaia|skiy|skaya|sky)$")
_SURNAME_LAT = re.compile(
    r"(?:ov|ev|in|ova|eva|ina|uli|kizi|ko|uk|iuk|ian|bai|baev|baeva|skii|skaia|ski|ska)$"
)
_WEAK_FIRST = re.compile(
    r"(?:бек|бол|болат|жан|гүл|гуль|гул|хан|лан|тай|сұлу|сулу|бике|нұр|нур|дос|ғали|гали|зат|лы|мұрат|мурат"
    r"|bek|bol|zhan|gul|khan|lan|tai|sulu)$"
)


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """Possible dictionary forms of an inflected name token (lowercase)."""
    low = word.lower()
    out = [low]
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            base = low[: -len(suf)]
            out.extend((base, base + "а", base + "я", base + "й", base + "a"))
    if low.endswith(("ой", "ую", "ой")) and len(low) > 5:
        out.append(low[:-2] + "а")
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=65536)
def classify(word: str) -> str:
    """Token class: P patronymic, F/f first name, S/s surname, W weak first name, X stop word, C other.

    Lowercase variants mark weaker evidence: f is also a common word, s is adjective-shaped (-ский).
    """
    gz = load()
    low = word.lower()
    if low in gz.stop_lower:
        return "X"
    forms = stems(word)
    keys = [skeleton(f) for f in forms]
    if PATRONYMIC_RE.search(low) and len(low) > 5:
        return "P"
    if skeleton(low) in gz.stop:
        return "X"
    if any(k in gz.first for k in keys):
        return "f" if any(k in gz.common for k in keys) else "F"
    if any(k in gz.surnames for k in keys):
        return "S"
    is_cyr = bool(re.search(r"[а-яёәғқңөұүһі]", low))
    for form, key in zip(forms, keys, strict=True):
        if len(form) < 4:
            continue
        if (is_cyr and _SURNAME_CYR.search(form)) or (not is_cyr and _SURNAME_LAT.search(key)):
            return "S"
    if _SURNAME_ADJ.search(low):
        return "s"
    if any(_WEAK_FIRST.search(f) for f in forms if len(f) >= 4):
        return "W"
    return "C"


@lru_cache(maxsize=65536)
def keys_of(word: str) -> frozenset[str]:
    """Skeleton keys of all plausible dictionary forms of a token."""
    return frozenset(skeleton(f) for f in stems(word) if len(f) >= 3) | {skeleton(word)}
