"""Courses: loading the seed curriculum, reading content, editing lessons and revising a course."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.forms import BankItem
from assessments.scoring import Blueprint, SectionSpec
from auth.audit.service import AuditService
from training.content import render_markdown
from training.errors import NotFound
from training.models import Course, Enrolment, Lesson, LessonProgress, Module


def seed_documents() -> list[dict[str, Any]]:
    """The curriculum shipped in ``training/seed/course_*.json``."""
    folder = resources.files("training").joinpath("seed")
    names = sorted(p.name for p in folder.iterdir() if p.name.startswith("course_"))
    return [json.loads(folder.joinpath(n).read_text("utf-8")) for n in names]


def blueprint_of(course: Course) -> Blueprint:
    """The quiz blueprint stored with a course; the pass mark follows ``pass_mark_percent``."""
    raw = course.blueprint
    sections = tuple(SectionSpec(**s) for s in raw.get("sections", []))
    count = sum(s.count for s in sections)
    return Blueprint(
        sections=sections,
        pass_mark=math.ceil(count * course.pass_mark_percent / 100 - 1e-9),
        time_limit_minutes=int(raw.get("time_limit_minutes", 20)),
        shuffle_items=bool(raw.get("shuffle_items", True)),
        shuffle_options=bool(raw.get("shuffle_options", True)),
    )


def bank_of(course: Course) -> list[BankItem]:
    """The course's quiz items as the form assembler sees them."""
    return [
        BankItem(
            item_id=it["key"],
            tags=it.get("tags", {}),
            status=it.get("status", "active"),
            item_type=it.get("type", "single"),
            n_options=len(next(iter(it["content"].values())).get("options", [])),
        )
        for it in course.items
    ]


def text_in(values: dict[str, str], lang: str) -> str:
    """A multilingual value in ``lang``, falling back to Russian, Kazakh, then anything."""
    for code in (lang, "ru", "kk", "en"):
        if values.get(code):
            return values[code]
    return next(iter(values.values()), "")


class CourseService:
    """Curriculum rules: seeding, reading and revising courses."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def seed_courses(self) -> list[Course]:
        """Create the seed courses that do not exist yet (matched by slug); return every seed course."""
        courses = []
        for doc in seed_documents():
            found = (await self.session.execute(select(Course).where(Course.slug == doc["slug"]))).scalar()
            courses.append(found or await self._create(doc))
        return courses

    async def _create(self, doc: dict[str, Any]) -> Course:
        quiz = doc.get("quiz", {})
        course = Course(
            slug=doc["slug"],
            title=doc["title"],
            summary=doc.get("summary", {}),
            revision=1,
            recertify_months=doc.get("recertify_months"),
            pass_mark_percent=int(doc.get("pass_mark_percent", 70)),
            blueprint=quiz.get("blueprint", {}),
            items=quiz.get("items", []),
            mandatory=bool(doc.get("mandatory", True)),
            due_days=int(doc.get("due_days", 60)),
            created_at=datetime.now(UTC),
        )
        self.session.add(course)
        await self.session.flush()
        position = 0
        for m_index, mod in enumerate(doc.get("modules", []), start=1):
            module = Module(course_id=course.id, position=m_index, title=mod["title"])
            self.session.add(module)
            await self.session.flush()
            for lesson in mod.get("lessons", []):
                position += 1
                self.session.add(
                    Lesson(
                        course_id=course.id,
                        module_id=module.id,
                        slug=lesson["slug"],
                        position=position,
                        title=lesson["title"],
                        body=lesson["body"],
                        required=bool(lesson.get("required", True)),
                        minutes=int(lesson.get("minutes", 10)),
                        revision=1,
                    )
                )
        await self.session.flush()
        return course

    async def courses(self) -> list[Course]:
        """Every course, by slug."""
        return list((await self.session.execute(select(Course).order_by(Course.slug))).scalars())

    async def course(self, course_id: int) -> Course:
        """One course, or NotFound."""
        course = await self.session.get(Course, course_id)
        if course is None:
            raise NotFound("No such course.")
        return course

    async def course_by_slug(self, slug: str) -> Course:
        """One course by slug, or NotFound."""
        course = (await self.session.execute(select(Course).where(Course.slug == slug))).scalar()
        if course is None:
            raise NotFound("No such course.")
        return course

    async def lessons(self, course_id: int) -> list[Lesson]:
        """The lessons of a course in order."""
        query = select(Lesson).where(Lesson.course_id == course_id).order_by(Lesson.position)
        return list((await self.session.execute(query)).scalars())

    async def modules(self, course_id: int) -> list[Module]:
        """The modules of a course in order."""
        query = select(Module).where(Module.course_id == course_id).order_by(Module.position)
        return list((await self.session.execute(query)).scalars())

    async def lesson(self, lesson_id: int) -> Lesson:
        """One lesson, or NotFound."""
        lesson = await self.session.get(Lesson, lesson_id)
        if lesson is None:
            raise NotFound("No such lesson.")
        return lesson

    @staticmethod
    def lesson_html(lesson: Lesson, lang: str) -> str:
        """The lesson body in ``lang`` as sanitized HTML."""
        return render_markdown(text_in(lesson.body, lang))

    async def edit_lesson(
        self,
        lesson_id: int,
        *,
        body: dict[str, str],
        actor: str,
        title: dict[str, str] | None = None,
        required: bool | None = None,
        new_revision: bool = False,
        reset_completions: bool = False,
    ) -> Lesson:
        """Change a lesson; a new revision keeps completions unless ``reset_completions`` is flagged."""
        lesson = await self.lesson(lesson_id)
        course = await self.course(lesson.course_id)
        for text in body.values():
            render_markdown(text)  # rejects oversize content before anything is stored
        lesson.body = {**lesson.body, **{k: v for k, v in body.items() if v.strip()}}
        if title:
            lesson.title = {**lesson.title, **{k: v for k, v in title.items() if v.strip()}}
        if required is not None:
            lesson.required = required
        if new_revision or reset_completions:
            course.revision += 1
            lesson.revision = course.revision
        reset = await self._reset_lesson(lesson) if reset_completions else 0
        await AuditService(self.session).record(
            actor=actor,
            action="training.lesson_edited",
            subject=f"training_lesson:{lesson.id}",
            details={"course": course.slug, "revision": course.revision, "reset_enrolments": reset},
        )
        await self.session.flush()
        return lesson

    async def _reset_lesson(self, lesson: Lesson) -> int:
        """Make every enrolment redo ``lesson``; completed enrolments return to in progress."""
        enrolments = select(Enrolment.id).where(Enrolment.course_id == lesson.course_id)
        await self.session.execute(
            update(LessonProgress)
            .where(LessonProgress.lesson_id == lesson.id, LessonProgress.enrolment_id.in_(enrolments))
            .values(completed_at=None)
        )
        result = await self.session.execute(
            update(Enrolment)
            .where(Enrolment.course_id == lesson.course_id, Enrolment.status == "completed")
            .values(status="in_progress", completed_at=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
