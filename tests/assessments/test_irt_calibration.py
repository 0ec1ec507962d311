"""Parameter and ability recovery of the MML-EM calibration on small simulated sets."""

from __future__ import annotations

import numpy as np
import pytest

from assessments.irt.calibrate import calibrate, eap
from assessments.irt.design import ResponseDesign
from assessments.irt.simulate import simulate


@pytest.fixture(scope="module")
def small_2pl():
    return simulate(2000, 40, 20, 30, skip_rate=0.02, aberrant_rate=0.0, model="2pl", seed=11)


def _fit(sim, model):
    return calibrate(sim.persons_idx, sim.items_idx, sim.responses, len(sim.theta), len(sim.a), model)


def test_2pl_recovers_difficulty_discrimination_and_ability(small_2pl):
    cal = _fit(small_2pl, "2pl")
    assert cal.converged
    assert np.corrcoef(cal.b, small_2pl.b)[0, 1] > 0.95
    assert np.corrcoef(cal.a, small_2pl.a)[0, 1] > 0.7
    assert np.corrcoef(cal.theta, small_2pl.theta)[0, 1] > 0.9
    # the scale is identified by theta ~ N(0, 1): no linking needed for rough agreement
    assert abs(np.mean(cal.b) - np.mean(small_2pl.b)) < 0.2


def test_rasch_reports_unit_slopes_and_recovers_difficulty(small_2pl):
    cal = _fit(small_2pl, "rasch")
    assert np.all(cal.a == 1.0)
    assert np.corrcoef(cal.b, small_2pl.b)[0, 1] > 0.95


def test_3pl_recovers_difficulty_with_finite_guessing_in_range():
    sim = simulate(3000, 30, 20, 30, skip_rate=0.0, aberrant_rate=0.0, model="3pl", seed=5)
    cal = _fit(sim, "3pl")
    assert np.corrcoef(cal.b, sim.b)[0, 1] > 0.9
    assert np.all((cal.c > 0) & (cal.c < 0.5))
    assert np.all(np.isfinite(cal.theta))


def test_eap_is_finite_for_all_correct_and_all_wrong_patterns():
    a, b = np.ones(10), np.linspace(-1, 1, 10)
    persons = np.repeat([0, 1, 2], 10)
    items = np.tile(np.arange(10), 3)
    responses = np.concatenate([np.ones(10), np.zeros(10), np.tile([0, 1], 5)])
    design = ResponseDesign(persons, items, responses, n_persons=4, n_items=10)
    theta, se = eap(design, a, b, None)
    assert np.all(np.isfinite(theta)) and np.all(np.isfinite(se))
    assert theta[0] > 1.0 > theta[2] > -1.0 > theta[1]
    assert np.all(se > 0) and np.all(se < 1.0 + 1e-6)
    # person 3 answered nothing: the prior mean and SD
    assert theta[3] == pytest.approx(0.0, abs=1e-6) and se[3] == pytest.approx(1.0, abs=1e-3)


def test_sparse_and_dense_designs_agree(small_2pl):
    sim = small_2pl
    args = (sim.persons_idx, sim.items_idx, sim.responses, len(sim.theta), len(sim.a))
    dense, sparse = ResponseDesign(*args), ResponseDesign(*args, dense_limit_bytes=0)
    assert dense.dense and not sparse.dense
    lp, lq = np.log(np.full((40, 5), 0.3)), np.log(np.full((40, 5), 0.7))
    np.testing.assert_allclose(dense.loglik(lp, lq), sparse.loglik(lp, lq), rtol=1e-5)


def test_unknown_model_is_rejected():
    with pytest.raises(ValueError, match="unknown model"):
        calibrate(np.array([0]), np.array([0]), np.array([1]), 1, 1, "4pl")  # type: ignore[arg-type]
