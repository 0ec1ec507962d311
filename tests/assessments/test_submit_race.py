"""Saves racing a submit: every acknowledged answer is in the score, every refused one is not."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from assessments.rules import SittingClosed
from assessments.service import SittingService
from tests.assessments.helpers import form_items, load_bank, make_person, right_response
from tests.conftest import run_jobs
from workers import runtime
from workers.uow import commit


async def test_answers_racing_the_submit_are_either_scored_or_refused(
    committed: AsyncEngine, settings: Settings
) -> None:
    async with runtime.session() as db:
        await load_bank(db)
        await commit(db)
    async with runtime.session() as db:
        person = await make_person(db)
        ts = await SittingService(db).start_session(person.id, "legislation", language="ru")
        pairs = [(item.id, right_response(entry, item)) for entry, item in await form_items(db, ts)]
        await commit(db)
    acknowledged: set[int] = set()

    async def save(item_id: int, response: object) -> None:
        async with runtime.session() as db:
            try:
                await SittingService(db).save_answer(ts.id, item_id, response, 1, candidate_id=person.id)
                await commit(db)
                acknowledged.add(item_id)
            except SittingClosed:
                await db.rollback()

    async def submit() -> None:
        await asyncio.sleep(0.02)
        async with runtime.session() as db:
            await SittingService(db).submit_session(ts.id, candidate_id=person.id)
            await commit(db)

    await asyncio.gather(submit(), *(save(i, r) for i, r in pairs))
    await run_jobs(settings)
    async with runtime.session() as db:
        done = await SittingService(db).get(ts.id)
    assert done.status == "submitted" and done.score is not None
    scored = {int(k) for k, v in done.score["item_points"].items() if v}
    assert scored == acknowledged
