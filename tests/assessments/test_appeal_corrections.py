"""An upheld question appeal corrects every version sharing the fault and tells every affected candidate."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.i18n import gettext
from app.settings import Settings
from assessments.appeals import AppealService
from assessments.models import Item, TestSession
from assessments.service import SittingService
from auth.models import MailMessage
from auth.principal import Role
from tests.assessments.helpers import form_items, load_bank, make_person, right_response, wrong_response
from tests.conftest import run_jobs
from workers import runtime
from workers.uow import commit


async def test_a_rekey_corrects_later_versions_with_the_same_key_and_confirms_unchanged_results(
    committed: AsyncEngine, settings: Settings
) -> None:
    async with runtime.session() as db:
        await load_bank(db)
        person = await make_person(db)
        reviewer = await make_person(db, Role.ADMIN)
        service = SittingService(db)
        ts = await service.start_session(person.id, "legislation", language="ru")
        pairs = await form_items(db, ts)
        entry, item = pairs[0]
        for seq, (e, it) in enumerate(pairs, start=1):
            response = wrong_response(e, it) if seq == 1 else right_response(e, it)
            await service.save_answer(ts.id, it.id, response, seq, candidate_id=person.id)
        await service.submit_session(ts.id, candidate_id=person.id)
        chosen = entry["order"][wrong_response(entry, item)]
        options = len(item.content["ru"]["options"])
        other = next(o for o in range(options) if o not in (chosen, int(item.answer["correct"])))
        copied = dict(item.answer)
        later = Item(
            bank=item.bank,
            key=item.key,
            version=item.version + 1,
            type=item.type,
            tags=item.tags,
            status="active",
            content=item.content,
            answer=copied,
            explanation=item.explanation,
            created_at=datetime.now(UTC),
        )
        fixed = Item(
            bank=item.bank,
            key=item.key,
            version=item.version + 2,
            type=item.type,
            tags=item.tags,
            status="draft",
            content=item.content,
            answer={"correct": chosen},  # an author already changed this version's key: left alone
            explanation=item.explanation,
            created_at=datetime.now(UTC),
        )
        db.add_all([later, fixed])
        await commit(db)
    await run_jobs(settings)
    async with runtime.session() as db:
        appeal = await AppealService(db).file_appeal(
            ts.id, candidate_id=person.id, kind="question", text="Two options are right", item_id=item.id
        )
        await AppealService(db).resolve(
            appeal.id,
            decided_by=reviewer.id,
            upheld=True,
            resolution="The key is corrected.",
            action="rekey",
            answer={"correct": other},  # neither the old key nor the candidate's choice
        )
        await commit(db)
    await run_jobs(settings)
    async with runtime.session() as db:
        versions = {v.version: v.answer for v in (await db.scalars(select(Item).where(Item.key == item.key)))}
        assert versions == {
            item.version: {"correct": other},
            item.version + 1: {"correct": other},
            item.version + 2: {"correct": chosen},
        }
        after = await db.get(TestSession, ts.id)
        assert after is not None and after.score is not None and after.score["correct"] == 54
        mails = (await db.scalars(select(MailMessage).where(MailMessage.to == person.email))).all()
        subject = gettext(person.language)("Your test result was reviewed")  # in the candidate's language
        assert subject in [m.subject for m in mails]
        reviewed = next(m for m in mails if m.subject == subject)
        assert f"/assessments/sessions/{ts.id}/result" in reviewed.body
