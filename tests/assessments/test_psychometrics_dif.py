"""Mantel-Haenszel DIF flags an item simulated with DIF and leaves clean items alone."""

from __future__ import annotations

import numpy as np

from assessments.irt.dif import ets_class, mantel_haenszel_dif


def _two_language_versions(shift: float, seed: int = 1):
    rng = np.random.default_rng(seed)
    n, k = 3000, 25
    focal = rng.random(n) < 0.5
    theta = rng.normal(size=n)
    b = np.linspace(-1.5, 1.5, k)
    b_person = np.broadcast_to(b, (n, k)).copy()
    b_person[focal, 0] += shift  # item 0 is harder in the focal-language version
    p = 1 / (1 + np.exp(-(theta[:, None] - b_person)))
    return (rng.random((n, k)) < p).astype(float), focal


def test_mh_flags_item_with_simulated_dif_and_not_clean_items():
    scores, focal = _two_language_versions(shift=1.0)
    result = mantel_haenszel_dif(scores, focal)
    assert result.ets_class[0] == "C"
    assert result.delta_mh[0] < -1.5  # negative delta: disadvantages the focal group
    assert result.flagged.tolist() == [0]
    assert np.all(result.ets_class[1:] != "C")


def test_mh_odds_ratio_near_one_without_dif():
    scores, focal = _two_language_versions(shift=0.0, seed=2)
    scores[::7, 3] = np.nan  # not presented to some candidates
    result = mantel_haenszel_dif(scores, focal)
    assert np.all(np.abs(np.log(result.alpha_mh)) < 0.5)
    assert result.flagged.size == 0


def test_ets_classification_rules():
    assert ets_class(-0.8, 0.1, 0.001) == "A"
    assert ets_class(-1.2, 0.1, 0.001) == "B"
    assert ets_class(-1.6, 0.5, 0.001) == "B"  # not significantly beyond 1
    assert ets_class(-1.6, 0.1, 0.001) == "C"
    assert ets_class(-2.0, 0.1, 0.2) == "A"  # not significant
