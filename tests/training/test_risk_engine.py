from datetime import date, timedelta

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from training.risk.features import FEATURE_NAMES, ProgressHistory, QuizAttempt, feature_matrix, features
from training.risk.model import ModelMismatch, RiskModel, train
from training.risk.synthetic import simulate

START = date(2025, 3, 3)


def _feature(row: np.ndarray, name: str) -> float:
    return float(row[FEATURE_NAMES.index(name)])


def test_features_ignore_events_after_as_of():
    day = lambda n: START + timedelta(days=n)  # noqa: E731
    history = ProgressHistory(
        enrolled_on=START,
        due_on=day(30),
        lesson_count=10,
        lessons_completed_on=(day(1), day(2), day(9), day(20)),
        quiz_attempts=(QuizAttempt(day(9), 0.6), QuizAttempt(day(25), 0.9)),
        reminders_on=(day(7), day(23)),
    )
    row = features(history, day(10))
    assert _feature(row, "days_since_enrolment") == 10
    assert _feature(row, "days_to_due") == 20
    assert _feature(row, "share_of_lessons_done") == pytest.approx(0.3)
    assert _feature(row, "lessons_last_7_days") == 1
    assert _feature(row, "days_since_last_activity") == 1
    assert _feature(row, "best_quiz_score") == pytest.approx(0.6)
    assert _feature(row, "reminders_received") == 1
    assert _feature(row, "required_lessons_per_day") == pytest.approx(7 / 20)


def test_features_without_activity_count_idle_days_from_enrolment():
    history = ProgressHistory(enrolled_on=START, due_on=START + timedelta(days=14), lesson_count=5)
    row = features(history, START + timedelta(days=6))
    assert _feature(row, "days_since_last_activity") == 6
    assert _feature(row, "share_of_lessons_done") == 0


def test_simulation_is_reproducible_and_mixes_outcomes():
    first, second = simulate(300, seed=5), simulate(300, seed=5)
    assert first == second
    missed = sum(c.missed for c in first) / len(first)
    assert 0.15 < missed < 0.7
    assert {c.archetype for c in first} == {"steady", "procrastinator", "late_sprinter", "dropout"}


@pytest.fixture(scope="module")
def split():
    cases = [c for c in simulate(5000, seed=11) if c.open_at_snapshot]
    cut = int(len(cases) * 0.7)
    return cases[:cut], cases[cut:]


@pytest.fixture(scope="module")
def model(split):
    train_cases, _ = split
    return train(
        [c.history for c in train_cases],
        [c.missed for c in train_cases],
        as_of=[c.as_of for c in train_cases],
    )


def test_risk_model_ranks_held_out_cases_above_auc_075(split, model):
    _, test_cases = split
    rows = feature_matrix([c.history for c in test_cases], [c.as_of for c in test_cases])
    labels = [c.missed for c in test_cases]
    auc = roc_auc_score(labels, model.score(rows))
    naive = roc_auc_score(labels, -rows[:, FEATURE_NAMES.index("share_of_lessons_done")])
    assert auc > 0.75
    assert auc > naive


def test_risk_model_round_trips_through_files(tmp_path, model, split):
    _, test_cases = split
    rows = feature_matrix([c.history for c in test_cases[:50]], [c.as_of for c in test_cases[:50]])
    model.save(tmp_path)
    loaded = RiskModel.load(tmp_path)
    assert np.allclose(loaded.score(rows), model.score(rows))
    assert loaded.metadata == model.metadata


def test_risk_model_refuses_file_with_other_features(tmp_path, model):
    model.save(tmp_path)
    meta = (tmp_path / "metadata.json").read_text().replace("best_quiz_score", "quiz_mood")
    (tmp_path / "metadata.json").write_text(meta)
    with pytest.raises(ModelMismatch):
        RiskModel.load(tmp_path)


def test_risk_model_rejects_wrong_width_and_single_class(model):
    with pytest.raises(ValueError):
        model.score(np.zeros((2, 3)))
    history = ProgressHistory(enrolled_on=START, due_on=START + timedelta(days=14), lesson_count=5)
    with pytest.raises(ValueError, match="both"):
        train([history, history], [True, True], as_of=START)
