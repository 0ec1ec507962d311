"""Classical item analysis: difficulty, corrected point-biserial, distractors, KR-20 and flags."""

from __future__ import annotations

import numpy as np
import pytest

from assessments.irt.classical import cronbach_alpha, item_analysis, kr20

# 6 persons x 4 items, worked by hand: p = (5/6, 4/6, 3/6, 2/6), sum pq = 30/36,
# totals (4, 3, 3, 2, 1, 1) with population variance 11/9 -> KR-20 = 4/3 (1 - (30/36) / (11/9)) = 14/33
KNOWN = np.array(
    [
        [1, 1, 1, 1],
        [1, 1, 1, 0],
        [1, 1, 0, 1],
        [1, 1, 0, 0],
        [1, 0, 0, 0],
        [0, 0, 1, 0],
    ],
    dtype=float,
)


def test_kr20_matches_hand_computation():
    expected = 14 / 33
    assert kr20(KNOWN) == pytest.approx(expected)
    assert cronbach_alpha(KNOWN) == pytest.approx(expected)


def test_kr20_rejects_polytomous_scores():
    with pytest.raises(ValueError):
        kr20(np.array([[0, 2], [1, 1], [2, 0]], dtype=float))


def test_item_analysis_difficulty_and_corrected_point_biserial():
    result = item_analysis(KNOWN)
    np.testing.assert_allclose(result.p, [5 / 6, 4 / 6, 3 / 6, 2 / 6])
    rest = KNOWN.sum(axis=1) - KNOWN[:, 2]
    assert result.rpb[2] == pytest.approx(np.corrcoef(KNOWN[:, 2], rest)[0, 1])
    assert result.flags["negative_discrimination"][2] == (result.rpb[2] < 0)


def test_flags_easy_hard_and_negative_items():
    rng = np.random.default_rng(0)
    theta = rng.normal(size=2000)
    good = (rng.random((2000, 5)) < 1 / (1 + np.exp(-(theta[:, None] * 1.5)))).astype(float)
    easy = (rng.random(2000) < 0.98).astype(float)
    hard = (rng.random(2000) < 0.02).astype(float)
    reversed_item = (rng.random(2000) < 1 / (1 + np.exp(theta * 1.5))).astype(float)
    scores = np.column_stack([good, easy, hard, reversed_item])
    scores[rng.random(scores.shape) < 0.1] = np.nan  # not presented
    flagged = item_analysis(scores).flagged()
    assert "too_easy" in flagged[5]
    assert "too_hard" in flagged[6]
    assert "negative_discrimination" in flagged[7]
    assert not any(k in flagged for k in range(5))


def test_distractor_analysis_shares_and_mean_totals():
    scores = np.array([[1, 1], [1, 0], [0, 0], [0, 1]], dtype=float)
    choices = np.array([[0, 2], [0, 1], [1, 1], [2, -1]])
    result = item_analysis(scores, choices, n_options=3)
    assert result.option_share is not None and result.option_mean_total is not None
    np.testing.assert_allclose(result.option_share[0], [0.5, 0.25, 0.25])
    np.testing.assert_allclose(result.option_mean_total[0], [1.5, 0.0, 1.0])
    np.testing.assert_allclose(result.option_share[1], [0.0, 2 / 3, 1 / 3])
    assert np.isnan(result.option_mean_total[1, 0])
