"""Integrity checks of test sittings: behavioural anomalies and answer similarity. They only flag."""

from assessments.integrity.anomaly import AnomalyFlag, FeatureReason, flag_anomalies
from assessments.integrity.features import FEATURE_NAMES, SessionLog, session_features
from assessments.integrity.similarity import ItemKey, SimilarityFlag, flag_similar_pairs

__all__ = [
    "FEATURE_NAMES",
    "AnomalyFlag",
    "FeatureReason",
    "ItemKey",
    "SessionLog",
    "SimilarityFlag",
    "flag_anomalies",
    "flag_similar_pairs",
    "session_features",
]
