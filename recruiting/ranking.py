"""Ranking engine: composite scores, admission by component pass marks, tie-breaks, shortlist cuts.

Rules (shown to HR and candidates):

1. An application is *admitted* when every component has a score at or above its pass mark; a
   missing score counts as failing. Non-admitted applications rank below every admitted one.
2. Composite = Σ weight · score / max_score over the components.
3. Order: composite (desc) → score on the component with the largest weight (desc) → earlier
   submission → pseudonymous code (asc), so the order is total and reproducible.
4. A shortlist of N takes the first N admitted applications plus everyone tied with the N-th on
   merit (equal composite and equal top-weight score); submission time never excludes anyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

ESSAY_SHORTLIST = 5
INTERVIEW_SHORTLIST = 3
_DECIMALS = 9  # composites equal to 9 decimals are a tie (float noise is not merit)


@dataclass(frozen=True, slots=True)
class Component:
    """An assessment counted in the composite."""

    name: str
    weight: float
    pass_mark: float | None = None
    max_score: float = 1.0


@dataclass(slots=True)
class Ranking:
    """A ranked vacancy. Arrays are in rank order; ``order[k]`` is the input index at position k."""

    order: np.ndarray
    codes: list[str]
    composite: np.ndarray
    admitted: np.ndarray
    failed: np.ndarray  # rank order × components, True where the pass mark was missed
    merit_rank: np.ndarray  # competition rank on merit among admitted (1, 2, 2, 4 …); 0 if not admitted
    components: tuple[Component, ...]

    def failed_components(self, position: int) -> list[str]:
        """Names of the components the application at ``position`` (0-based) failed."""
        return [c.name for c, bad in zip(self.components, self.failed[position], strict=True) if bad]

    def shortlist(self, n: int) -> list[str]:
        """Codes of the top ``n`` admitted applications, ties on merit at the cut included."""
        return [self.codes[i] for i in range(shortlist_size(self, n))]


def _validate(components: Sequence[Component], n: int, scores: Mapping[str, np.ndarray]) -> None:
    if not components:
        raise ValueError("at least one component is needed")
    if any(c.weight < 0 or c.max_score <= 0 for c in components):
        raise ValueError("weights must be ≥ 0 and max scores > 0")
    for c in components:
        if c.name in scores and len(scores[c.name]) != n:
            raise ValueError(f"component {c.name}: {len(scores[c.name])} scores for {n} applications")


def rank_applications(
    codes: Sequence[str],
    scores: Mapping[str, Sequence[float] | np.ndarray],
    submitted_at: Sequence[float] | np.ndarray,
    components: Sequence[Component],
) -> Ranking:
    """Rank applications (columnar input: one score array per component; NaN = not taken)."""
    n = len(codes)
    comps = tuple(components)
    arrays = {c.name: np.asarray(scores.get(c.name, np.full(n, np.nan)), dtype=float) for c in comps}
    _validate(comps, n, arrays)
    matrix = np.column_stack([arrays[c.name] for c in comps]) if n else np.empty((0, len(comps)))
    marks = np.array([-np.inf if c.pass_mark is None else c.pass_mark for c in comps])
    failed = np.isnan(matrix) | (matrix < marks)
    admitted = np.logical_not(failed.any(axis=1))
    weights = np.array([c.weight / c.max_score for c in comps])
    composite = np.round(np.nan_to_num(matrix, nan=0.0) @ weights, _DECIMALS)
    top = int(np.argmax([c.weight for c in comps]))
    top_score = np.nan_to_num(matrix[:, top], nan=-np.inf)
    code_arr = np.asarray(codes, dtype=str)
    times = np.asarray(submitted_at, dtype=float)
    # lexsort: the last key is the primary one.
    order = np.lexsort((code_arr, times, -top_score, -composite, ~admitted))
    ranked_adm: np.ndarray = admitted[order]
    merit = np.column_stack([composite[order], top_score[order]])
    change = np.ones(n, dtype=bool)
    change[1:] = (merit[1:] != merit[:-1]).any(axis=1) | (ranked_adm[1:] != ranked_adm[:-1])
    positions = np.arange(1, n + 1)
    merit_rank = np.maximum.accumulate(np.where(change, positions, 0)) * ranked_adm
    return Ranking(
        order=order,
        codes=code_arr[order].tolist(),
        composite=composite[order],
        admitted=ranked_adm,
        failed=failed[order],
        merit_rank=merit_rank,
        components=comps,
    )


def shortlist_size(ranking: Ranking, n: int) -> int:
    """How many applications a cut at ``n`` takes: admitted ones with merit rank ≤ n."""
    if n <= 0:
        return 0
    return int(((ranking.merit_rank > 0) & (ranking.merit_rank <= n)).sum())


@dataclass(frozen=True, slots=True)
class ApplicationScores:
    """Row-form input for small vacancies and tests."""

    code: str
    submitted_at: float
    scores: Mapping[str, float]


def rank_rows(rows: Sequence[ApplicationScores], components: Sequence[Component]) -> Ranking:
    """Rank row-form applications (convenience over ``rank_applications``)."""
    scores = {c.name: [r.scores.get(c.name, np.nan) for r in rows] for c in components}
    return rank_applications([r.code for r in rows], scores, [r.submitted_at for r in rows], components)
