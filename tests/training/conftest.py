"""Training test helpers: a few state bodies, the seed courses and roster entries, built per test."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import column, insert, table
from sqlalchemy.ext.asyncio import AsyncSession

from training.courses import CourseService
from training.models import Course, QuizAttempt, StaffMember

REGION = table("auth_region", column("code"), column("name_kk"), column("name_ru"), column("name_en"))
BODY = table(
    "auth_body", column("id"), column("name_kk"), column("name_ru"), column("name_en"), column("region_code")
)
BODIES = {
    1: ("Министерство цифрового развития", "AST"),
    2: ("Акимат города Алматы", "ALA"),
    3: ("Агентство по делам государственной службы", "AST"),
}


async def add_bodies(session: AsyncSession) -> dict[int, str]:
    """Regions AST and ALA with three bodies (ids 1..3); returns body names by id."""
    await session.execute(
        insert(REGION),
        [
            {"code": "AST", "name_kk": "Астана", "name_ru": "Астана", "name_en": "Astana"},
            {"code": "ALA", "name_kk": "Алматы", "name_ru": "Алматы", "name_en": "Almaty"},
        ],
    )
    await session.execute(
        insert(BODY),
        [
            {"id": i, "name_kk": n, "name_ru": n, "name_en": f"Body {i}", "region_code": r}
            for i, (n, r) in BODIES.items()
        ],
    )
    return {i: n for i, (n, _) in BODIES.items()}


async def add_staff(
    session: AsyncSession,
    n: int,
    *,
    body_id: int = 1,
    department: str = "IT",
    start: int = 1000,
    **extra: Any,
) -> list[StaffMember]:
    """``n`` roster entries in one body and department."""
    people = [
        StaffMember(
            personnel_number=str(start + i),
            full_name=f"Сотрудник {start + i}",
            email=f"staff{start + i}@gov.kz",
            body_id=body_id,
            department=department,
            position=extra.get("position", "Эксперт"),
            updated_at=datetime.now(UTC),
        )
        for i in range(n)
    ]
    session.add_all(people)
    await session.flush()
    return people


def correct_answers(attempt: QuizAttempt, course: Course, *, wrong: int = 0) -> dict[str, Any]:
    """Answers by shown position: all right except the first ``wrong`` items."""
    keys = {it["key"]: it["answer"]["correct"] for it in course.items}
    answers: dict[str, Any] = {}
    for n, entry in enumerate(attempt.form):
        order = entry["order"] or list(range(4))
        key = keys[entry["item_id"]]
        if isinstance(key, list):
            right: Any = sorted(order.index(k) for k in key)
            answers[entry["item_id"]] = (
                [p for p in range(len(order)) if p not in right] if n < wrong else right
            )
        else:
            answers[entry["item_id"]] = (order.index(key) + 1) % len(order) if n < wrong else order.index(key)
    return answers


@pytest.fixture
async def world(db: AsyncSession) -> dict[str, Any]:
    """Bodies and the seed courses inside the test transaction."""
    await add_bodies(db)
    courses = await CourseService(db).seed_courses()
    return {"courses": {c.slug: c for c in courses}}
