"""Synthetic progress histories drawn from a hidden behaviour model, for training and benches."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from training.risk.features import ProgressHistory, QuizAttempt

ARCHETYPES: Final = ("steady", "procrastinator", "late_sprinter", "dropout")
_WEIGHTS: Final = (0.45, 0.25, 0.15, 0.15)
PASS_SCORE: Final = 0.7
# Daily chance of opening the course without finishing a lesson.
_BROWSE: Final = {"steady": 0.1, "procrastinator": 0.04, "late_sprinter": 0.2, "dropout": 0.1}


@dataclass(frozen=True, slots=True)
class SyntheticCase:
    """A full simulated enrolment, the snapshot date to score it on, and its true outcome."""

    history: ProgressHistory
    as_of: date
    missed: bool
    completed_on: date | None
    archetype: str

    @property
    def open_at_snapshot(self) -> bool:
        """Whether the course was still unfinished on `as_of` (the cases worth scoring)."""
        return self.completed_on is None or self.completed_on > self.as_of


@dataclass(slots=True)
class _Learner:
    archetype: str
    ability: float
    responsiveness: float
    zeal: float
    turn: float
    rng: random.Random

    def intensity(self, t: float, needed: float, boosted: bool) -> float:
        """Probability of studying on a day at course fraction `t`."""
        if self.archetype == "steady":
            p = needed * self.zeal * 1.2
        elif self.archetype == "procrastinator":
            p = needed * self.zeal * (0.1 + 1.6 * t * t)
        elif self.archetype == "late_sprinter":
            p = 0.04 if t < self.turn else needed * self.zeal / max(1.0 - self.turn, 0.2)
        else:  # dropout: steady until it stops
            p = needed * self.zeal if t < self.turn else 0.01
        if boosted:
            p *= 1.0 + 2.0 * self.responsiveness
            if self.archetype == "dropout" and self.rng.random() < 0.05 * self.responsiveness:
                self.archetype = "steady"
        return min(p, 0.95)


def _learner(rng: random.Random) -> _Learner:
    archetype = rng.choices(ARCHETYPES, _WEIGHTS)[0]
    turn = rng.uniform(0.5, 0.8) if archetype == "late_sprinter" else rng.uniform(0.1, 0.6)
    return _Learner(
        archetype=archetype,
        ability=min(max(rng.gauss(0.8, 0.12), 0.3), 1.0),
        responsiveness=rng.random(),
        zeal=rng.uniform(1.0, 2.0),
        turn=turn,
        rng=rng,
    )


def simulate(n: int, seed: int = 0, *, start: date = date(2025, 1, 6)) -> list[SyntheticCase]:
    """Simulate `n` enrolments with hidden archetypes (steady, procrastinator, late sprinter, dropout)."""
    rng = random.Random(seed)
    return [_simulate_one(rng, start) for _ in range(n)]


def _simulate_one(rng: random.Random, start: date) -> SyntheticCase:
    duration = rng.choice((14, 21, 30, 45, 60))
    lessons = rng.randint(4, min(20, int(duration * 0.6)))
    enrolled = start + timedelta(days=rng.randrange(180))
    learner = _learner(rng)
    needed = lessons / duration / 1.3  # an active day averages 1.3 lessons
    done: list[date] = []
    active: list[date] = []
    quizzes: list[QuizAttempt] = []
    reminders: list[date] = []
    boost_until = -1
    completed_on: date | None = None
    for day in range(duration):
        today = enrolled + timedelta(days=day)
        t = day / duration
        if _reminder_due(day, duration, len(done) / lessons):
            reminders.append(today)
            boost_until = day + 3
        if rng.random() >= learner.intensity(t, needed, day <= boost_until):
            if rng.random() < _BROWSE[learner.archetype] * (
                t < learner.turn or learner.archetype != "dropout"
            ):
                active.append(today)  # opened the course without finishing a lesson
            continue
        active.append(today)
        if len(done) < lessons:
            count = 1 + (rng.random() < 0.3) + (learner.archetype == "late_sprinter" and rng.random() < 0.4)
            before = len(done)
            done.extend([today] * min(count, lessons - before))
            # A practice quiz closes each third of the course.
            if 3 * before // lessons < 3 * len(done) // lessons < 3:
                quizzes.append(QuizAttempt(today, _quiz_score(rng, learner.ability)))
            continue
        if _final_quiz(rng, learner.ability, today, quizzes):
            completed_on = today
            break
    history = ProgressHistory(
        enrolled_on=enrolled,
        due_on=enrolled + timedelta(days=duration),
        lesson_count=lessons,
        lessons_completed_on=tuple(done),
        active_on=tuple(active),
        quiz_attempts=tuple(quizzes),
        reminders_on=tuple(reminders),
    )
    as_of = enrolled + timedelta(days=int(duration * rng.uniform(0.4, 0.8)))
    return SyntheticCase(history, as_of, completed_on is None, completed_on, learner.archetype)


def _reminder_due(day: int, duration: int, share_done: float) -> bool:
    # The platform's policy: weekly nudges when behind pace, plus two before the deadline.
    if share_done >= 1.0:
        return False
    weekly_behind = day > 0 and day % 7 == 0 and share_done < day / duration - 0.2
    return weekly_behind or day in (duration - 7, duration - 2)


def _final_quiz(rng: random.Random, ability: float, today: date, attempts: list[QuizAttempt]) -> bool:
    # Up to three attempts in one sitting; returns whether the course was passed.
    for _ in range(3):
        attempts.append(QuizAttempt(today, _quiz_score(rng, ability)))
        if attempts[-1].score >= PASS_SCORE:
            return True
    return False


def _quiz_score(rng: random.Random, ability: float) -> float:
    return round(min(max(rng.gauss(ability, 0.1), 0.0), 1.0), 2)
