"""A moderator sees one sitting's events and per-question answer times, without the candidate's identity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from assessments.moderation import ModerationService
from assessments.service import SittingService
from auth.principal import Role
from tests.assessments.helpers import form_items, load_bank, right_response
from tests.auth_fixtures import MakeUser
from workers import runtime
from workers.uow import commit

Client = AsyncTestClient[Any]


async def test_the_sitting_timeline_shows_events_and_answer_times_to_reviewers_only(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    candidate, _ = await make_user(Role.CANDIDATE)
    _, reviewer = await make_user(Role.COMMISSION_MEMBER)
    _, hr = await make_user(Role.HR_OFFICER)
    start = datetime.now(UTC) - timedelta(minutes=20)
    async with runtime.session() as db:
        await load_bank(db)
        service = SittingService(db)
        ts = await service.start_session(candidate.id, "legislation", language="ru", now=start)
        pairs = await form_items(db, ts)
        gaps = [40, 1, 75]  # the second answer comes one second after the first
        clock = start
        for seq, ((entry, item), gap) in enumerate(zip(pairs, gaps, strict=False), start=1):
            clock += timedelta(seconds=gap)
            await service.save_answer(
                ts.id, item.id, right_response(entry, item), seq, candidate_id=candidate.id, now=clock
            )
        moderation = ModerationService(db)
        await moderation.record_event(ts, "focus_loss", {})
        await moderation.record_event(ts, "paste", {})
        await commit(db)
        timeline = await moderation.timeline(ts.id)
    assert [row["seconds"] for row in timeline.items[:4]] == [40.0, 1.0, 75.0, None]
    assert [row["flags"] for row in timeline.items[:3]] == [[], ["fast"], []]
    assert [kind for kind, _at in timeline.events] == ["focus_loss", "paste"]
    url = f"/assessments/admin/moderation/sittings/{ts.id}"
    page = await client.get(url, headers=reviewer | {"accept": "text/html"})
    assert page.status_code == 200
    assert (
        "<svg" in page.text and candidate.display_name not in page.text and candidate.email not in page.text
    )
    assert (await client.get(url, headers=hr | {"accept": "text/html"})).status_code == 403
    missing = await client.get("/assessments/admin/moderation/sittings/999999", headers=reviewer)
    assert missing.status_code == 404
