"""xAPI statements of training activity: recorded with the change, exported, forwarded to an LRS."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from training.models import Course, Enrolment, Lesson, XapiStatement
from training.xapi import ActivityKind, Verb, XapiConfig, activity, agent_from_account, build_statement
from training.xapi import export_jsonl as _export
from workers import runtime
from workers.jobs import enqueue_after_commit

FORWARD_JOB = "training.forward_statements"
FORWARD_BATCH = 200


def lrs_url(session: AsyncSession) -> str | None:
    """The external LRS statements endpoint, when configured (``ADAL_XAPI_LRS_URL``)."""
    settings = runtime.settings_of(session)
    return settings.xapi_lrs_url or None


def xapi_config(session: AsyncSession) -> XapiConfig:
    """Activity ids and accounts under this deployment's base URL."""
    base = runtime.settings_of(session).base_url.rstrip("/")
    return XapiConfig(activity_base=f"{base}/xapi", account_home_page=base)


class StatementLog:
    """Records one statement per learning step; never stores names or emails, only account ids."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        enrolment: Enrolment,
        course: Course,
        verb: Verb,
        *,
        lesson: Lesson | None = None,
        kind: ActivityKind | None = None,
        result: Mapping[str, Any] | None = None,
    ) -> XapiStatement:
        """Build, validate and store a statement about ``enrolment``; forwarding follows the commit."""
        config = xapi_config(self.session)
        course_activity = activity(config, "course", course.slug, name=course.title)
        if lesson is not None:
            target = activity(config, "lesson", course.slug, lesson.slug, name=lesson.title)
        elif kind == "assessment":
            target = activity(config, "assessment", course.slug, "quiz")
        else:
            target = course_activity
        statement = build_statement(
            config,
            actor=agent_from_account(config, f"staff-{enrolment.staff_id}"),
            verb=verb,
            target=target,
            timestamp=datetime.now(UTC),
            result=result,
            parent=course_activity if target is not course_activity else None,
            registration=uuid.uuid5(uuid.NAMESPACE_URL, f"{config.activity_base}/enrolments/{enrolment.id}"),
        )
        row = XapiStatement(
            statement_id=statement["id"],
            enrolment_id=enrolment.id,
            verb=verb,
            statement=statement,
            stored_at=datetime.now(UTC),
        )
        self.session.add(row)
        await self.session.flush()
        if lrs_url(self.session):
            enqueue_after_commit(self.session, FORWARD_JOB)
        return row

    async def export_jsonl(self, *, since: datetime | None = None, limit: int = 100_000) -> bytes:
        """Stored statements as JSON Lines, oldest first."""
        query = select(XapiStatement.statement).order_by(XapiStatement.id).limit(limit)
        if since is not None:
            query = query.where(XapiStatement.stored_at >= since)
        return _export((await self.session.execute(query)).scalars())

    async def forward_pending(self, *, client: httpx.AsyncClient | None = None) -> int:
        """POST unforwarded statements to the LRS in batches; an error raises so the job retries."""
        url = lrs_url(self.session)
        if not url:
            return 0
        query = (
            select(XapiStatement.id, XapiStatement.statement)
            .where(XapiStatement.forwarded_at.is_(None))
            .order_by(XapiStatement.id)
            .limit(FORWARD_BATCH)
        )
        rows = (await self.session.execute(query)).all()
        if not rows:
            return 0
        headers = {"X-Experience-API-Version": "1.0.3"}
        own = client is None
        http = client or httpx.AsyncClient(timeout=20)
        try:
            response = await http.post(url, json=[r.statement for r in rows], headers=headers)
            response.raise_for_status()
        finally:
            if own:
                await http.aclose()
        await self.session.execute(
            update(XapiStatement)
            .where(XapiStatement.id.in_([r.id for r in rows]))
            .values(forwarded_at=datetime.now(UTC))
        )
        if len(rows) == FORWARD_BATCH:
            enqueue_after_commit(self.session, FORWARD_JOB)
        return len(rows)
