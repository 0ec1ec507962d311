"""Essay answers go to recruiting's blind commission; the commission's points come back here.

The sitting stays ``pending`` until every essay has its points. Out: ``assessments.essays_submitted``
(the raw essay texts: recruiting anonymises them before a reviewer can read them, it owns the anonymiser).
In: ``recruiting.essays_scored`` (mean points per essay item), then the sitting is scored again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.models import EssayScore, Item, TestSession
from assessments.scoring import ESSAY_MAX
from workers.outbox import emit

ESSAYS_SUBMITTED = "assessments.essays_submitted"
"""A submitted sitting has essays to score: {session_id, candidate_id, language, max_points, reviews,
essays: [{item_id, question, text}]} (``reviews``: independent scores each essay needs)."""

ESSAYS_SCORED = "recruiting.essays_scored"
"""Recruiting's commission scored every essay of a sitting: {session_id, points: {item_id: mean},
reviews: {item_id: count}}."""

REVIEWS = 2  # independent commission scores per essay


def _text(texts: Mapping[str, Any], lang: str) -> str:
    for candidate in (lang, "ru", "kk", "en"):
        version = texts.get(candidate)
        if isinstance(version, dict) and version.get("stem"):
            return str(version["stem"])
    return ""


async def awarded_points(session: AsyncSession, session_id: int) -> dict[str, float]:
    """The essay points recorded for a sitting, by item id as text (what ``score_sitting`` takes)."""
    rows = await session.execute(
        select(EssayScore.item_id, EssayScore.points).where(EssayScore.session_id == session_id)
    )
    return {str(item_id): float(points) for item_id, points in rows.all()}


async def store_points(
    session: AsyncSession,
    session_id: int,
    points: Mapping[int, float],
    reviews: Mapping[int, int],
    now: datetime,
) -> None:
    """Record (or correct) essay points of a sitting, clamped to the essay scale."""
    stored = {
        row.item_id: row
        for row in (
            await session.execute(select(EssayScore).where(EssayScore.session_id == session_id))
        ).scalars()
    }
    for item_id, value in points.items():
        row = stored.get(item_id)
        if row is None:
            row = EssayScore(session_id=session_id, item_id=item_id)
            session.add(row)
        row.points = min(max(float(value), 0.0), ESSAY_MAX)
        row.reviews = int(reviews.get(item_id, 0))
        row.recorded_at = now
    await session.flush()


async def send_for_review(
    session: AsyncSession,
    ts: TestSession,
    items: Mapping[int, Item],
    answers: Mapping[int, Any],
    now: datetime,
) -> bool:
    """Send a pending sitting's written essays to the commission; a blank essay earns 0 at once.

    Returns True when something went to the commission (the sitting stays pending).
    """
    essays = [items[int(e["item"])] for e in ts.form if items[int(e["item"])].type == "essay"]
    done = await awarded_points(session, ts.id)
    written: list[dict[str, Any]] = []
    blank: dict[int, float] = {}
    for item in essays:
        if str(item.id) in done:
            continue
        text = answers.get(item.id)
        if isinstance(text, str) and text.strip():
            written.append({"item_id": item.id, "question": _text(item.content, ts.language), "text": text})
        else:
            blank[item.id] = 0.0
    if blank:
        await store_points(session, ts.id, blank, {}, now)
    if written:
        payload = {
            "session_id": ts.id,
            "candidate_id": ts.candidate_id,
            "language": ts.language,
            "max_points": ESSAY_MAX,
            "reviews": REVIEWS,
            "essays": written,
        }
        await emit(session, ESSAYS_SUBMITTED, payload)
    return bool(written)
