"""Deadline-risk model: features from progress histories, synthetic data, training and scoring."""
