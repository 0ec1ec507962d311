"""Forwarding recorded xAPI statements to an external LRS (the LRS itself is mocked: it is off-machine)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.training.conftest import add_staff
from training import statements
from training.courses import CourseService
from training.learning import LearningService
from training.models import XapiStatement
from training.statements import StatementLog

LRS = "https://lrs.example.kz/xapi/statements"


async def _two_statements(db: AsyncSession, world: dict[str, Any]) -> None:
    staff = (await add_staff(db, 1))[0]
    course = world["courses"]["genai-fundamentals"]
    enrolment = await LearningService(db).enrol(staff.id, course.id)
    lesson = (await CourseService(db).lessons(course.id))[0]
    await LearningService(db).open_lesson(enrolment, lesson.id)


async def test_statements_are_forwarded_once_and_kept_on_lrs_failure(
    db: AsyncSession, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statements, "lrs_url", lambda _session: LRS)
    await _two_statements(db, world)
    received: list[Any] = []
    failing = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(503)))
    with pytest.raises(httpx.HTTPStatusError):
        await StatementLog(db).forward_pending(client=failing)
    rows = (await db.execute(select(XapiStatement))).scalars().all()
    assert len(rows) == 2 and all(r.forwarded_at is None for r in rows)

    def accept(request: httpx.Request) -> httpx.Response:
        received.append((request.headers["x-experience-api-version"], request.read()))
        return httpx.Response(200, json=[])

    working = httpx.AsyncClient(transport=httpx.MockTransport(accept))
    assert await StatementLog(db).forward_pending(client=working) == 2
    assert await StatementLog(db).forward_pending(client=working) == 0
    assert len(received) == 1 and received[0][0] == "1.0.3" and b"staff1000@" not in received[0][1]
    await db.refresh(rows[0])
    assert rows[0].forwarded_at is not None


async def test_forwarding_is_skipped_without_an_lrs(db: AsyncSession, world: dict[str, Any]) -> None:
    await _two_statements(db, world)
    assert await StatementLog(db).forward_pending() == 0
