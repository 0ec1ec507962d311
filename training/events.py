"""Events training reacts to: a candidate hired through Adal is enrolled in the mandatory courses."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from training.assignments import AssignmentService
from training.directory import user_contact
from workers.outbox import subscribe

CANDIDATE_HIRED = "recruiting.candidate_hired"


@subscribe(CANDIDATE_HIRED, "training.enrol_hired")
async def enrol_hired(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Enrol the new civil servant in every mandatory course (idempotent)."""
    user_id, body_id = int(payload["user_id"]), int(payload["body_id"])
    contact = await user_contact(session, user_id)
    await AssignmentService(session).enrol_hired(user_id=user_id, body_id=body_id, contact=contact)
