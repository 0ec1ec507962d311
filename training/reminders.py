"""Deadline reminders: daily mail files before and after due dates, escalated to the line manager,
written in order of the risk model's score (the likeliest to miss their deadline first)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from training.courses import text_in
from training.models import Course, Enrolment, Lesson, LessonProgress, QuizAttempt, Reminder, StaffMember
from training.risk import features as risk_features
from training.risk.model import ModelMismatch, RiskModel, train
from training.risk.synthetic import simulate
from workers import runtime

REMINDER_JOB = "training.send_reminders"
BEFORE_DAYS = 7
ESCALATE_AFTER_DAYS = 7
TRAINING_CASES = 4000
_MANAGER = re.compile(r"руководител|начальник|директор|басшы|head|director", re.IGNORECASE)
_model_cache: dict[Path, RiskModel] = {}


def model_dir(session: AsyncSession) -> Path:
    """Where the trained risk model is cached."""
    return runtime.settings_of(session).var_dir / "training" / "risk-model"


def risk_model(directory: Path) -> RiskModel:
    """The cached model, trained on simulated histories at first use and saved for later processes."""
    if directory in _model_cache:
        return _model_cache[directory]
    try:
        model = RiskModel.load(directory)
    except (OSError, ModelMismatch, ValueError):
        cases = [c for c in simulate(TRAINING_CASES, seed=7) if c.open_at_snapshot]
        model = train([c.history for c in cases], [c.missed for c in cases], as_of=[c.as_of for c in cases])
        model.save(directory)
    _model_cache[directory] = model
    return model


@dataclass(frozen=True, slots=True)
class Due:
    """One reminder to write: whom, about what, and how risky the enrolment looks."""

    enrolment_id: int
    kind: str
    recipient: str
    staff_name: str
    course_title: str
    due_date: date
    risk: float


class ReminderService:
    """Finds open enrolments near or past their due date and writes ranked reminders."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _open(self, as_of: date) -> list[tuple[Enrolment, StaffMember, Course]]:
        query = (
            select(Enrolment, StaffMember, Course)
            .join(StaffMember, StaffMember.id == Enrolment.staff_id)
            .join(Course, Course.id == Enrolment.course_id)
            .where(
                Enrolment.status != "completed",
                Enrolment.due_date <= as_of + timedelta(days=BEFORE_DAYS),
                StaffMember.active.is_(True),
            )
        )
        return [(e, s, c) for e, s, c in (await self.session.execute(query)).all()]

    async def histories(self, enrolments: list[Enrolment]) -> dict[int, risk_features.ProgressHistory]:
        """Progress histories of enrolments, as the risk model's features need them."""
        ids = [e.id for e in enrolments]
        done: dict[int, list[date]] = defaultdict(list)
        quizzes: dict[int, list[risk_features.QuizAttempt]] = defaultdict(list)
        reminders: dict[int, list[date]] = defaultdict(list)
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            q = select(LessonProgress.enrolment_id, LessonProgress.completed_at).where(
                LessonProgress.enrolment_id.in_(chunk), LessonProgress.completed_at.is_not(None)
            )
            for eid, at in (await self.session.execute(q)).all():
                if at is not None:
                    done[eid].append(at.date())
            q2 = select(
                QuizAttempt.enrolment_id, QuizAttempt.submitted_at, QuizAttempt.score, QuizAttempt.max_score
            )
            q2 = q2.where(QuizAttempt.enrolment_id.in_(chunk), QuizAttempt.submitted_at.is_not(None))
            for eid, at, score, top in (await self.session.execute(q2)).all():
                if at is not None:
                    quizzes[eid].append(risk_features.QuizAttempt(at.date(), (score or 0) / (top or 1)))
            q3 = select(Reminder.enrolment_id, Reminder.sent_on).where(Reminder.enrolment_id.in_(chunk))
            for eid, on in (await self.session.execute(q3)).all():
                reminders[eid].append(on)
        counts = dict(
            (
                await self.session.execute(select(Lesson.course_id, func.count()).group_by(Lesson.course_id))
            ).all()
        )
        return {
            e.id: risk_features.ProgressHistory(
                enrolled_on=e.enrolled_at.date(),
                due_on=e.due_date,
                lesson_count=int(counts.get(e.course_id, 1)),
                lessons_completed_on=tuple(sorted(done[e.id])),
                active_on=(e.last_activity_at.date(),) if e.last_activity_at else (),
                quiz_attempts=tuple(quizzes[e.id]),
                reminders_on=tuple(reminders[e.id]),
            )
            for e in enrolments
        }

    async def due_reminders(self, as_of: date) -> list[Due]:
        """Reminders due on ``as_of``, highest risk first (escalations go to the line manager)."""
        rows = await self._open(as_of)
        if not rows:
            return []
        histories = await self.histories([e for e, _, _ in rows])
        model = risk_model(model_dir(self.session))
        matrix = risk_features.feature_matrix([histories[e.id] for e, _, _ in rows], as_of)
        scores = model.score(matrix)
        managers = await self._managers({s.body_id for _, s, _ in rows})
        out: list[Due] = []
        for (e, s, c), risk in zip(rows, scores, strict=True):
            title = text_in(c.title, "ru")
            kind = "before_due" if e.due_date >= as_of else "overdue"
            out.append(Due(e.id, kind, s.email, s.full_name, title, e.due_date, float(risk)))
            manager = s.manager_email or managers.get((s.body_id, s.department))
            if (as_of - e.due_date).days >= ESCALATE_AFTER_DAYS and manager and manager != s.email:
                out.append(Due(e.id, "escalation", manager, s.full_name, title, e.due_date, float(risk)))
        out.sort(key=lambda d: (-d.risk, d.due_date, d.enrolment_id, d.kind))
        return out

    async def _managers(self, body_ids: set[int]) -> dict[tuple[int, str], str]:
        """The head of each (body, department), found by position title, for escalations."""
        query = select(StaffMember.body_id, StaffMember.department, StaffMember.position, StaffMember.email)
        query = query.where(StaffMember.body_id.in_(sorted(body_ids)), StaffMember.active.is_(True))
        heads: dict[tuple[int, str], str] = {}
        for body_id, department, position, email in (await self.session.execute(query)).all():
            if _MANAGER.search(position or ""):
                heads.setdefault((body_id, department), email)
        return heads

    async def send_reminders(self, as_of: date | None = None) -> list[Reminder]:
        """Write today's reminders as mail files (once per enrolment, kind and day), ranked by risk."""
        as_of = as_of or datetime.now(UTC).date()
        sent = select(Reminder.enrolment_id, Reminder.kind).where(Reminder.sent_on == as_of)
        already = {(eid, kind) for eid, kind in (await self.session.execute(sent)).all()}
        folder = runtime.settings_of(self.session).var_dir / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Reminder] = []
        for rank, due in enumerate(await self.due_reminders(as_of), start=1):
            if (due.enrolment_id, due.kind) in already:
                continue
            path = folder / f"{as_of.isoformat()}-training-{rank:06d}-{due.enrolment_id}-{due.kind}.eml"
            path.write_bytes(_message(due).as_bytes())
            row = Reminder(
                enrolment_id=due.enrolment_id,
                kind=due.kind,
                sent_on=as_of,
                risk=due.risk,
                rank=rank,
                recipient=due.recipient,
            )
            self.session.add(row)
            written.append(row)
        await self.session.flush()
        return written


def _message(due: Due) -> EmailMessage:
    """The reminder mail (Russian and Kazakh; the platform's language is the recipient's to choose)."""
    msg = EmailMessage()
    msg["To"] = due.recipient
    msg["From"] = "training@adal.gov.kz"
    subjects = {
        "before_due": "Напоминание: курс «{c}» до {d}",
        "overdue": "Просрочено: курс «{c}» (срок {d})",
        "escalation": "Сотрудник {n} не завершил курс «{c}» (срок {d})",
    }
    msg["Subject"] = subjects[due.kind].format(
        c=due.course_title, d=due.due_date.isoformat(), n=due.staff_name
    )
    msg.set_content(
        f"{due.staff_name}: {due.course_title}\nСрок / Мерзімі: {due.due_date.isoformat()}\n"
        "Откройте /training, чтобы продолжить. / Жалғастыру үшін /training бетін ашыңыз.\n"
    )
    return msg
