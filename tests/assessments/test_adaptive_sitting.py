"""Adaptive sittings: a simulated candidate of known ability answers by the 2PL model over a calibrated bank;
the test stops at the SE target or the cap, never repeats a question, ignores a second click for one answer,
refuses changes to earlier answers and passes by theta."""

from __future__ import annotations

import math
import random
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from assessments import demo as assessments_demo
from assessments.adaptive import THIN_BANK, AdaptiveService, PoolItem, choose, judge, stop_reason
from assessments.appeals import AppealService
from assessments.bank import BankError, ItemBankService, parse_blueprint
from assessments.exposure import count_exposure
from assessments.grading import Ability
from assessments.models import FormItem, Item, TestSession
from assessments.rules import Conflict
from assessments.scoring import FormScore, SectionScore
from assessments.service import SittingService
from auth import demo as auth_demo
from tests.assessments.helpers import load_bank, make_person, right_response, wrong_response

SLUG = "dl_adaptive"
BANK = "digital_literacy"


def adaptive_blueprint(**overrides: Any) -> dict[str, Any]:
    """An adaptive blueprint over the digital-literacy bank."""
    return {
        "mode": "adaptive",
        "bank": BANK,
        "se_target": 0.35,
        "min_items": 5,
        "max_items": 25,
        "randomesque": 3,
        "pass_theta": 0.0,
        "time_limit_minutes": 40,
    } | overrides


async def calibrated_bank(
    db: AsyncSession, *, seed: int = 7, **blueprint: Any
) -> dict[int, tuple[float, float]]:
    """The digital-literacy bank with 2PL parameters on its single-choice items, and an adaptive test over it.

    The other item types stay uncalibrated, so they are not in the pool. Returns {item id: (a, b)}.
    """
    await load_bank(db, BANK)
    rng = np.random.default_rng(seed)
    items = (
        (await db.execute(select(Item).where(Item.bank == BANK, Item.type == "single").order_by(Item.id)))
        .scalars()
        .all()
    )
    params: dict[int, tuple[float, float]] = {}
    for item, b in zip(items, np.linspace(-2.5, 2.5, len(items)), strict=True):
        a = round(float(rng.uniform(1.2, 2.2)), 3)
        item.irt = {"model": "2pl", "a": a, "b": round(float(b), 3), "c": 0.0, "n": 500}
        params[item.id] = (a, round(float(b), 3))
    test = {"en": "Digital literacy (adaptive)"}
    await ItemBankService(db).import_bank(
        {"test": SLUG, "title": test, "blueprint": adaptive_blueprint(**blueprint), "items": []}
    )
    return params


async def sit(
    db: AsyncSession, theta: float, params: dict[int, tuple[float, float]], *, seed: int
) -> tuple[TestSession, list[str], int]:
    """A candidate of ability ``theta`` answers every question by the 2PL model until the test ends.

    Returns the submitted sitting, the reasons the test ended and the candidate id.
    """
    rng = random.Random(seed)
    person = await make_person(db)
    service, adaptive = SittingService(db), AdaptiveService(db)
    ts = await service.start_session(person.id, SLUG, language="en")
    ended: list[str] = []
    for seq in range(1, 200):
        entry = ts.form[-1]
        item = await db.get(Item, int(entry["item"]))
        assert item is not None
        a, b = params[item.id]
        right = rng.random() < 1 / (1 + math.exp(-a * (theta - b)))
        response = right_response(entry, item) if right else wrong_response(entry, item)
        await service.save_answer(ts.id, item.id, response, seq, candidate_id=person.id)
        step = await adaptive.advance(ts.id, candidate_id=person.id)
        if step.ended:
            ended.append(step.ended)
            break
        assert step.added and len(step.sitting.form) == seq + 1
        ts = step.sitting
    done = await service.submit_session(ts.id, candidate_id=person.id)
    return done, ended, person.id


async def test_a_sitting_stops_at_the_se_target_or_the_cap_never_repeats_and_passes_by_theta(
    db: AsyncSession,
) -> None:
    params = await calibrated_bank(db)
    for theta, seed in ((1.5, 1), (-1.5, 2), (0.3, 3)):
        ts, ended, _ = await sit(db, theta, params, seed=seed)
        items = [int(e["item"]) for e in ts.form]
        assert len(items) == len(set(items)), "a question was given twice"
        assert set(items) <= set(params), "an uncalibrated item was given"
        assert ts.theta is not None and ts.theta_se is not None and ts.score is not None
        # 48 items with a of 1.2-2.2 reach SE 0.35 well before the cap (the cap has its own test) ...
        assert ended == ["se_target"] and 5 <= len(items) < 25 and ts.theta_se <= 0.35
        # ... and the test stopped there, not later: the SE the last question was chosen at was above it
        assert len(items) == 5 or ts.form[-1]["se"] > 0.35
        assert ts.passed is (ts.theta >= 0.0)
        assert ts.score["status"] == ("passed" if ts.passed else "failed")
        if not ts.passed:
            assert [r["code"] for r in ts.score["reason_codes"]] == ["theta_below_pass_theta"]
        assert abs(ts.theta - theta) < 4 * ts.theta_se, (theta, ts.theta, ts.theta_se)
    strong, _, _ = await sit(db, 2.0, params, seed=4)
    weak, _, _ = await sit(db, -2.0, params, seed=5)
    assert (strong.passed, weak.passed) == (True, False)


async def test_the_cap_ends_a_test_whose_se_target_is_out_of_reach(db: AsyncSession) -> None:
    params = await calibrated_bank(db, se_target=0.05, max_items=6)
    ts, ended, _ = await sit(db, 0.5, params, seed=9)
    assert ended == ["max_items"] and len(ts.form) == 6 and ts.theta_se is not None and ts.theta_se > 0.05


async def test_advancing_twice_for_one_answer_adds_one_question(db: AsyncSession) -> None:
    params = await calibrated_bank(db)
    person = await make_person(db)
    service, adaptive = SittingService(db), AdaptiveService(db)
    ts = await service.start_session(person.id, SLUG, language="ru")
    assert len(ts.form) == 1 and ts.form[0]["theta"] == 0.0
    unanswered = await adaptive.advance(ts.id, candidate_id=person.id)
    assert (unanswered.added, unanswered.ended, len(unanswered.sitting.form)) == (False, None, 1)
    first = await db.get(Item, int(ts.form[0]["item"]))
    assert first is not None and first.id in params
    await service.save_answer(ts.id, first.id, right_response(ts.form[0], first), 1, candidate_id=person.id)
    once = await adaptive.advance(ts.id, candidate_id=person.id)
    twice = await adaptive.advance(ts.id, candidate_id=person.id)
    assert once.added and not twice.added and twice.ended is None
    form = (await service.get(ts.id)).form
    assert len(form) == 2 and form[1]["theta"] > 0  # chosen at the ability after one right answer
    # The earlier question is no longer answerable; the current one is.
    with pytest.raises(Exception, match="not part of your test"):
        await service.save_answer(ts.id, first.id, 0, 2, candidate_id=person.id)
    rows = (await db.execute(select(FormItem.item_id).where(FormItem.session_id == ts.id))).scalars().all()
    assert rows == [int(form[1]["item"])]
    stranger = await make_person(db)
    with pytest.raises(Exception, match="No such test session"):
        await adaptive.advance(ts.id, candidate_id=stranger.id)


async def test_options_are_shuffled_and_the_draw_is_fixed_by_the_sitting(db: AsyncSession) -> None:
    await calibrated_bank(db)
    service = SittingService(db)
    forms = []
    for _ in range(12):
        ts = await service.start_session((await make_person(db)).id, SLUG, language="kk")
        forms.append(ts.form[0])
    assert all(sorted(e["order"]) == [0, 1, 2, 3] for e in forms)
    assert len({tuple(e["order"]) for e in forms}) > 1  # option orders differ between sittings
    assert 1 < len({e["item"] for e in forms}) <= 3  # randomesque: one of the 3 best at theta 0
    pool = await AdaptiveService(db).pool(BANK)
    again = choose(pool, set(), None, 3, np.random.default_rng([ts.id, 0]))
    assert again.item_id == int(ts.form[0]["item"])  # seeded by (sitting id, question number)


async def test_a_thin_bank_is_refused_and_a_fixed_test_has_no_next_question(db: AsyncSession) -> None:
    await calibrated_bank(db, min_items=60, max_items=60)  # 48 calibrated single-choice items
    person = await make_person(db)
    with pytest.raises(Conflict, match=THIN_BANK):
        await SittingService(db).start_session(person.id, SLUG, language="ru")
    await load_bank(db)
    fixed = await SittingService(db).start_session(person.id, "legislation", language="ru")
    with pytest.raises(Conflict, match="no next question"):
        await AdaptiveService(db).advance(fixed.id, candidate_id=person.id)


async def test_exposure_is_counted_once_the_adaptive_sitting_is_submitted(db: AsyncSession) -> None:
    params = await calibrated_bank(db, se_target=0.05, max_items=5)
    person = await make_person(db)
    service = SittingService(db)
    ts = await service.start_session(person.id, SLUG, language="ru")
    assert await count_exposure(db, ts.test_id) == 0  # open: its form is still growing
    done, _, _ = await sit(db, 0.0, params, seed=3)
    assert await count_exposure(db, ts.test_id) == 1
    shown = [int(e["item"]) for e in done.form]
    exposure = (await db.execute(select(Item.exposure).where(Item.id.in_(shown)))).scalars().all()
    assert len(shown) == 5 and list(exposure) == [1] * 5


async def test_after_the_deadline_advancing_ends_the_test(db: AsyncSession) -> None:
    await calibrated_bank(db)
    person = await make_person(db)
    ts = await SittingService(db).start_session(person.id, SLUG, language="ru")
    late = ts.deadline_at + timedelta(minutes=1)
    step = await AdaptiveService(db).advance(ts.id, candidate_id=person.id, now=late)
    assert step.ended == "deadline" and len(step.sitting.form) == 1


def test_stopping_rule_and_judgement() -> None:
    bp = parse_blueprint(adaptive_blueprint(min_items=5, max_items=10, se_target=0.3, pass_theta=0.5))
    assert stop_reason(10, 0.9, 50, bp) == "max_items"
    assert stop_reason(5, 0.29, 50, bp) == "se_target"
    assert stop_reason(4, 0.1, 50, bp) is None  # below min_items the SE alone does not stop it
    assert stop_reason(6, 0.5, 0, bp) == "pool_exhausted"
    assert stop_reason(6, 0.31, 3, bp) is None

    def scored(answered: int) -> FormScore:
        section = SectionScore("other", items=answered, answered=answered)
        return FormScore([section], 3.0, 6.0, 3, [], True, "passed", [], {})

    assert judge(scored(6), Ability(0.5, 0.3), bp).passed
    below = judge(scored(6), Ability(0.49, 0.3), bp)
    assert (below.passed, below.status, [r.code for r in below.reasons]) == (
        False,
        "failed",
        ["theta_below_pass_theta"],
    )
    early = judge(scored(3), Ability(1.2, 0.6), bp)
    assert not early.passed and [r.code for r in early.reasons] == ["too_few_answers"]
    fixed = parse_blueprint({"pass_mark": 1})
    assert judge(scored(1), None, fixed).passed  # a fixed form's judgement is left alone


def test_maximum_information_picks_the_item_nearest_the_ability() -> None:
    pool = [PoolItem(i, 1.5, b) for i, b in enumerate((-2.0, -0.9, 0.1, 1.0, 2.2))]
    rng = np.random.default_rng(0)
    assert choose(pool, set(), None, 1, rng).item_id == 2  # theta 0: b = 0.1
    assert choose(pool, {2}, Ability(0.9, 0.4), 1, rng).item_id == 3
    assert choose(pool, {3}, Ability(0.9, 0.4), 1, rng).item_id == 2  # the used one is skipped


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mode": "fancy"}, "'fixed' or 'adaptive'"),
        ({"se_target": 0}, "'se_target' must be a number from 0.05 to 0.99"),
        ({"se_target": "low"}, "'se_target' must be a number"),
        ({"min_items": 12, "max_items": 10}, "'max_items' must not be below 'min_items'"),
        ({"randomesque": 2.5}, "'randomesque' must be a whole number"),
        ({"max_items": True}, "'max_items' must be a whole number"),
        ({"pass_theta": 9}, "'pass_theta' must be a number from -4 to 4"),
        ({"bank": ""}, "'bank' names an item bank"),
        ({"sections": [{"tag": "topic", "value": "x", "count": 2}]}, "remove its 'sections'"),
        ({"pass_mark": 10}, "passes by 'pass_theta'"),
    ],
)
def test_malformed_adaptive_blueprints_are_refused_clearly(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(BankError, match=message):
        parse_blueprint(adaptive_blueprint(**changes))


def test_adaptive_settings_need_an_adaptive_blueprint_and_a_pass_theta() -> None:
    with pytest.raises(BankError, match="se_target: only for an adaptive blueprint"):
        parse_blueprint({"pass_mark": 10, "se_target": 0.3})
    bare = adaptive_blueprint()
    del bare["pass_theta"]
    with pytest.raises(BankError, match="needs 'pass_theta'"):
        parse_blueprint(bare)
    bp = parse_blueprint(adaptive_blueprint())
    assert (bp.mode, bp.bank, bp.item_count, bp.randomesque) == ("adaptive", BANK, 25, 3)
    assert parse_blueprint({"pass_mark": 3}).mode == "fixed"


async def test_the_demo_calibrates_the_shared_bank_so_the_adaptive_seed_test_can_be_sat(
    db: AsyncSession, settings: Settings
) -> None:
    await auth_demo.seed(db, settings)  # `adal demo` runs it first: its admin signs the calibration
    lines = await assessments_demo.seed(db, settings)
    assert len(lines) == 2 and "calibrated for the adaptive test" in lines[1]
    pool = await AdaptiveService(db).pool(BANK)
    assert (
        len(pool)
        >= parse_blueprint((await ItemBankService(db).test_by_slug(f"{BANK}_adaptive")).blueprint).min_items
    )
    person = await make_person(db)
    ts = await SittingService(db).start_session(person.id, f"{BANK}_adaptive", language="kk")
    assert len(ts.form) == 1 and int(ts.form[0]["item"]) in {p.item_id for p in pool}


async def test_an_appeal_on_a_shared_bank_item_reaches_the_adaptive_sittings_that_gave_it(
    db: AsyncSession,
) -> None:
    params = await calibrated_bank(db, se_target=0.05, max_items=5)
    ts, _, _ = await sit(db, 0.0, params, seed=11)
    given = int(ts.form[2]["item"])
    assert ts.id in await AppealService(db).affected_sessions(given)  # a void or re-key re-scores it
