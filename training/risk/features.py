"""Feature extraction from one learner's progress history on one course."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np


@dataclass(frozen=True, slots=True)
class QuizAttempt:
    """One quiz attempt: when, and the score as a share of the maximum (0..1)."""

    on: date
    score: float


@dataclass(frozen=True, slots=True)
class ProgressHistory:
    """What the platform knows about one enrolment; events after `as_of` are ignored."""

    enrolled_on: date
    due_on: date
    lesson_count: int
    lessons_completed_on: tuple[date, ...] = ()
    active_on: tuple[date, ...] = ()
    quiz_attempts: tuple[QuizAttempt, ...] = ()
    reminders_on: tuple[date, ...] = ()


FEATURE_NAMES: Final = (
    "days_since_enrolment",
    "days_to_due",
    "share_of_time_elapsed",
    "share_of_lessons_done",
    "pace_gap",
    "lessons_last_7_days",
    "lessons_last_14_days",
    "days_since_last_activity",
    "active_days_last_14",
    "quiz_attempts",
    "best_quiz_score",
    "reminders_received",
    "required_lessons_per_day",
    "recent_lessons_per_day",
)
# Monotonic constraints for the estimator: +1 risk rises with the feature, -1 falls, 0 free.
MONOTONIC: Final = (0, 0, 0, -1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0)


def features(history: ProgressHistory, as_of: date) -> np.ndarray:
    """Feature vector (see FEATURE_NAMES) of one history as known on `as_of`."""
    done = [d for d in history.lessons_completed_on if d <= as_of]
    quizzes = [q for q in history.quiz_attempts if q.on <= as_of]
    activity = [d for d in history.active_on if d <= as_of] + done + [q.on for q in quizzes]
    elapsed = max((as_of - history.enrolled_on).days, 0)
    duration = max((history.due_on - history.enrolled_on).days, 1)
    to_due = (history.due_on - as_of).days
    lessons = max(history.lesson_count, 1)
    share_done = min(len(done) / lessons, 1.0)
    share_time = min(elapsed / duration, 1.5)
    last_7 = sum(1 for d in done if (as_of - d).days < 7)
    last_14 = sum(1 for d in done if (as_of - d).days < 14)
    idle = (as_of - max(activity)).days if activity else elapsed
    remaining = lessons - min(len(done), lessons)
    return np.array(
        [
            elapsed,
            to_due,
            share_time,
            share_done,
            share_time - share_done,
            last_7,
            last_14,
            idle,
            len({d for d in activity if (as_of - d).days < 14}),
            len(quizzes),
            max((q.score for q in quizzes), default=0.0),
            sum(1 for d in history.reminders_on if d <= as_of),
            remaining / max(to_due, 1),
            last_14 / 14,
        ],
        dtype=np.float64,
    )


def feature_matrix(histories: Sequence[ProgressHistory], as_of: date | Sequence[date]) -> np.ndarray:
    """Stack feature vectors; `as_of` is one date for all or one per history."""
    dates = [as_of] * len(histories) if isinstance(as_of, date) else list(as_of)
    if len(dates) != len(histories):
        raise ValueError("need one as_of date per history")
    if not histories:
        return np.empty((0, len(FEATURE_NAMES)))
    return np.vstack([features(h, d) for h, d in zip(histories, dates, strict=True)])
