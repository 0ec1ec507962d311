"""Adaptive testing: item choice, exposure control and the SE stopping rule."""

from __future__ import annotations

import numpy as np

from assessments.irt.cat import ItemBank, next_item, run_cat


def _bank(n=200, seed=0):
    rng = np.random.default_rng(seed)
    return ItemBank(a=np.exp(rng.normal(0.2, 0.3, n)), b=rng.normal(0, 1.2, n))


def test_next_item_picks_most_informative_unused_item_without_randomesque():
    bank = ItemBank(a=np.array([1.0, 1.0, 2.0, 2.0]), b=np.array([0.0, 3.0, 0.1, -3.0]))
    used = np.array([False, False, False, False])
    rng = np.random.default_rng(0)
    assert next_item(0.0, 1.0, bank, used, rng, randomesque_k=1) == 2
    used[2] = True
    assert next_item(0.0, 1.0, bank, used, rng, randomesque_k=1) == 0


def test_randomesque_spreads_first_item_over_top_k():
    bank = _bank()
    used = np.zeros(len(bank), dtype=bool)
    rng = np.random.default_rng(1)
    picks = {next_item(0.0, 1.0, bank, used, rng, randomesque_k=5) for _ in range(200)}
    assert len(picks) == 5


def test_cat_stops_at_se_target():
    bank = _bank()
    rng = np.random.default_rng(2)
    true_theta = 0.7

    def answer(item: int) -> int:
        p = 1 / (1 + np.exp(-bank.a[item] * (true_theta - bank.b[item])))
        return int(rng.random() < p)

    result = run_cat(answer, bank, rng, se_target=0.3, max_items=60)
    assert result.reached_target and result.se <= 0.3
    assert len(result.items) < 60 and len(set(result.items)) == len(result.items)
    assert abs(result.theta - true_theta) < 1.0


def test_cat_respects_item_cap():
    bank = _bank()
    rng = np.random.default_rng(3)
    result = run_cat(lambda item: 1, bank, rng, se_target=0.05, max_items=8)
    assert len(result.items) == 8 and not result.reached_target
    assert np.isfinite(result.theta) and result.theta > 1.0
