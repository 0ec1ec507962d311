"""Anomalous sessions of a sitting: IsolationForest over behavioural features, explained by robust z.

A session is marked ``disputed`` only when the forest isolates it **and** at least one feature is
far out in the suspicious direction (robust z ≥ ``z_threshold``); those features are the reasons a
moderator reads. A slow, careful candidate is unusual but not suspicious, so is never flagged.
Flags never change a score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from sklearn.ensemble import IsolationForest

from assessments.integrity.features import FEATURE_NAMES, SessionLog, feature_matrix, robust_z

MIN_SESSIONS_FOR_FOREST = 20
SMALL_SITTING_Z = 5.0  # without a forest, only very extreme features flag


@dataclass(frozen=True, slots=True)
class FeatureReason:
    """One feature that made a session stand out."""

    feature: str
    value: float
    z: float


@dataclass(frozen=True, slots=True)
class AnomalyFlag:
    """A session marked disputed, with the features that explain it (most extreme first)."""

    session_id: str
    status: Literal["disputed"]
    anomaly_score: float
    reasons: tuple[FeatureReason, ...]


def _forest_outliers(z: np.ndarray, contamination: float | str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    forest = IsolationForest(n_estimators=200, contamination=contamination, random_state=seed, n_jobs=1)
    # Clip so one absurd value does not squash every split of its feature.
    data = np.clip(z, -50.0, 50.0)
    forest.fit(data)
    is_outlier = forest.predict(data) == -1
    score = -forest.score_samples(data)  # higher = more anomalous
    return is_outlier, score


def flag_anomalies(
    logs: Sequence[SessionLog],
    *,
    z_threshold: float = 3.5,
    contamination: float | str = "auto",
    seed: int = 0,
) -> list[AnomalyFlag]:
    """Mark sessions of one sitting as disputed, with per-feature reasons; most anomalous first."""
    if not logs:
        return []
    matrix = feature_matrix(logs)
    z = robust_z(matrix)
    if len(logs) >= MIN_SESSIONS_FOR_FOREST:
        is_outlier, score = _forest_outliers(z, contamination, seed)
        threshold = z_threshold
    else:
        is_outlier = np.ones(len(logs), dtype=bool)
        score = z.max(axis=1)
        threshold = max(z_threshold, SMALL_SITTING_Z)
    flags: list[AnomalyFlag] = []
    for row in np.flatnonzero(is_outlier & (z >= threshold).any(axis=1)).tolist():
        cols = [c for c in np.argsort(-z[row]) if z[row, c] >= threshold]
        reasons = tuple(
            FeatureReason(FEATURE_NAMES[c], float(matrix[row, c]), round(float(z[row, c]), 2)) for c in cols
        )
        flags.append(AnomalyFlag(logs[row].session_id, "disputed", round(float(score[row]), 4), reasons))
    flags.sort(key=lambda f: (-f.anomaly_score, f.session_id))
    return flags
