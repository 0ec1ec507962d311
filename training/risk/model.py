"""Training, scoring and persistence of the deadline-risk classifier."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

import joblib
import msgspec
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from training.risk.features import FEATURE_NAMES, MONOTONIC, ProgressHistory, feature_matrix

MODEL_FILE: Final = "model.joblib"
METADATA_FILE: Final = "metadata.json"
MODEL_VERSION: Final = "risk-hgb-1"
# Our matrices are small: OpenMP start-up and contention cost more than they save (10x on 2 cores).
_THREADS: Final = 1


class ModelMetadata(msgspec.Struct, frozen=True):
    """What a saved model was trained on; stored as JSON next to the estimator."""

    version: str
    trained_at: str
    n_samples: int
    positive_rate: float
    feature_names: tuple[str, ...]
    sklearn_version: str


class ModelMismatch(ValueError):
    """A saved model does not match this code's features."""


class RiskModel:
    """A fitted classifier giving each enrolment's probability of missing its deadline."""

    def __init__(self, estimator: HistGradientBoostingClassifier, metadata: ModelMetadata) -> None:
        self.estimator = estimator
        self.metadata = metadata

    def score(self, feature_rows: np.ndarray) -> np.ndarray:
        """Probability of missing the deadline for each row of `features()` output."""
        rows = np.asarray(feature_rows, dtype=np.float64)
        if rows.ndim == 1:
            rows = rows.reshape(1, -1)
        if rows.shape[1] != len(FEATURE_NAMES):
            raise ValueError(f"expected {len(FEATURE_NAMES)} features, got {rows.shape[1]}")
        if rows.shape[0] == 0:
            return np.empty(0)
        positive = list(self.estimator.classes_).index(1)
        with threadpool_limits(_THREADS):
            return np.asarray(self.estimator.predict_proba(rows)[:, positive])

    def save(self, directory: Path) -> None:
        """Write the estimator (joblib) and its metadata (JSON) into `directory`."""
        directory.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.estimator, directory / MODEL_FILE)
        (directory / METADATA_FILE).write_bytes(msgspec.json.format(msgspec.json.encode(self.metadata)))

    @classmethod
    def load(cls, directory: Path) -> RiskModel:
        """Read a model saved by `save`; only load files this platform wrote (joblib unpickles)."""
        metadata = msgspec.json.decode((directory / METADATA_FILE).read_bytes(), type=ModelMetadata)
        if metadata.feature_names != FEATURE_NAMES:
            raise ModelMismatch("saved model was trained on different features; retrain it")
        if metadata.sklearn_version != sklearn.__version__:
            warnings.warn(
                f"model trained with scikit-learn {metadata.sklearn_version}, "
                f"running {sklearn.__version__}; consider retraining",
                stacklevel=2,
            )
        estimator = joblib.load(directory / MODEL_FILE)
        return cls(estimator, metadata)


def train(
    histories: Sequence[ProgressHistory],
    outcomes: Sequence[bool],
    *,
    as_of: date | Sequence[date],
    random_state: int = 0,
) -> RiskModel:
    """Fit the model on histories seen at `as_of` and whether each missed its deadline."""
    return train_on_features(feature_matrix(histories, as_of), outcomes, random_state=random_state)


def train_on_features(
    feature_rows: np.ndarray, outcomes: Sequence[bool] | np.ndarray, *, random_state: int = 0
) -> RiskModel:
    """Fit the model on precomputed feature rows."""
    labels = np.asarray(outcomes, dtype=np.int64)
    if len(labels) != len(feature_rows):
        raise ValueError("need one outcome per history")
    if len(set(labels.tolist())) < 2:
        raise ValueError("training needs both missed and met deadlines")
    estimator = HistGradientBoostingClassifier(
        learning_rate=0.06,
        max_iter=250,
        max_leaf_nodes=15,
        min_samples_leaf=30,
        l2_regularization=1.0,
        monotonic_cst=list(MONOTONIC),
        early_stopping=False,
        random_state=random_state,
    )
    with threadpool_limits(_THREADS):
        estimator.fit(feature_rows, labels)
    metadata = ModelMetadata(
        version=MODEL_VERSION,
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        n_samples=len(labels),
        positive_rate=float(labels.mean()),
        feature_names=FEATURE_NAMES,
        sklearn_version=sklearn.__version__,
    )
    return RiskModel(estimator, metadata)
