"""Name gazetteers shipped with the package (data/*.txt), loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .translit import skeleton


def _words(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        out.extend(line.split())
    return out


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Skeleton-keyed name lists."""

    first: frozenset[str]
    common: frozenset[str]
    surnames: frozenset[str]
    stop: frozenset[str]
    stop_lower: frozenset[str]
    public_multi: tuple[frozenset[str], ...]
    public_single: frozenset[str]
    public_bare: frozenset[str]


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Load and index the gazetteers (cached)."""
    multi: list[frozenset[str]] = []
    single: set[str] = set()
    bare: set[str] = set()
    for line in _lines("public_figures.txt"):
        if line.startswith("!"):
            bare.add(skeleton(line[1:]))
            continue
        keys = frozenset(skeleton(w) for w in line.split())
        if len(keys) == 1:
            single.update(keys)
        else:
            multi.append(keys)
    stop_words = _words("stopwords.txt")
    return Gazetteer(
        first=frozenset(skeleton(w) for w in _words("first_names.txt")),
        common=frozenset(skeleton(w) for w in _words("common_word_names.txt")),
        surnames=frozenset(skeleton(w) for w in _words("surnames.txt")),
        stop=frozenset(skeleton(w) for w in stop_words),
        stop_lower=frozenset(w.lower() for w in stop_words),
        public_multi=tuple(multi),
        public_single=frozenset(single),
        public_bare=frozenset(bare),
    )
