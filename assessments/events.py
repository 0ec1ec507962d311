"""Events the assessments domain emits, and its own reaction: telling the candidate their result."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import gettext
from assessments.essays import ESSAYS_SCORED
from assessments.models import TestSession
from auth.mail import send_mail
from auth.service import AccountService
from workers import runtime
from workers.outbox import subscribe

RESULT_RECORDED = "assessments.result_recorded"
"""A sitting was (re-)scored: {session_id, candidate_id, test, passed, score, correct, theta, theta_se,
rescored}; ``theta`` and ``theta_se`` (EAP ability, its standard error) are null without calibrated items."""

RESULT_ANNULLED = "assessments.result_annulled"
"""A sitting was annulled on appeal: {session_id, candidate_id, test, standing}; ``standing`` is the
result payload of the candidate's latest other submitted sitting of that test, or null."""

AUTO_SUBMIT = "assessments.auto_submit"
RESCORE_ITEM = "assessments.rescore_item"
RESCORE_SESSION = "assessments.rescore_session"
FLAG_SITTING = "assessments.flag_sitting"
COUNT_EXPOSURE = "assessments.count_exposure"
SETTLE_EXPIRED = "assessments.settle_expired"
COUNT_ALL_EXPOSURE = "assessments.count_all_exposure"
FLAG_RECENT = "assessments.flag_recent"


def result_payload(ts: TestSession, slug: str, *, rescored: bool) -> dict[str, Any]:
    """The RESULT_RECORDED payload of a scored sitting of the test ``slug``."""
    score = ts.score or {}
    return {
        "session_id": ts.id,
        "candidate_id": ts.candidate_id,
        "test": slug,
        "passed": bool(ts.passed),
        "score": score.get("total"),
        "correct": score.get("correct"),
        "theta": ts.theta,
        "theta_se": ts.theta_se,
        "rescored": rescored,
    }


@subscribe(RESULT_RECORDED, "assessments.notify_candidate")
async def notify_candidate(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Mail the candidate their result (again after a re-score), in their language, with a link."""
    user = await AccountService(session).get(int(payload["candidate_id"]))
    _ = gettext(user.language)
    base = runtime.settings_of(session).base_url.rstrip("/")
    outcome = _("passed") if payload.get("passed") else _("not passed")
    subject = _("Your test result was re-scored") if payload.get("rescored") else _("Your test result")
    body = "\n".join(
        [
            _("Result: {outcome}. Correct answers: {correct}.").format(
                outcome=outcome, correct=payload.get("correct")
            ),
            _("Details and the certificate: {url}").format(
                url=f"{base}/assessments/sessions/{payload['session_id']}/result"
            ),
        ]
    )
    await send_mail(session, to=user.email, subject=subject, body=body)


@subscribe(ESSAYS_SCORED, "assessments.record_essay_points")
async def on_essays_scored(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Record the commission's essay points and score the sitting again: its final result is announced."""
    from assessments.service import SittingService  # the service imports this module's event names

    await SittingService(session).record_essay_points(payload)
