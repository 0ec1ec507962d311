"""Classical test theory: item difficulty, corrected point-biserial, distractors, KR-20 / alpha."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assessments.irt.model import FloatArray

TOO_EASY = 0.95
TOO_HARD = 0.05
LOW_DISCRIMINATION = 0.15


@dataclass(frozen=True)
class ItemAnalysis:
    """Per-item statistics; option arrays are items × options (NaN where nobody chose the option)."""

    p: FloatArray
    rpb: FloatArray
    n: NDArray[np.int64]
    flags: dict[str, NDArray[np.bool_]]
    alpha: float
    option_share: FloatArray | None = None
    option_mean_total: FloatArray | None = None

    def flagged(self) -> dict[int, list[str]]:
        """Item index -> names of the flags it raised."""
        out: dict[int, list[str]] = {}
        for name, mask in self.flags.items():
            for item in np.flatnonzero(mask):
                out.setdefault(int(item), []).append(name)
        return out


def _corrected_rpb(scores: FloatArray, presented: NDArray[np.bool_], total: FloatArray) -> FloatArray:
    """Correlation of each item with the total of the other items, over the persons who saw it."""
    x = np.where(presented, scores, 0.0)
    rest = np.where(presented, total[:, None] - x, 0.0)
    n = presented.sum(axis=0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx, mr = x.sum(0) / n, rest.sum(0) / n
        cov = (x * rest).sum(0) / n - mx * mr
        vx = (x * x).sum(0) / n - mx**2
        vr = (rest * rest).sum(0) / n - mr**2
        r = cov / np.sqrt(vx * vr)
    return np.asarray(np.where((vx > 1e-12) & (vr > 1e-12), r, np.nan))


def cronbach_alpha(scores: FloatArray) -> float:
    """Cronbach's alpha over persons with no missing item (population variances)."""
    matrix = np.asarray(scores, dtype=np.float64)
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    k = complete.shape[1]
    if k < 2 or len(complete) < 2:
        return float("nan")
    total_var = complete.sum(axis=1).var()
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - complete.var(axis=0).sum() / total_var))


def kr20(scores: FloatArray) -> float:
    """Kuder-Richardson 20 for 0/1 items: k/(k-1) (1 - sum p q / var(total)), complete rows only."""
    matrix = np.asarray(scores, dtype=np.float64)
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    if not np.isin(complete, (0.0, 1.0)).all():
        raise ValueError("KR-20 needs dichotomous 0/1 scores; use cronbach_alpha")
    k = complete.shape[1]
    if k < 2 or len(complete) < 2:
        return float("nan")
    p = complete.mean(axis=0)
    total_var = complete.sum(axis=1).var()
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - np.sum(p * (1.0 - p)) / total_var))


def _distractors(
    choices: NDArray[np.integer], total: FloatArray, n_options: int
) -> tuple[FloatArray, FloatArray]:
    answered = choices >= 0
    n = answered.sum(axis=0).astype(np.float64)
    share = np.full((choices.shape[1], n_options), np.nan)
    mean_total = np.full((choices.shape[1], n_options), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in range(n_options):
            chose = choices == k
            count = chose.sum(axis=0)
            share[:, k] = count / n
            mean_total[:, k] = np.where(count > 0, (chose * total[:, None]).sum(axis=0) / count, np.nan)
    return share, mean_total


def item_analysis(
    scores: FloatArray,
    choices: NDArray[np.integer] | None = None,
    n_options: int | None = None,
) -> ItemAnalysis:
    """Classical item statistics from a persons × items score matrix (NaN = not presented).

    `choices` (persons × items, option index, -1 = not presented/omitted) adds distractor analysis:
    the share choosing each option and the mean total score of those who chose it.
    """
    matrix = np.asarray(scores, dtype=np.float64)
    presented = ~np.isnan(matrix)
    total = np.nansum(matrix, axis=1)
    n = presented.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.nansum(matrix, axis=0) / np.maximum(n, 1) / max(1.0, float(np.nanmax(matrix)))
    p = np.where(n > 0, p, np.nan)
    rpb = _corrected_rpb(matrix, presented, total)
    flags = {
        "negative_discrimination": np.nan_to_num(rpb, nan=0.0) < 0,
        "too_easy": np.nan_to_num(p, nan=0.5) > TOO_EASY,
        "too_hard": np.nan_to_num(p, nan=0.5) < TOO_HARD,
        "low_discrimination": np.nan_to_num(rpb, nan=1.0) < LOW_DISCRIMINATION,
    }
    share = mean_total = None
    if choices is not None:
        choice_matrix = np.asarray(choices)
        options = n_options if n_options is not None else int(choice_matrix.max()) + 1
        share, mean_total = _distractors(choice_matrix, total, options)
    return ItemAnalysis(p, rpb, n.astype(np.int64), flags, cronbach_alpha(matrix), share, mean_total)
