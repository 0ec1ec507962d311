"""Rankings across different random forms use the equated ability, not raw points, on calibrated items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from scipy.stats import norm
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.settings import Settings
from assessments.models import AssessmentTest, FormItem, Item, TestSession
from assessments.service import SittingService
from recruiting.applications import ApplicationService
from recruiting.models import CandidateResult, Score
from recruiting.scoring import ScoringService, component_scores
from tests.assessments.helpers import load_bank, right_response, wrong_response
from tests.conftest import run_jobs
from tests.recruiting.conftest import make_candidate, make_world, open_vacancy
from workers import runtime
from workers.uow import commit

DIGITAL = [{"test": "digital_literacy", "weight": 1.0, "pass_mark": None, "max_score": 4}]
EASY, HARD = -2.0, 2.0


async def _sit_form(session: AsyncSession, candidate_id: int, items: list[Item], right: int) -> TestSession:
    """A sitting of exactly ``items`` (no shuffling), the first ``right`` answered right, then submitted."""
    test = (
        await session.execute(select(AssessmentTest).where(AssessmentTest.slug == "digital_literacy"))
    ).scalar_one()
    now = datetime.now(UTC)
    form = [{"item": it.id, "section": f"topic={it.tags['topic']}", "order": []} for it in items]
    ts = TestSession(
        candidate_id=candidate_id,
        test_id=test.id,
        open_key=f"{candidate_id}:{test.id}",
        form=form,
        language="ru",
        started_at=now,
        deadline_at=now + timedelta(minutes=30),
        status="open",
    )
    session.add(ts)
    await session.flush()
    await session.execute(insert(FormItem), [{"session_id": ts.id, "item_id": it.id} for it in items])
    service = SittingService(session)
    for seq, (entry, item) in enumerate(zip(form, items, strict=True), start=1):
        response = right_response(entry, item) if seq <= right else wrong_response(entry, item)
        await service.save_answer(ts.id, item.id, response, seq, candidate_id=candidate_id)
    return await service.submit_session(ts.id, candidate_id=candidate_id)


@pytest.mark.parametrize("calibrated", [True, False], ids=["calibrated", "uncalibrated"])
async def test_vacancy_ranking_follows_ability_across_forms_of_different_difficulty(
    committed: AsyncEngine, settings: Settings, calibrated: bool
) -> None:
    async with runtime.session() as session:
        world = await make_world(session)
        vacancy = await open_vacancy(world, assessments=DIGITAL)
        people = [await make_candidate(session) for _ in range(2)]
        apply = ApplicationService(session).submit_application
        apps = [await apply(p.user_id, vacancy.id, motivation="Digital services.") for p in people]
        await load_bank(session, "digital_literacy")
        singles = (
            (await session.execute(select(Item).where(Item.type == "single").order_by(Item.id).limit(8)))
            .scalars()
            .all()
        )
        easy, hard = list(singles[:4]), list(singles[4:])
        if calibrated:
            for items, b in ((easy, EASY), (hard, HARD)):
                for item in items:
                    item.irt = {"model": "2pl", "a": 1.5, "b": b, "c": 0.0, "n": 200}
        await commit(session)
    async with runtime.session() as session:
        # Raw: 3 of 4 on the easy form beats 2 of 4 on the hard one; ability says the reverse.
        on_easy = await _sit_form(session, people[0].user_id, easy, right=3)
        on_hard = await _sit_form(session, people[1].user_id, hard, right=2)
        await commit(session)
    assert (on_easy.score or {})["total"] > (on_hard.score or {})["total"]
    await run_jobs(settings)
    async with runtime.session() as session:
        scores = (
            (
                await session.execute(
                    select(Score).where(Score.vacancy_id == vacancy.id).order_by(Score.position)
                )
            )
            .scalars()
            .all()
        )
        results = {r.session_id: r for r in (await session.execute(select(CandidateResult))).scalars()}
    ranked = [s.application_id for s in scores]
    if not calibrated:
        assert ranked == [apps[0].id, apps[1].id]
        assert [s.composite for s in scores] == [0.75, 0.5]
        assert results[on_easy.id].theta is None and results[on_easy.id].theta_se is None
        return
    assert ranked == [apps[1].id, apps[0].id]
    assert on_hard.theta is not None and on_easy.theta is not None and on_hard.theta > on_easy.theta
    for ts in (on_hard, on_easy):
        kept = results[ts.id]
        assert (kept.theta, kept.theta_se) == (ts.theta, ts.theta_se) and 0 < (kept.theta_se or 0) < 1
    # The composite is the test's equated score over its maximum: Φ(theta).
    expected = [norm.cdf(on_hard.theta), norm.cdf(on_easy.theta)]
    assert [s.composite for s in scores] == pytest.approx(expected, abs=1e-9)


def test_a_test_ranks_on_ability_only_when_every_result_of_it_has_one() -> None:
    score = np.array([3.0, 2.0, np.nan])  # the third application has no result of this test
    ability = np.array([-0.6, 1.3, np.nan])
    equated = component_scores(score, ability, 4.0)
    assert equated[1] > equated[0] and np.isnan(equated[2])
    assert equated.tolist()[:2] == pytest.approx([4 * norm.cdf(-0.6), 4 * norm.cdf(1.3)])
    # One result without an ability (uncalibrated form, or no standard error): the whole test stays raw.
    mixed = component_scores(score, np.array([-0.6, np.nan, np.nan]), 4.0)
    assert mixed[:2].tolist() == [3.0, 2.0]


async def test_a_theta_announced_without_its_standard_error_keeps_the_raw_ranking(db: AsyncSession) -> None:
    world = await make_world(db)
    vacancy = await open_vacancy(world, assessments=DIGITAL)
    service, scoring = ApplicationService(db), ScoringService(db)
    apps = []
    for points, theta, se in ((3.0, -0.6, 0.7), (2.0, 1.3, None)):
        who = await make_candidate(db)
        apps.append(await service.submit_application(who.user_id, vacancy.id, motivation="Hello."))
        payload = {"candidate_id": who.user_id, "test": "digital_literacy", "score": points, "passed": True}
        await scoring.record_result({**payload, "session_id": None, "theta": theta, "theta_se": se})
    await scoring.rerank_vacancy(vacancy.id)
    rows = (
        await db.execute(select(Score).where(Score.vacancy_id == vacancy.id).order_by(Score.position))
    ).scalars()
    assert [s.application_id for s in rows] == [apps[0].id, apps[1].id]
