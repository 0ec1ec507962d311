"""Course quizzes: a form drawn from the course's items by its blueprint, scored by the assessments engine."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.forms import assemble_form, unshuffle_response
from assessments.scoring import FormItem, score_form
from training.courses import bank_of, blueprint_of, text_in
from training.errors import Conflict, NotFound
from training.learning import LearningService
from training.models import Course, Enrolment, QuizAttempt
from training.statements import StatementLog
from training.xapi import result as xapi_result


@dataclass(frozen=True, slots=True)
class ShownItem:
    """One quiz question as shown: stem and options in the shuffled order of this attempt."""

    item_id: str
    item_type: str
    stem: str
    options: list[str]


@dataclass(frozen=True, slots=True)
class QuizResult:
    """The outcome of a submitted attempt."""

    attempt_id: int
    correct: int
    total: int
    passed: bool
    pass_mark: int
    completed: bool


class QuizService:
    """Starting and submitting quiz attempts."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def start_quiz(self, enrolment: Enrolment) -> QuizAttempt:
        """The open attempt of this enrolment, or a new one assembled from the course's item bank."""
        query = select(QuizAttempt).where(
            QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.submitted_at.is_(None)
        )
        open_attempt = (await self.session.execute(query)).scalar()
        if open_attempt is not None:
            return open_attempt
        course = await self._course(enrolment)
        seed = secrets.randbits(48)
        form = assemble_form(blueprint_of(course), bank_of(course), seed=seed)
        attempt = QuizAttempt(
            enrolment_id=enrolment.id,
            seed=seed,
            form=[{"item_id": it.item_id, "order": list(it.option_order)} for it in form.items],
            answers={},
            started_at=datetime.now(UTC),
        )
        self.session.add(attempt)
        if enrolment.status == "enrolled":
            enrolment.status = "in_progress"
        enrolment.last_activity_at = attempt.started_at
        await self.session.flush()
        await StatementLog(self.session).record(enrolment, course, "attempted", kind="assessment")
        return attempt

    async def _course(self, enrolment: Enrolment) -> Course:
        course = await self.session.get(Course, enrolment.course_id)
        if course is None:
            raise NotFound("No such course.")
        return course

    async def attempt(self, attempt_id: int, enrolment: Enrolment) -> QuizAttempt:
        """An attempt of this enrolment, or NotFound."""
        attempt = await self.session.get(QuizAttempt, attempt_id)
        if attempt is None or attempt.enrolment_id != enrolment.id:
            raise NotFound("No such quiz attempt.")
        return attempt

    async def shown_items(self, attempt: QuizAttempt, enrolment: Enrolment, lang: str) -> list[ShownItem]:
        """The attempt's questions in ``lang``, options in the order this attempt shows them."""
        course = await self._course(enrolment)
        items = {it["key"]: it for it in course.items}
        shown = []
        for entry in attempt.form:
            item = items[entry["item_id"]]
            content = (
                item["content"].get(lang) or item["content"].get("ru") or next(iter(item["content"].values()))
            )
            options = content.get("options", [])
            order = entry["order"] or list(range(len(options)))
            shown.append(
                ShownItem(
                    entry["item_id"], item.get("type", "single"), content["stem"], [options[i] for i in order]
                )
            )
        return shown

    async def submit_quiz(
        self, attempt: QuizAttempt, enrolment: Enrolment, answers: dict[str, Any], *, actor: str
    ) -> QuizResult:
        """Score an attempt (answers by shown option position) and apply the course completion rule."""
        if attempt.submitted_at is not None:
            raise Conflict("This attempt was already submitted.")
        course = await self._course(enrolment)
        blueprint = blueprint_of(course)
        keys = {it["key"]: it for it in course.items}
        orders = {e["item_id"]: e["order"] for e in attempt.form}
        responses = {i: unshuffle_response(orders[i], a) for i, a in answers.items() if i in orders}
        form_items = [
            FormItem(i, keys[i].get("type", "single"), keys[i]["answer"], keys[i].get("tags", {}))
            for i in orders
        ]
        score = score_form(form_items, responses, blueprint)
        attempt.answers = {k: v for k, v in answers.items() if k in orders}
        attempt.submitted_at = datetime.now(UTC)
        attempt.score, attempt.max_score, attempt.passed = (
            float(score.correct),
            float(len(orders)),
            score.passed,
        )
        enrolment.last_activity_at = attempt.submitted_at
        await self.session.flush()
        raw = float(score.correct)
        await StatementLog(self.session).record(
            enrolment,
            course,
            "passed" if score.passed else "failed",
            kind="assessment",
            result=xapi_result(raw=raw, maximum=float(max(len(orders), 1)), success=score.passed),
        )
        cert = await LearningService(self.session).apply_completion_rule(enrolment, actor=actor)
        return QuizResult(
            attempt.id, score.correct, len(orders), score.passed, int(blueprint.pass_mark), cert is not None
        )

    @staticmethod
    def title(course: Course, lang: str) -> str:
        """The course title in ``lang``."""
        return text_in(course.title, lang)
