"""Mantel-Haenszel differential item functioning between a reference and a focal group."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import chi2 as chi2_dist

from assessments.irt.model import FloatArray

ETS_SCALE = -2.35
Z_ONE_SIDED_05 = 1.6448536269514722


@dataclass(frozen=True)
class DifResult:
    """Per item: MH odds ratio, ETS delta (negative = harder for the focal group), test and class."""

    alpha_mh: FloatArray
    delta_mh: FloatArray
    delta_se: FloatArray
    chi2: FloatArray
    p_value: FloatArray
    ets_class: NDArray[np.str_]

    @property
    def flagged(self) -> NDArray[np.int64]:
        """Indices of items in ETS class C (large DIF)."""
        return np.flatnonzero(self.ets_class == "C")


def _tables(
    y: FloatArray, focal: NDArray[np.bool_], stratum: NDArray[np.int64]
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Per-stratum 2x2 counts A (ref right), B (ref wrong), C (focal right), D (focal wrong)."""
    size = int(stratum.max()) + 1 if len(stratum) else 0
    right = y > 0.5

    def count(mask: NDArray[np.bool_]) -> FloatArray:
        return np.bincount(stratum[mask], minlength=size).astype(np.float64)

    return count(~focal & right), count(~focal & ~right), count(focal & right), count(focal & ~right)


def _odds_ratio(a: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray) -> tuple[float, float]:
    """MH common odds ratio and the Robins-Breslow-Greenland SE of its log.

    When one of the two sums is zero (every matched focal or reference candidate right, common with
    small groups and large DIF) the ratio would be 0 or infinite; 0.5 is then added to every cell
    (Haldane-Anscombe) so such an item is classified instead of dropped.
    """
    t = a + b + c + d
    r, s = a * d / t, b * c / t
    if r.sum() == 0 and s.sum() == 0:
        return float("nan"), float("nan")
    if r.sum() == 0 or s.sum() == 0:
        return _odds_ratio(a + 0.5, b + 0.5, c + 0.5, d + 0.5)
    sr, ss = r.sum(), s.sum()
    big_p, big_q = (a + d) / t, (b + c) / t
    var_log = (
        np.sum(big_p * r) / (2 * sr**2)
        + np.sum(big_p * s + big_q * r) / (2 * sr * ss)
        + np.sum(big_q * s) / (2 * ss**2)
    )
    return float(sr / ss), float(np.sqrt(var_log))


def _mh_item(a: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray) -> tuple[float, float, float]:
    """MH common odds ratio, Robins-Breslow-Greenland SE of its log, continuity-corrected chi-square."""
    t = a + b + c + d
    n_ref, n_foc, m_right, m_wrong = a + b, c + d, a + c, b + d
    keep = (n_ref > 0) & (n_foc > 0) & (t > 1)
    a, b, c, d, t = a[keep], b[keep], c[keep], d[keep], t[keep]
    n_ref, n_foc, m_right, m_wrong = n_ref[keep], n_foc[keep], m_right[keep], m_wrong[keep]
    if not keep.any():
        return float("nan"), float("nan"), float("nan")
    odds, se = _odds_ratio(a, b, c, d)
    expected = n_ref * m_right / t
    variance = n_ref * n_foc * m_right * m_wrong / (t**2 * (t - 1))
    stat = (abs(a.sum() - expected.sum()) - 0.5) ** 2 / variance.sum() if variance.sum() > 0 else np.nan
    return odds, se, float(stat)


def ets_class(delta: float, delta_se: float, p_value: float, level: float = 0.05) -> str:
    """ETS category: A negligible, B moderate, C large (|delta| >= 1.5 and significantly above 1).

    A: |delta| < 1 or the MH chi-square is not significant; B: significant, |delta| >= 1 but not C;
    C: |delta| >= 1.5 and |delta| significantly greater than 1 (one-sided, 5 %).
    """
    if not np.isfinite(delta) or not p_value < level or abs(delta) < 1.0:
        return "A"
    if abs(delta) >= 1.5 and (abs(delta) - 1.0) / delta_se > Z_ONE_SIDED_05:
        return "C"
    return "B"


def mantel_haenszel_dif(
    scores: FloatArray,
    focal: NDArray[np.bool_],
    strata: NDArray[np.integer] | None = None,
    level: float = 0.05,
    min_group: int = 1,
) -> DifResult:
    """MH DIF for every item of a persons × items 0/1 matrix (NaN = not presented).

    Persons are matched on `strata` (default: total score, the item itself included, as in the
    usual MH procedure); `focal` is True for the focal group (e.g. the Russian-language version).
    An item presented to fewer than `min_group` persons of either group gets no estimate (NaN, class A):
    with random forms each item is seen by a fraction of the sittings only.
    """
    matrix = np.asarray(scores, dtype=np.float64)
    group = np.asarray(focal, dtype=bool)
    if strata is None:
        strata = np.rint(np.nansum(matrix, axis=1)).astype(np.int64)
    _, codes = np.unique(np.asarray(strata), return_inverse=True)
    n_items = matrix.shape[1]
    alpha, se, stat = np.full(n_items, np.nan), np.full(n_items, np.nan), np.full(n_items, np.nan)
    for item in range(n_items):
        seen = ~np.isnan(matrix[:, item])
        if min(int((seen & group).sum()), int((seen & ~group).sum())) < min_group:
            continue
        tables = _tables(matrix[seen, item], group[seen], codes[seen].astype(np.int64))
        alpha[item], se[item], stat[item] = _mh_item(*tables)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = ETS_SCALE * np.log(alpha)
    delta_se = -ETS_SCALE * se
    p_value = chi2_dist.sf(stat, 1)
    classes = np.array(
        [ets_class(d, s, p, level) for d, s, p in zip(delta, delta_se, p_value, strict=True)], dtype=np.str_
    )
    return DifResult(alpha, delta, delta_se, stat, p_value, classes)
