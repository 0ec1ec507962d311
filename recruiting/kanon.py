"""k-anonymity for HR views of a vacancy's applicants.

Every combination of shown merit attributes must be shared by at least ``k`` applicants of the
vacancy. Attributes are generalised along hierarchies (years of experience → bands → coarser bands;
education level → groups → higher / not higher; …); hiding a column entirely comes last. Among all
combinations of levels that satisfy k, the engine picks the one that hides fewest columns, then
generalises least, then keeps the most distinct profiles — the lattice is tiny, so it is searched
exhaustively. The result carries a note saying what was generalised, for the page to show.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HIDDEN = "*"
Level = Callable[[Any], str]


def _years_exact(v: Any) -> str:
    return "" if v is None else f"{int(float(v))}"


def _years_band(v: Any) -> str:
    y = float(v or 0)
    return "0–2" if y < 3 else "3–5" if y < 6 else "6–10" if y <= 10 else "10+"


def _years_coarse(v: Any) -> str:
    return "0–5" if float(v or 0) < 6 else "6+"


_EDU_GROUP = {
    "secondary": "secondary/vocational",
    "vocational": "secondary/vocational",
    "bachelor": "bachelor",
    "specialist": "bachelor",
    "master": "postgraduate",
    "phd": "postgraduate",
    "doctorate": "postgraduate",
    "candidate_of_sciences": "postgraduate",
}


def _edu_group(v: Any) -> str:
    return _EDU_GROUP.get(str(v).lower(), "other")


def _edu_higher(v: Any) -> str:
    return "higher" if _edu_group(v) in ("bachelor", "postgraduate") else "no higher"


def _languages_exact(v: Any) -> str:
    items = [v] if isinstance(v, str) else list(v or [])
    return ", ".join(sorted({str(x) for x in items})) or "none"


def _languages_count(v: Any) -> str:
    n = len({str(x) for x in ([v] if isinstance(v, str) else list(v or []))})
    return "3+ languages" if n >= 3 else f"{n} language{'s' if n != 1 else ''}"


_MACRO_REGION = {
    **dict.fromkeys(["akmola", "kostanay", "north_kazakhstan", "pavlodar"], "north"),
    **dict.fromkeys(["turkistan", "zhambyl", "kyzylorda", "almaty_region", "zhetysu", "shymkent"], "south"),
    **dict.fromkeys(["east_kazakhstan", "abai"], "east"),
    **dict.fromkeys(["aktobe", "atyrau", "mangystau", "west_kazakhstan"], "west"),
    **dict.fromkeys(["karaganda", "ulytau"], "central"),
    **dict.fromkeys(["astana", "almaty"], "republican cities"),
}


def _region_macro(v: Any) -> str:
    return _MACRO_REGION.get(str(v).lower().replace(" ", "_").replace("-", "_"), "other")


def _as_text(v: Any) -> str:
    return "" if v is None else str(v)


def _hidden(_: Any) -> str:
    return HIDDEN


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """Levels of one attribute, finest first; the last level hides the column."""

    levels: tuple[Level, ...]
    descriptions: tuple[str, ...]


DEFAULT_HIERARCHIES: dict[str, Hierarchy] = {
    "years_experience": Hierarchy(
        (_years_exact, _years_band, _years_coarse, _hidden),
        ("exact", "bands 0–2, 3–5, 6–10, 10+", "bands 0–5, 6+", "hidden"),
    ),
    "education_level": Hierarchy(
        (_as_text, _edu_group, _edu_higher, _hidden),
        ("exact", "grouped (secondary/vocational, bachelor, postgraduate)", "higher or not", "hidden"),
    ),
    "languages": Hierarchy(
        (_languages_exact, _languages_count, _hidden), ("exact", "number of languages", "hidden")
    ),
    "region": Hierarchy((_as_text, _region_macro, _hidden), ("exact", "macro-region", "hidden")),
}
_GENERIC = Hierarchy((_as_text, _hidden), ("exact", "hidden"))


@dataclass(frozen=True, slots=True)
class KAnonResult:
    """Generalised rows, the level chosen per attribute and a note for the page."""

    rows: list[dict[str, Any]]
    levels: dict[str, int]
    generalised: dict[str, str]
    note: str
    k: int
    satisfied: bool


def _smallest_class(
    labels: Mapping[str, list[list[str]]], attrs: Sequence[str], levels: Sequence[int]
) -> tuple[int, int]:
    keys = zip(*(labels[a][lv] for a, lv in zip(attrs, levels, strict=True)), strict=True)
    counts = Counter(keys)
    return min(counts.values()), len(counts)


def _search(
    labels: Mapping[str, list[list[str]]], attrs: Sequence[str], depth: Sequence[int], k: int
) -> tuple[int, ...]:
    def cost(levels: tuple[int, ...]) -> tuple[int, int]:
        hidden = sum(lv == d - 1 for lv, d in zip(levels, depth, strict=True))
        return hidden, sum(levels)

    lattice = sorted(itertools.product(*(range(d) for d in depth)), key=cost)
    for _, tier in itertools.groupby(lattice, key=cost):
        best: tuple[int, tuple[int, ...]] | None = None
        for levels in tier:
            smallest, classes = _smallest_class(labels, attrs, levels)
            if smallest >= k and (best is None or classes > best[0]):
                best = (classes, levels)
        if best is not None:
            return best[1]
    return tuple(d - 1 for d in depth)


def _note(levels: Mapping[str, int], hier: Mapping[str, Hierarchy], k: int, satisfied: bool) -> str:
    changed = {a: hier[a].descriptions[lv] for a, lv in levels.items() if lv > 0}
    if not satisfied:
        return f"Fewer than {k} applicants: all profile attributes are hidden."
    if not changed:
        return f"Shown as recorded: every profile is shared by at least {k} applicants."
    parts = "; ".join(f"{a.replace('_', ' ')}: {d}" for a, d in changed.items())
    return f"Generalised so that every profile is shared by at least {k} applicants — {parts}."


def k_anonymize(
    rows: Sequence[Mapping[str, Any]],
    attributes: Sequence[str],
    *,
    k: int = 3,
    hierarchies: Mapping[str, Hierarchy] | None = None,
) -> KAnonResult:
    """Generalise ``attributes`` of ``rows`` until every shown combination has ≥ k rows."""
    hier = {a: (hierarchies or {}).get(a) or DEFAULT_HIERARCHIES.get(a, _GENERIC) for a in attributes}
    if not rows or not attributes:
        return KAnonResult([dict(r) for r in rows], dict.fromkeys(attributes, 0), {}, "", k, True)
    labels = {a: [[lvl(r.get(a)) for r in rows] for lvl in hier[a].levels] for a in attributes}
    depth = [len(hier[a].levels) for a in attributes]
    chosen = _search(labels, attributes, depth, k)
    levels = dict(zip(attributes, chosen, strict=True))
    satisfied = len(rows) >= k
    out = []
    for i, row in enumerate(rows):
        new = dict(row)
        for a in attributes:
            new[a] = labels[a][levels[a]][i]
        out.append(new)
    generalised = {a: hier[a].descriptions[lv] for a, lv in levels.items() if lv > 0}
    return KAnonResult(out, levels, generalised, _note(levels, hier, k, satisfied), k, satisfied)
