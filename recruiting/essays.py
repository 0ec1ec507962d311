"""Essays of assessment sittings, scored blind by the standing assessment commission.

Any holder of the commission-member role (of any body) may score; nobody scores their own essay. Each
essay needs ``required`` (2) independent scores on the 0–``max_points`` (5) scale; peers' scores stay
hidden until all are in. When every essay of a sitting is complete, ``recruiting.essays_scored`` carries
the mean per essay back to assessments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from auth.principal import Principal, Role
from auth.service import AccountService
from recruiting.anonymize import anonymize
from recruiting.applications import new_code
from recruiting.commission import blind_mean, reviewer_order
from recruiting.errors import Conflict, Forbidden, Invalid, NotFound
from recruiting.models import AssessmentEssay, AssessmentEssayScore
from recruiting.profiles import ProfileService
from workers.outbox import emit

SUBMITTED_EVENT = "assessments.essays_submitted"
SCORED_EVENT = "recruiting.essays_scored"
"""Every essay of a sitting is scored: {session_id, points: {item_id: mean}, reviews: {item_id: count}}."""
SCOPE = "assessments"  # the reviewer-order seed scope of test essays (vacancy ids for stage answers)


@dataclass(frozen=True, slots=True)
class BlindEssay:
    """An essay as a reviewer sees it: a code, the question, the anonymised text, own and (later) peers'."""

    id: int
    code: str
    question: str
    text: str
    max_points: float
    mine: int | None
    peers_mean: float | None
    complete: bool


class EssayReviewService:
    """Receive essays (anonymised on arrival), the blind queue, scores, and the points sent back."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def receive(self, payload: dict[str, Any]) -> int:
        """Store the essays of a sitting anonymised (the raw text is not kept); a redelivery adds nothing."""
        session_id, candidate_id = int(payload["session_id"]), int(payload["candidate_id"])
        known = await self._known_identifiers(candidate_id)
        existing = set(
            (
                await self.session.execute(
                    select(AssessmentEssay.item_id).where(AssessmentEssay.session_id == session_id)
                )
            ).scalars()
        )
        added = 0
        for essay in payload["essays"]:
            if int(essay["item_id"]) in existing:
                continue
            self.session.add(
                AssessmentEssay(
                    code=new_code(),
                    session_id=session_id,
                    item_id=int(essay["item_id"]),
                    candidate_id=candidate_id,
                    language=str(payload.get("language") or "ru")[:2],
                    question=str(essay["question"]),
                    text_anon=anonymize(str(essay["text"]), known=known)[0],
                    max_points=float(payload["max_points"]),
                    required=max(2, int(payload.get("reviews") or 2)),
                    received_at=datetime.now(UTC),
                )
            )
            added += 1
        await self.session.flush()
        return added

    async def _known_identifiers(self, user_id: int) -> dict[str, str]:
        """The writer's own name, IIN and contacts (vault and account), to redact even where rules miss."""
        personal = await ProfileService(self.session).personal_data(user_id) or {}
        user = await AccountService(self.session).get(user_id)
        known = {k: str(personal[k]) for k in ("iin", "phone") if personal.get(k)}
        known["full_name"] = " ".join(filter(None, [str(personal.get("full_name") or ""), user.display_name]))
        known["email"] = str(personal.get("email") or user.email)
        return known

    @staticmethod
    def _reviewer(principal: Principal) -> None:
        if not principal.has_role(Role.COMMISSION_MEMBER):
            raise Forbidden(detail="Only commission members score essays.")

    async def queue(self, principal: Principal) -> dict[str, list[BlindEssay]]:
        """Open essays (and those I scored) by question, in my own order; never my own essays."""
        self._reviewer(principal)
        mine_ids = select(AssessmentEssayScore.essay_id).where(
            AssessmentEssayScore.reviewer_id == principal.user_id
        )
        rows = (
            await self.session.execute(
                select(AssessmentEssay)
                .where(AssessmentEssay.candidate_id != principal.user_id)
                .where(AssessmentEssay.scored_at.is_(None) | AssessmentEssay.id.in_(mine_ids))
            )
        ).scalars()
        essays = {e.id: e for e in rows}
        scores = await self._scores(list(essays))
        full = [i for i, e in essays.items() if len(scores.get(i, {})) >= e.required]
        for i in full:  # fully scored by others: nothing left for me to do
            if principal.user_id not in scores.get(i, {}):
                del essays[i]
        grouped: dict[str, list[int]] = {}
        for essay in essays.values():
            grouped.setdefault(essay.question, []).append(essay.id)
        out: dict[str, list[BlindEssay]] = {}
        for question in sorted(grouped):
            order = reviewer_order(principal.user_id, SCOPE, question, grouped[question])
            out[question] = [self._blind(essays[i], scores.get(i, {}), principal.user_id) for i in order]
        return out

    @staticmethod
    def _blind(essay: AssessmentEssay, by: dict[int, int], me: int) -> BlindEssay:
        complete = len(by) >= essay.required
        mean = blind_mean([float(v) for v in by.values()], complete=complete)
        return BlindEssay(
            essay.id,
            essay.code,
            essay.question,
            essay.text_anon,
            essay.max_points,
            by.get(me),
            mean,
            complete,
        )

    async def _scores(self, essay_ids: list[int]) -> dict[int, dict[int, int]]:
        rows = await self.session.execute(
            select(AssessmentEssayScore).where(AssessmentEssayScore.essay_id.in_(essay_ids))
        )
        out: dict[int, dict[int, int]] = {}
        for s in rows.scalars():
            out.setdefault(s.essay_id, {})[s.reviewer_id] = s.points
        return out

    async def score(self, principal: Principal, essay_id: int, *, points: int) -> BlindEssay:
        """Record my points (a whole number 0–max) for one essay, once; audited. Completes the sitting."""
        self._reviewer(principal)
        essay = await self.session.get(AssessmentEssay, essay_id)
        if essay is None or essay.candidate_id == principal.user_id:
            raise NotFound(detail=f"Essay {essay_id} does not exist.")
        # Every essay of the sitting, locked: the last two scores of a sitting cannot both miss completion.
        siblings = list(
            (
                await self.session.execute(
                    select(AssessmentEssay)
                    .where(AssessmentEssay.session_id == essay.session_id)
                    .order_by(AssessmentEssay.id)
                    .with_for_update()
                )
            ).scalars()
        )
        if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= essay.max_points:
            raise Invalid(detail=f"Score the essay with a whole number from 0 to {essay.max_points:g}.")
        scores = await self._scores([e.id for e in siblings])
        if (
            principal.user_id not in scores.get(essay_id, {})
            and len(scores.get(essay_id, {})) >= essay.required
        ):
            raise Conflict(detail="This essay already has all its scores.")
        row = AssessmentEssayScore(
            essay_id=essay_id, reviewer_id=principal.user_id, points=points, at=datetime.now(UTC)
        )
        try:
            async with self.session.begin_nested():
                self.session.add(row)
                await self.session.flush()
        except IntegrityError:
            raise Conflict(detail="You have already scored this essay.") from None
        await AuditService(self.session).record(
            actor=str(principal.user_id),
            action="recruiting.essay_scored",
            subject=f"recruiting_assessment_essay:{essay_id}",
            details={"code": essay.code, "points": points},
        )
        scores.setdefault(essay_id, {})[principal.user_id] = points
        await self._complete(siblings, scores)
        return self._blind(essay, scores[essay_id], principal.user_id)

    async def _complete(self, essays: list[AssessmentEssay], scores: dict[int, dict[int, int]]) -> None:
        """Once every essay of the sitting has its scores, send the means to assessments (once)."""
        if any(e.scored_at is not None for e in essays):
            return
        if any(len(scores.get(e.id, {})) < e.required for e in essays):
            return
        now = datetime.now(UTC)
        for essay in essays:
            essay.scored_at = now
        payload = {
            "session_id": essays[0].session_id,
            "points": {
                str(e.item_id): blind_mean(list(map(float, scores[e.id].values())), complete=True)
                for e in essays
            },
            "reviews": {str(e.item_id): len(scores[e.id]) for e in essays},
        }
        await emit(self.session, SCORED_EVENT, payload)
