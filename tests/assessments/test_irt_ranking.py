"""Merit ranking on the ability scale and its documented tie-break."""

from __future__ import annotations

import numpy as np

from assessments.irt.evaluation import link_mean_sigma, precision_at
from assessments.irt.ranking import rank_by_ability, ranks


def test_rank_by_ability_orders_by_theta_then_smaller_se_then_index():
    theta = np.array([0.5, 1.2, 0.5, 0.5, np.nan, -1.0])
    se = np.array([0.30, 0.40, 0.25, 0.30, 0.2, 0.3])
    assert rank_by_ability(theta, se).tolist() == [1, 2, 0, 3, 5, 4]
    assert ranks(theta, se).tolist() == [3, 1, 2, 4, 6, 5]


def test_mean_sigma_linking_recovers_a_linear_map():
    b_true = np.array([-1.0, 0.0, 0.5, 2.0])
    scale, shift = link_mean_sigma(b_true, (b_true - 0.3) / 1.7)
    assert np.isclose(scale, 1.7) and np.isclose(shift, 0.3)


def test_precision_at_top_share():
    true = np.arange(10.0)
    assert precision_at(true, true, 0.2) == 1.0
    assert precision_at(true, -true, 0.2) == 0.0
