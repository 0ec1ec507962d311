"""Transliteration skeletons: one key for Cyrillic, Kazakh and Latin spellings of a name."""

from __future__ import annotations

from functools import lru_cache

_CYR = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "і": "i",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "c",
    "ч": "c",
    "ш": "s",
    "щ": "s",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
_LAT = {
    "ğ": "g",
    "ş": "sh",
    "ç": "ch",
    "ū": "u",
    "ü": "u",
    "ö": "o",
    "ä": "a",
    "ñ": "n",
    "ı": "i",
    "é": "e",
    "á": "a",
    "í": "i",
    "ó": "o",
    "ú": "u",
    "ý": "i",
    "'": "",
    "’": "",
    "-": "",
}
_LAT_PAIRS = (
    ("zh", "j"),
    ("kh", "h"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("q", "k"),
    ("w", "v"),
    ("y", "i"),
    ("x", "ks"),
    ("yu", "iu"),
    ("ya", "ia"),
)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Return a spelling-insensitive key: Нұрлан, Нурлан, Nurlan and Nūrlan map to the same key."""
    low = word.lower()
    out: list[str] = []
    for ch in low:
        if ch in _CYR:
            out.append(_CYR[ch])
        elif ch in _LAT:
            out.append(_LAT[ch])
        else:
            out.append(ch)
    key = "".join(out)
    for a, b in _LAT_PAIRS:
        key = key.replace(a, b)
    collapsed: list[str] = []
    for ch in key:
        if not collapsed or collapsed[-1] != ch:
            collapsed.append(ch)
    return "".join(collapsed)
