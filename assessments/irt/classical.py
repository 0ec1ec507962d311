"""Classical test theory: item difficulty, corrected point-biserial, distractors, KR-20 / alpha.

Reliability for random forms: no two candidates need share a form, so alpha over complete rows is
undefined. ``form_reliability`` estimates every item variance and covariance over the candidates who saw
the item (pair) and takes Cronbach's alpha of the average form from the mean variance and covariance of
the items on each candidate's form. On complete data this is exactly Cronbach's alpha (KR-20 for 0/1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assessments.irt.model import FloatArray

TOO_EASY = 0.95
TOO_HARD = 0.05
LOW_DISCRIMINATION = 0.15
MIN_PAIR_N = 2  # a covariance needs two candidates who saw both items


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha (= KR-20 for 0/1 items) of the forms as sat, for incomplete designs.

    ``alpha`` is the alpha of the persons' average form (length, item variance, inter-item covariance);
    ``forms`` the persons it averaged over; ``pair_coverage`` the share of item
    pairs on those forms seen together by at least ``MIN_PAIR_N`` persons (the rest are left out of the
    mean covariance) and ``mean_pair_n`` how many persons stand behind such a covariance on average.
    """

    alpha: float
    forms: int
    items_per_form: float
    pair_coverage: float
    mean_pair_n: float


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
    reliability: Reliability | None = None

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


def pairwise_covariance(scores: FloatArray, min_n: int = MIN_PAIR_N) -> tuple[FloatArray, NDArray[np.int64]]:
    """Item covariances, each over the persons who saw both items (n - 1 denominator; NaN below min_n).

    The diagonal holds the item variances over the persons who saw the item; the second array the
    number of persons behind every entry.
    """
    matrix = np.asarray(scores, dtype=np.float64)
    seen = (~np.isnan(matrix)).astype(np.float64)
    x = np.where(seen > 0, matrix, 0.0)
    n = seen.T @ seen
    sums = x.T @ seen  # [i, j]: sum of item i over the persons who saw both i and j
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (x.T @ x - sums * sums.T / n) / (n - 1)
    cov[n < max(min_n, 2)] = np.nan
    return cov, n.astype(np.int64)


def form_reliability(scores: FloatArray, min_pair_n: int = MIN_PAIR_N) -> Reliability:
    """Cronbach's alpha of the forms as sat, from pairwise-available item variances and covariances.

    ``scores`` is persons × items with NaN for items not presented; a person's form is the items they
    were presented. For each form: its length k, the mean variance v of its items and the mean
    covariance c over its item pairs that have one. Alpha = k c / (v + (k - 1) c) with k, v and c
    averaged over the forms: Cronbach's alpha written in mean (co)variances, exact on complete data.
    Averaging before the ratio keeps small samples stable (a per-form ratio explodes when its few
    noisy covariances nearly cancel the variances).
    """
    matrix = np.asarray(scores, dtype=np.float64)
    cov, n = pairwise_covariance(matrix, min_pair_n)
    seen = (~np.isnan(matrix)).astype(np.float64)
    variance = np.diag(cov).copy()
    known = ~np.isnan(cov) & ~np.eye(cov.shape[0], dtype=bool)

    def per_form(pair_values: FloatArray) -> FloatArray:
        """Sum of a pair statistic over the pairs of items on each person's form."""
        return np.asarray(((seen @ pair_values) * seen).sum(axis=1))

    k = seen.sum(axis=1)
    pairs_known = per_form(known.astype(np.float64))
    variances_known = seen @ (~np.isnan(variance)).astype(np.float64)
    usable = (k >= 2) & (pairs_known > 0) & (variances_known > 0)
    pairs, covered = float((k * (k - 1))[k >= 2].sum()), float(pairs_known.sum())
    behind = float(per_form(np.where(known, n, 0).astype(np.float64)).sum())
    alpha = float("nan")
    if usable.any():
        length = float(k[usable].mean())
        mean_cov = float((per_form(np.where(known, cov, 0.0))[usable] / pairs_known[usable]).mean())
        mean_var = float(((seen @ np.nan_to_num(variance))[usable] / variances_known[usable]).mean())
        denominator = mean_var + (length - 1) * mean_cov
        alpha = length * mean_cov / denominator if denominator > 1e-12 else float("nan")
    return Reliability(
        alpha=alpha,
        forms=int(usable.sum()),
        items_per_form=float(k[usable].mean()) if usable.any() else 0.0,
        pair_coverage=covered / pairs if pairs else 0.0,
        mean_pair_n=behind / covered if covered else 0.0,
    )


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
    the share choosing each option and the mean total score of those who chose it. ``alpha`` is the
    incomplete-design estimate of ``form_reliability`` (Cronbach's alpha when every item was presented).
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
    reliability = form_reliability(matrix)
    return ItemAnalysis(p, rpb, n.astype(np.int64), flags, reliability.alpha, share, mean_total, reliability)
