"""Adaptive sittings (blueprint ``mode: adaptive``): one question at a time, chosen for the candidate.

- The pool: active, non-voided items of the blueprint's ``bank`` that carry IRT parameters (``Item.irt``:
  a, b and optionally c) and are scored 0/1 (``analysis.DICHOTOMOUS``: right = full points, as calibration
  and theta count them).
- The first question is chosen at theta 0. After each answer the EAP theta and its standard error are
  computed from the stored answers exactly as the result will be (``grading.score_sitting``).
- The test ends at ``max_items`` questions, or at ``min_items`` or more once SE ≤ ``se_target``, or when the
  pool runs out. Otherwise the next question is drawn among the ``randomesque`` most informative unused items
  at theta (``irt.cat.next_item``, exposure control) with an RNG seeded by (sitting id, question number): a
  sitting always gets the same draw, different sittings spread over the k best.
- Earlier questions are not revisited: when the next question is placed, the answered one leaves the
  sitting's ``FormItem`` rows, so the answer path refuses changes to it (answers changed after seeing later
  questions would let a candidate steer the item selection).
- The result passes when theta ≥ ``pass_theta`` and at least ``min_items`` questions were answered (a sitting
  ended early by the clock or the candidate is too imprecise to pass); points and correct answers are
  reported too (``judge``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import numpy as np
from litestar.exceptions import NotFoundException
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.analysis import DICHOTOMOUS
from assessments.bank import parse_blueprint
from assessments.forms import BankItem, option_order
from assessments.grading import Ability, score_sitting
from assessments.irt.cat import ItemBank, next_item
from assessments.models import Answer, AssessmentTest, FormItem, Item, TestSession
from assessments.rules import Conflict, now_utc, past_deadline
from assessments.scoring import Blueprint, FailReason, FormScore
from assessments.upsert import sitting_write_lock

THIN_BANK = "The item bank has too few calibrated questions for this adaptive test yet."
NOT_ADAPTIVE = "This test shows all its questions at once; it has no next question."
Ended = Literal["max_items", "se_target", "pool_exhausted", "deadline", "closed"]


@dataclass(frozen=True, slots=True)
class PoolItem:
    """A calibrated item the adaptive test may give (c = 0 without a guessing parameter)."""

    item_id: int
    a: float
    b: float
    c: float = 0.0


@dataclass(frozen=True, slots=True)
class Step:
    """What an advance did: ``added`` a question, found the test ``ended`` (and why), or neither."""

    sitting: TestSession
    added: bool = False
    ended: Ended | None = None


def pool_item(item_id: int, item_type: str, irt: Any) -> PoolItem | None:
    """The item as the pool holds it; None when it is not 0/1 scored or not (sanely) calibrated."""
    if item_type not in DICHOTOMOUS or not isinstance(irt, Mapping):
        return None
    try:
        a, b, c = float(irt["a"]), float(irt["b"]), float(irt.get("c") or 0.0)
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(a) and a > 0 and math.isfinite(b) and 0 <= c < 1):
        return None
    return PoolItem(item_id, a, b, c)


def stop_reason(n: int, se: float | None, left: int, blueprint: Blueprint) -> Ended | None:
    """Why the test ends after ``n`` answered questions at standard error ``se``, ``left`` items unused."""
    if n >= blueprint.max_items:
        return "max_items"
    if n >= blueprint.min_items and se is not None and se <= blueprint.se_target:
        return "se_target"
    if left <= 0:
        return "pool_exhausted"
    return None


def choose(
    pool: Sequence[PoolItem],
    used: set[int],
    ability: Ability | None,
    randomesque: int,
    rng: np.random.Generator,
) -> PoolItem:
    """One of the ``randomesque`` most informative unused items at the ability (theta 0 before any answer)."""
    theta, se = (ability.theta, ability.se) if ability is not None else (0.0, 1.0)
    c = np.array([p.c for p in pool])
    bank = ItemBank(
        np.array([p.a for p in pool]), np.array([p.b for p in pool]), c if np.any(c > 0) else None
    )
    administered = np.array([p.item_id in used for p in pool], dtype=bool)
    return pool[next_item(theta, se, bank, administered, rng, randomesque_k=randomesque)]


def judge(result: FormScore, ability: Ability | None, blueprint: Blueprint) -> FormScore:
    """An adaptive sitting passes when its theta reaches ``pass_theta``; a fixed form's result stays."""
    if blueprint.mode != "adaptive":
        return result
    reasons: list[FailReason] = []
    given = sum(s.answered for s in result.sections)
    if given < blueprint.min_items:  # ended early (time, or the candidate): too imprecise to pass
        reasons.append(FailReason("too_few_answers", None, given, blueprint.min_items))
    if ability is None:  # every question given was voided: nothing tells the ability
        reasons.append(FailReason("ability_unknown", None, 0.0, blueprint.pass_theta))
    elif ability.theta + 1e-9 < blueprint.pass_theta:
        reasons.append(FailReason("theta_below_pass_theta", None, ability.theta, blueprint.pass_theta))
    status: Literal["passed", "failed", "pending"] = (
        "pending" if result.pending else ("failed" if reasons else "passed")
    )
    return dataclasses.replace(result, reasons=reasons, status=status, passed=status == "passed")


def answered(response: Any) -> bool:
    """True when a stored response answers the question (a cleared choice does not)."""
    return response is not None and response != "" and response != []


def _option_count(content: Mapping[str, Any]) -> int:
    return max((len(v.get("options") or []) for v in content.values() if isinstance(v, dict)), default=0)


class AdaptiveService:
    """Adaptive sittings: the first question, each next one, and when the test ends."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def pool(self, bank: str) -> list[PoolItem]:
        """The items of ``bank`` an adaptive test may give, by id."""
        query = (
            select(Item.id, Item.type, Item.irt)
            .where(Item.bank == bank, Item.status == "active", Item.voided.is_(False))
            .order_by(Item.id)
        )
        rows = (await self.session.execute(query)).all()
        return [p for r in rows if (p := pool_item(r.id, r.type, r.irt)) is not None]

    async def first_form(
        self, ts: TestSession, test: AssessmentTest, blueprint: Blueprint
    ) -> list[dict[str, Any]]:
        """A new sitting's form: its first question, chosen at theta 0; a thin bank is refused."""
        pool = await self.pool(blueprint.bank or test.slug)
        if len(pool) < blueprint.min_items:
            raise Conflict(THIN_BANK)
        return [await self._entry(ts.id, 0, pool, set(), None, blueprint)]

    async def advance(self, session_id: int, *, candidate_id: int, now: datetime | None = None) -> Step:
        """Place the next question once the current one is answered, or say why the test has ended."""
        ts = await self._locked(session_id, candidate_id)
        if ts.status != "open":
            return Step(ts, ended="closed")
        if past_deadline(ts.deadline_at, now or now_utc()):
            return Step(ts, ended="deadline")
        test = await self.session.get(AssessmentTest, ts.test_id)
        assert test is not None
        blueprint = parse_blueprint(test.blueprint)
        if blueprint.mode != "adaptive":
            raise Conflict(NOT_ADAPTIVE)
        rows = await self.session.execute(
            select(Answer.item_id, Answer.response).where(Answer.session_id == ts.id)
        )
        answers: dict[int, Any] = {int(item_id): response for item_id, response in rows.all()}
        current = int(ts.form[-1]["item"])
        if not answered(answers.get(current)):
            return Step(ts)  # a second click for the same answer lands here: nothing changes
        ids = [int(e["item"]) for e in ts.form]
        items = {
            i.id: i for i in (await self.session.execute(select(Item).where(Item.id.in_(ids)))).scalars()
        }
        _, ability = score_sitting(ts.form, items, answers, blueprint)
        pool = await self.pool(blueprint.bank or test.slug)
        used = set(ids)
        left = sum(p.item_id not in used for p in pool)
        ended = stop_reason(len(ids), ability.se if ability else None, left, blueprint)
        if ended is not None:
            return Step(ts, ended=ended)
        entry = await self._entry(ts.id, len(ids), pool, used, ability, blueprint)
        await self.session.execute(
            delete(FormItem).where(FormItem.session_id == ts.id, FormItem.item_id == current)
        )
        await self.session.execute(insert(FormItem).values(session_id=ts.id, item_id=entry["item"]))
        ts.form = [*ts.form, entry]  # a new list: the JSON column is not mutation-tracked
        await self.session.flush()
        return Step(ts, added=True)

    async def _locked(self, session_id: int, candidate_id: int) -> TestSession:
        """The candidate's sitting, locked until the transaction ends (two clicks never add two questions)."""
        connection = await self.session.connection()
        if connection.dialect.name == "sqlite":  # FOR UPDATE means nothing there: take the write lock first
            await connection.execute(sitting_write_lock(), {"sid": session_id})
        query = (
            select(TestSession)
            .where(TestSession.id == session_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        ts = (await self.session.execute(query)).scalar_one_or_none()
        if ts is None or ts.candidate_id != candidate_id:
            raise NotFoundException("No such test session.")
        return ts

    async def _entry(
        self,
        session_id: int,
        n: int,
        pool: Sequence[PoolItem],
        used: set[int],
        ability: Ability | None,
        blueprint: Blueprint,
    ) -> dict[str, Any]:
        """The entry of question ``n + 1``: the item, its shown option order, the ability it was chosen at."""
        rng = np.random.default_rng([session_id, n])
        chosen = choose(pool, used, ability, blueprint.randomesque, rng)
        item = await self.session.get(Item, chosen.item_id)
        assert item is not None
        shown = BankItem(
            str(item.id), item.tags, item.status, item.exposure, item.type, _option_count(item.content)
        )
        order = option_order(shown, blueprint.shuffle_options, rng)
        theta, se = (ability.theta, ability.se) if ability is not None else (0.0, 1.0)
        return {"item": item.id, "order": list(order), "theta": theta, "se": se}
