"""Behavioural features of a test session, as plain numbers for the anomaly detector."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

FAST_ANSWER_SECONDS = 3.0

# name, direction in which a value is suspicious (+1 high, -1 low), smallest robust scale
FEATURES: tuple[tuple[str, int, float], ...] = (
    ("focus_losses", +1, 1.0),
    ("pastes", +1, 1.0),
    ("reconnects", +1, 1.0),
    ("ip_changes", +1, 1.0),
    ("median_item_seconds", -1, 2.0),
    ("min_item_seconds", -1, 1.0),
    ("fast_answer_share", +1, 0.05),
    ("answer_changes", +1, 1.0),
    ("time_used_share", -1, 0.05),
    ("score_per_time", +1, 0.1),
)
FEATURE_NAMES: tuple[str, ...] = tuple(name for name, _, _ in FEATURES)


@dataclass(frozen=True, slots=True)
class SessionLog:
    """What the test client and server recorded about one session."""

    session_id: str
    item_seconds: Sequence[float] = field(default_factory=tuple)
    focus_losses: int = 0
    pastes: int = 0
    reconnects: int = 0
    ip_changes: int = 0
    answer_changes: int = 0
    time_used_seconds: float = 0.0
    time_limit_seconds: float = 1.0
    score_share: float = 0.0


def session_features(log: SessionLog) -> np.ndarray:
    """The feature vector of one session, in ``FEATURE_NAMES`` order."""
    times = np.asarray(log.item_seconds, dtype=float)
    limit = max(log.time_limit_seconds, 1.0)
    time_share = min(max(log.time_used_seconds / limit, 0.0), 1.0)
    if times.size:
        median, minimum = float(np.median(times)), float(times.min())
        fast = float((times < FAST_ANSWER_SECONDS).mean())
    else:
        median = minimum = limit
        fast = 0.0
    # A high score earned in a small share of the time is the pattern of a leaked key.
    score_per_time = log.score_share / max(time_share, 0.05)
    return np.array(
        [
            log.focus_losses,
            log.pastes,
            log.reconnects,
            log.ip_changes,
            median,
            minimum,
            fast,
            log.answer_changes,
            time_share,
            score_per_time,
        ],
        dtype=float,
    )


def feature_matrix(logs: Sequence[SessionLog]) -> np.ndarray:
    """Stack the feature vectors of a sitting (rows follow ``logs``)."""
    if not logs:
        return np.empty((0, len(FEATURES)))
    return np.vstack([session_features(log) for log in logs])


def robust_z(matrix: np.ndarray) -> np.ndarray:
    """Per-feature robust z-scores, signed so that positive means suspicious.

    Centre is the median; scale is 1.4826·MAD, else 1.2533·mean absolute deviation, never below the
    feature's floor (so one focus loss among zeros is not an outlier by itself).
    """
    if matrix.size == 0:
        return matrix.copy()
    median = np.median(matrix, axis=0)
    dev = np.abs(matrix - median)
    mad = 1.4826 * np.median(dev, axis=0)
    mean_dev = 1.2533 * dev.mean(axis=0)
    floors = np.array([floor for _, _, floor in FEATURES])
    scale = np.maximum(np.where(mad > 0, mad, mean_dev), floors)
    directions = np.array([d for _, d, _ in FEATURES], dtype=float)
    return (matrix - median) / scale * directions
