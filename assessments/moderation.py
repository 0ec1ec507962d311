"""Integrity: events recorded during a sitting, flags computed after it, and the people who decide them.

Flags only queue a sitting for a person to look at; a decision is audited and never changes a score.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.forms import unshuffle_response
from assessments.integrity import ItemKey, SessionLog, flag_anomalies, flag_similar_pairs
from assessments.models import EVENT_KINDS, Answer, Flag, Item, SessionEvent, TestSession
from assessments.rules import aware
from auth.audit.service import AuditService

MAX_EVENTS_PER_SESSION = 1000
CLIENT_EVENT_KINDS = ("focus_loss", "paste", "reconnect")
FAST_ANSWER_S = 3.0  # a first answer this soon after the previous one is marked on the sitting's timeline


@dataclass(frozen=True, slots=True)
class Timeline:
    """One sitting as a moderator reviews it: what happened when, and how long each first answer took.

    No name, no address: the sitting id, event kinds and times, and per-question timings."""

    session_id: int
    status: str
    started_at: datetime
    submitted_at: datetime | None
    minutes_used: float
    events: list[tuple[str, datetime]]
    items: list[dict[str, Any]]


class ModerationService:
    """Session events, integrity flags and the moderation queue."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record_event(
        self,
        ts: TestSession,
        kind: str,
        details: dict[str, Any] | None = None,
        *,
        now: datetime | None = None,
    ) -> bool:
        """Record what the test page noticed; ignored once the sitting is closed or too chatty."""
        if kind not in EVENT_KINDS:
            raise ClientException(f"Unknown event kind {kind!r}.")
        if ts.status != "open":
            return False
        count = (
            await self.session.execute(
                select(func.count()).select_from(SessionEvent).where(SessionEvent.session_id == ts.id)
            )
        ).scalar_one()
        if count >= MAX_EVENTS_PER_SESSION:
            return False
        small = {
            str(k)[:40]: v[:200] if isinstance(v, str) else v
            for k, v in list((details or {}).items())[:10]
            if isinstance(v, str | int | float | bool)
        }
        self.session.add(
            SessionEvent(session_id=ts.id, kind=kind, at=now or datetime.now(UTC), details=small)
        )
        await self.session.flush()
        return True

    async def note_ip(self, ts: TestSession, ip: str | None) -> None:
        """Record an IP change when the candidate's address differs from the last one seen."""
        if not ip or ts.status != "open":
            return
        if ts.last_ip and ts.last_ip != ip:
            await self.record_event(ts, "ip_change", {"from": ts.last_ip, "to": ip})
        ts.last_ip = ip

    async def _sitting(self, test_id: int, day: str) -> list[TestSession]:
        start = datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC)
        query = (
            select(TestSession)
            .where(TestSession.test_id == test_id, TestSession.status == "submitted")
            .where(TestSession.started_at >= start, TestSession.started_at < start + timedelta(days=1))
            .order_by(TestSession.id)
        )
        return list((await self.session.execute(query)).scalars())

    async def _logs(self, sittings: list[TestSession]) -> tuple[list[SessionLog], dict[int, list[Answer]]]:
        ids = [s.id for s in sittings]
        events = Counter(
            (sid, kind)
            for sid, kind in (
                await self.session.execute(
                    select(SessionEvent.session_id, SessionEvent.kind).where(SessionEvent.session_id.in_(ids))
                )
            ).all()
        )
        answers: dict[int, list[Answer]] = {sid: [] for sid in ids}
        for a in (await self.session.execute(select(Answer).where(Answer.session_id.in_(ids)))).scalars():
            answers[a.session_id].append(a)
        logs = [_session_log(ts, answers[ts.id], events) for ts in sittings]
        return logs, answers

    async def flag_sitting(self, test_id: int, day: str) -> int:
        """Compute anomaly and similarity flags of one sitting into the queue; returns new flags."""
        sittings = await self._sitting(test_id, day)
        if len(sittings) < 2:
            return 0
        logs, answers = await self._logs(sittings)
        new = 0
        for flag in flag_anomalies(logs):
            features: dict[str, Any] = {r.feature: {"value": r.value, "z": r.z} for r in flag.reasons}
            features["anomaly_score"] = {"value": flag.anomaly_score, "z": 0.0}
            new += await self._add_flag(
                f"anomaly:{flag.session_id}", int(flag.session_id), None, "anomaly", features
            )
        responses, keys = await self._choices(sittings, answers)
        for pair in flag_similar_pairs(responses, keys):
            a, b = sorted((int(pair.session_a), int(pair.session_b)))
            evidence: dict[str, Any] = {
                "identical_wrong": pair.identical_wrong,
                "common_items": pair.common_items,
                "expected": pair.expected,
                "p_adjusted": pair.p_adjusted,
            }
            new += await self._add_flag(f"similar:{a}:{b}", a, b, "similarity", evidence)
        await self.session.flush()
        return new

    async def flag_recent(self, *, days: int = 2) -> int:
        """Recompute the flags of every test's sittings of the last ``days`` days (the periodic net)."""
        today = datetime.now(UTC).date()
        tests = list((await self.session.execute(select(TestSession.test_id).distinct())).scalars())
        new = 0
        for test_id in tests:
            for back in range(days):
                new += await self.flag_sitting(test_id, (today - timedelta(days=back)).isoformat())
        return new

    async def _add_flag(
        self, key: str, session_id: int, peer: int | None, kind: str, features: dict[str, Any]
    ) -> int:
        if (await self.session.execute(select(Flag.id).where(Flag.key == key))).first() is not None:
            return 0  # already queued (or decided): a recomputation never reopens a decision
        self.session.add(
            Flag(
                key=key,
                session_id=session_id,
                peer_session_id=peer,
                kind=kind,
                features=features,
                status="open",
                created_at=datetime.now(UTC),
            )
        )
        return 1

    async def _choices(
        self, sittings: list[TestSession], answers: dict[int, list[Answer]]
    ) -> tuple[dict[str, dict[str, int | None]], dict[str, ItemKey]]:
        ids = {int(e["item"]) for ts in sittings for e in ts.form}
        items = {
            i.id: i
            for i in (
                await self.session.execute(select(Item).where(Item.id.in_(ids), Item.type == "single"))
            ).scalars()
        }
        keys = {
            str(i.id): ItemKey(int(i.answer["correct"]), _n_options(i))
            for i in items.values()
            if _n_options(i) > 1
        }
        responses: dict[str, dict[str, int | None]] = {}
        for ts in sittings:
            orders = {int(e["item"]): e.get("order") or () for e in ts.form}
            chosen: dict[str, int | None] = {}
            for a in answers[ts.id]:
                if str(a.item_id) in keys and isinstance(a.response, int):
                    try:
                        chosen[str(a.item_id)] = int(
                            unshuffle_response(orders.get(a.item_id, ()), a.response)
                        )
                    except IndexError:
                        chosen[str(a.item_id)] = None
            responses[str(ts.id)] = chosen
        return responses, keys

    async def timeline(self, session_id: int) -> Timeline:
        """Events and first-answer timings of one sitting, questions in the order they were shown."""
        ts = await self.session.get(TestSession, session_id)
        if ts is None:
            raise NotFoundException("No such test session.")
        events = (
            await self.session.execute(
                select(SessionEvent.kind, SessionEvent.at)
                .where(SessionEvent.session_id == session_id)
                .order_by(SessionEvent.at, SessionEvent.id)
            )
        ).all()
        answers = {
            a.item_id: a
            for a in (await self.session.scalars(select(Answer).where(Answer.session_id == session_id)))
        }
        seconds = dict(first_answer_seconds(ts, list(answers.values())))
        items = []
        for n, entry in enumerate(ts.form, start=1):
            item_id = int(entry["item"])
            gap = seconds.get(item_id)
            answer = answers.get(item_id)
            items.append(
                {
                    "key": f"{n}",
                    "item_id": item_id,
                    "seconds": gap,
                    "changes": answer.changes if answer is not None else None,
                    "flags": ["fast"] if gap is not None and gap < FAST_ANSWER_S else [],
                }
            )
        last = max((aware(a.first_saved_at or a.saved_at) for a in answers.values()), default=None)
        end = aware(ts.submitted_at) if ts.submitted_at else (last or aware(ts.started_at))
        return Timeline(
            session_id=ts.id,
            status=ts.status,
            started_at=aware(ts.started_at),
            submitted_at=aware(ts.submitted_at) if ts.submitted_at else None,
            minutes_used=round((end - aware(ts.started_at)).total_seconds() / 60, 1),
            events=[(kind, aware(at)) for kind, at in events],
            items=items,
        )

    async def queue(self, *, status: str = "open", limit: int = 200) -> list[Flag]:
        """Flags by status, oldest first."""
        query = select(Flag).where(Flag.status == status).order_by(Flag.id).limit(limit)
        return list((await self.session.execute(query)).scalars())

    async def decide(self, flag_id: int, *, status: str, reason: str, decided_by: int) -> Flag:
        """Confirm or clear a flag with a reason; audited; the sitting's score is untouched."""
        if status not in ("confirmed", "cleared"):
            raise ClientException("A flag is either confirmed or cleared.")
        if not reason.strip():
            raise ClientException("Give the reason for the decision.")
        flag = await self.session.get(Flag, flag_id)
        if flag is None:
            raise NotFoundException("No such flag.")
        flag.status, flag.reason, flag.decided_by = status, reason.strip(), decided_by
        flag.decided_at = datetime.now(UTC)
        await AuditService(self.session).record(
            actor=f"user:{decided_by}",
            action=f"assessments.flag_{status}",
            subject=f"assessments_session:{flag.session_id}",
            details={"flag": flag.id, "kind": flag.kind, "reason": flag.reason},
        )
        await self.session.flush()
        return flag


def _n_options(item: Item) -> int:
    for version in item.content.values():
        if isinstance(version, dict) and isinstance(version.get("options"), list):
            return len(version["options"])
    return 0


def first_answer_seconds(ts: TestSession, answers: list[Answer]) -> list[tuple[int, float]]:
    """(item, seconds since the previous first answer or the start) for each answered item, in time order."""
    out, previous = [], aware(ts.started_at)
    for stamp, item in sorted((aware(a.first_saved_at or a.saved_at), a.item_id) for a in answers):
        out.append((item, max(0.0, (stamp - previous).total_seconds())))
        previous = stamp
    return out


def _session_log(ts: TestSession, answers: list[Answer], events: Counter[tuple[int, str]]) -> SessionLog:
    """The behavioural record of one sitting: answer timings from first saves, event counts, time used."""
    start = aware(ts.started_at)
    gaps = [seconds for _, seconds in first_answer_seconds(ts, answers)]
    last = max((aware(a.first_saved_at or a.saved_at) for a in answers), default=start)
    end = aware(ts.submitted_at) if ts.submitted_at else last
    score = ts.score or {}
    share = float(score.get("total", 0)) / float(score["max_total"]) if score.get("max_total") else 0.0
    return SessionLog(
        session_id=str(ts.id),
        item_seconds=tuple(gaps),
        focus_losses=events[(ts.id, "focus_loss")],
        pastes=events[(ts.id, "paste")],
        reconnects=events[(ts.id, "reconnect")],
        ip_changes=events[(ts.id, "ip_change")],
        answer_changes=sum(a.changes for a in answers),
        time_used_seconds=(end - start).total_seconds(),
        time_limit_seconds=(aware(ts.deadline_at) - start).total_seconds(),
        score_share=share,
    )
