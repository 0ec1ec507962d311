"""Item response functions shared by calibration, scoring and CAT (logistic metric, no 1.7)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

Model = Literal["rasch", "2pl", "3pl"]
FloatArray = NDArray[np.float64]


def prob_correct(theta: FloatArray, a: FloatArray, b: FloatArray, c: FloatArray | None = None) -> FloatArray:
    """P(correct) for every (theta, item) pair: shape (len(theta), len(a))."""
    z = np.subtract.outer(np.asarray(theta, dtype=np.float64), b) * a
    p: FloatArray = 1.0 / (1.0 + np.exp(-z))
    if c is not None:
        p = c + (1.0 - c) * p
    return p


def fisher_information(
    theta: FloatArray, a: FloatArray, b: FloatArray, c: FloatArray | None = None
) -> FloatArray:
    """Item Fisher information at each theta: shape (len(theta), len(a))."""
    star = prob_correct(theta, a, b)
    if c is None:
        return np.asarray(a**2 * star * (1.0 - star))
    p = c + (1.0 - c) * star
    # 3PL: a^2 (p - c)^2 (1 - p) / ((1 - c)^2 p) = a^2 s^2 (1 - c) (1 - s) / p with s the 2PL curve
    return np.asarray(a**2 * star**2 * (1.0 - c) * (1.0 - star) / np.maximum(p, 1e-300))


def quadrature(n_points: int = 21, limit: float = 5.0) -> tuple[FloatArray, FloatArray]:
    """Equally spaced nodes on [-limit, limit] with normalised standard-normal weights."""
    nodes = np.linspace(-limit, limit, n_points)
    weights = np.exp(-0.5 * nodes**2)
    return nodes, weights / weights.sum()
