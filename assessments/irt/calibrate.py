"""Marginal maximum likelihood calibration (EM on a quadrature grid) with EAP abilities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assessments.irt.design import ResponseDesign, posterior
from assessments.irt.model import FloatArray, Model, quadrature

START_C = 0.05


@dataclass(frozen=True)
class Priors:
    """Prior settings: log a ~ N(0, log_a_sd), intercept d ~ N(0, d_sd), c ~ Beta(c_alpha, c_beta)."""

    log_a_sd: float = 0.5
    d_sd: float = 5.0
    c_alpha: float = 3.0
    c_beta: float = 15.0


@dataclass(frozen=True)
class Calibration:
    """Item parameters and EAP abilities on the theta ~ N(0, 1) scale (Rasch: a = 1 metric)."""

    model: Model
    a: FloatArray
    b: FloatArray
    c: FloatArray
    theta: FloatArray
    theta_se: FloatArray
    n_iter: int
    converged: bool
    log_likelihood: float


@dataclass
class _Params:
    alpha: FloatArray  # log a
    d: FloatArray  # intercept: z = a * theta + d
    gamma: FloatArray  # logit c; -inf-like for rasch / 2pl

    def a(self) -> FloatArray:
        return np.exp(self.alpha)

    def c(self) -> FloatArray:
        return 1.0 / (1.0 + np.exp(-self.gamma))


def _log_pq(params: _Params, nodes: FloatArray, model: Model) -> tuple[FloatArray, FloatArray]:
    z = params.a()[:, None] * nodes[None, :] + params.d[:, None]
    if model != "3pl":
        # log sigmoid(z) and log sigmoid(-z), stable at both tails
        return -np.logaddexp(0.0, -z), -np.logaddexp(0.0, z)
    c = params.c()[:, None]
    s = 1.0 / (1.0 + np.exp(-z))
    p = np.clip(c + (1.0 - c) * s, 1e-12, 1.0 - 1e-12)
    return np.log(p), np.log1p(-p)


def _score_info(
    params: _Params, nodes: FloatArray, r: FloatArray, n: FloatArray, model: Model
) -> tuple[FloatArray, FloatArray]:
    """Gradient (items × k) and Fisher information (items × k × k) of the expected complete-data log-lik."""
    a = params.a()[:, None]
    z = a * nodes[None, :] + params.d[:, None]
    s = 1.0 / (1.0 + np.exp(-z))
    c = params.c()[:, None] if model == "3pl" else np.zeros_like(a)
    p = np.clip(c + (1.0 - c) * s, 1e-10, 1.0 - 1e-10)
    dpdz = (1.0 - c) * s * (1.0 - s)
    derivs = [dpdz * a * nodes[None, :], dpdz]
    if model == "3pl":
        derivs.append((1.0 - s) * c * (1.0 - c))
    jac = np.stack(derivs, axis=-1)  # items × nodes × k
    pq = p * (1.0 - p)
    resid = (r - n * p) / pq
    grad = np.einsum("iq,iqk->ik", resid, jac)
    info = np.einsum("iq,iqk,iql->ikl", n / pq, jac, jac)
    return grad, info


def _add_priors(grad: FloatArray, info: FloatArray, params: _Params, priors: Priors, model: Model) -> None:
    grad[:, 0] -= params.alpha / priors.log_a_sd**2
    info[:, 0, 0] += 1.0 / priors.log_a_sd**2
    grad[:, 1] -= params.d / priors.d_sd**2
    info[:, 1, 1] += 1.0 / priors.d_sd**2
    if model == "3pl":
        c = params.c()
        grad[:, 2] += (priors.c_alpha - 1.0) * (1.0 - c) - (priors.c_beta - 1.0) * c
        info[:, 2, 2] += (priors.c_alpha + priors.c_beta - 2.0) * c * (1.0 - c)


def _m_step(
    params: _Params, nodes: FloatArray, r: FloatArray, n: FloatArray, model: Model, priors: Priors
) -> None:
    """One Fisher-scoring step per item (rasch: shared slope, per-item intercepts)."""
    grad, info = _score_info(params, nodes, r, n, model)
    _add_priors(grad, info, params, priors, model)
    if model == "rasch":
        params.d += np.clip(grad[:, 1] / info[:, 1, 1], -1.0, 1.0)
        # the shared slope: sum the items' alpha score (prior counted once, not per item)
        g = grad[:, 0].sum() + (len(params.alpha) - 1) * params.alpha[0] / priors.log_a_sd**2
        h = info[:, 0, 0].sum() - (len(params.alpha) - 1) / priors.log_a_sd**2
        params.alpha += float(np.clip(g / h, -0.5, 0.5))
        return
    step: FloatArray = np.asarray(np.linalg.solve(info, grad[..., None])[..., 0], dtype=np.float64)
    # shrink whole steps (not components) so that each stays an ascent direction
    step /= np.maximum(1.0, np.max(np.abs(step), axis=1, keepdims=True))
    start = np.stack([params.alpha, params.d, params.gamma], axis=1)
    best = _objective(params, nodes, r, n, model, priors)
    factor = np.ones(len(step))
    for halvings in range(6):
        # step halving for items whose objective fell: the 3PL surface is not concave
        _set(params, start, step * factor[:, None])
        worse = _objective(params, nodes, r, n, model, priors) < best - 1e-9
        if not worse.any():
            return
        factor = np.where(worse, 0.0 if halvings == 4 else factor * 0.5, factor)


def _set(params: _Params, start: FloatArray, step: FloatArray) -> None:
    params.alpha = np.clip(start[:, 0] + step[:, 0], np.log(0.05), np.log(8.0))
    params.d = start[:, 1] + step[:, 1]
    if step.shape[1] > 2:
        params.gamma = np.clip(start[:, 2] + step[:, 2], -8.0, 0.0)  # c stays in (0, 0.5]


def _objective(
    params: _Params, nodes: FloatArray, r: FloatArray, n: FloatArray, model: Model, priors: Priors
) -> FloatArray:
    """Per-item expected complete-data log-likelihood plus log priors."""
    log_p, log_q = _log_pq(params, nodes, model)
    value = np.sum(r * log_p + (n - r) * log_q, axis=1)
    value -= 0.5 * (params.alpha / priors.log_a_sd) ** 2 + 0.5 * (params.d / priors.d_sd) ** 2
    if model == "3pl":
        c = params.c()
        value += (priors.c_alpha - 1.0) * np.log(c) + (priors.c_beta - 1.0) * np.log1p(-c)
    return np.asarray(value)


def _watched(params: _Params) -> FloatArray:
    """Parameters whose change decides convergence (c itself, not its poorly identified logit)."""
    return np.concatenate([params.alpha, params.d, params.c()])


def _initial(design: ResponseDesign) -> _Params:
    p = np.clip(design.item_p, 0.01, 0.99)
    n_items = design.n_items
    # marginal P(correct) of a unit-slope item under N(0, 1) is about sigmoid(d / 1.28)
    return _Params(alpha=np.zeros(n_items), d=1.28 * np.log(p / (1.0 - p)), gamma=np.full(n_items, -30.0))


def _em(
    design: ResponseDesign,
    params: _Params,
    model: Model,
    priors: Priors,
    n_nodes: int,
    max_iter: int,
    tol: float,
) -> tuple[int, bool, float]:
    """Run EM cycles in place until no watched parameter moves more than tol."""
    nodes, weights = quadrature(n_nodes)
    log_prior = np.log(weights)
    marginal = -np.inf
    for it in range(1, max_iter + 1):
        before = _watched(params)
        log_p, log_q = _log_pq(params, nodes, model)
        post, marginal = posterior(design, log_p, log_q, log_prior)
        r, n = design.counts(post)
        _m_step(params, nodes, r, n, model, priors)
        if np.max(np.abs(_watched(params) - before)) < tol:
            return it, True, marginal
    return max_iter, False, marginal


def eap(
    design: ResponseDesign, a: FloatArray, b: FloatArray, c: FloatArray | None, n_points: int = 61
) -> tuple[FloatArray, FloatArray]:
    """EAP abilities and posterior SDs under a N(0, 1) prior; finite for any pattern."""
    nodes, weights = quadrature(n_points, limit=6.0)
    params = _Params(alpha=np.log(a), d=-a * b, gamma=np.full(len(a), -30.0))
    model: Model = "2pl"
    if c is not None and np.any(c > 0):
        params.gamma = np.log(np.clip(c, 1e-12, None) / (1.0 - c))
        model = "3pl"
    log_p, log_q = _log_pq(params, nodes, model)
    post, _ = posterior(design, log_p, log_q, np.log(weights))
    post64 = post.astype(np.float64)
    mean = post64 @ nodes
    var = post64 @ nodes**2 - mean**2
    return mean, np.sqrt(np.maximum(var, 1e-12))


def calibrate(
    persons_idx: NDArray[np.integer],
    items_idx: NDArray[np.integer],
    responses: NDArray[np.number],
    n_persons: int,
    n_items: int,
    model: Model = "2pl",
    *,
    priors: Priors | None = None,
    n_nodes: int = 21,
    max_iter: int = 500,
    tol: float = 1e-4,
) -> Calibration:
    """Fit a Rasch, 2PL or 3PL model to long-format 0/1 responses by MML-EM; EAP abilities."""
    if model not in ("rasch", "2pl", "3pl"):
        raise ValueError(f"unknown model {model!r}")
    priors = priors or Priors()
    design = ResponseDesign(persons_idx, items_idx, responses, n_persons, n_items)
    params = _initial(design)
    it = 0
    if model == "3pl":
        # start the 3PL from a rough 2PL fit: from flat starts hard items drift to b >> 3
        it, _, _ = _em(design, params, "2pl", priors, n_nodes, max_iter, tol * 10)
        params.gamma[:] = np.log(START_C / (1.0 - START_C))
    more, converged, marginal = _em(design, params, model, priors, n_nodes, max_iter, tol)
    it += more
    a, c = params.a(), params.c() if model == "3pl" else np.zeros(n_items)
    b = -params.d / a
    theta, se = eap(design, a, b, c if model == "3pl" else None)
    if model == "rasch":
        # report on the Rasch metric: unit slopes, the shared slope folded into theta and b
        scale = float(a[0])
        a, b, theta, se = np.ones(n_items), b * scale, theta * scale, se * scale
    return Calibration(model, a, b, c, theta, se, it, converged, marginal)
