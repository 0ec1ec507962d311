"""Standing accommodations: extra time an admin grants once is added to every sitting the candidate starts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from litestar.exceptions import ClientException, NotFoundException
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from assessments.accommodations import AccommodationService
from assessments.models import TestSession
from assessments.service import SittingService
from auth.audit.models import AuditEntry
from auth.principal import Role
from tests.assessments.helpers import load_bank, make_person
from tests.auth_fixtures import MakeUser, csrf_of
from workers import runtime
from workers.uow import commit

Client = AsyncTestClient[Any]


def _minutes(ts: TestSession) -> float:
    return (ts.deadline_at - ts.started_at) / timedelta(minutes=1)


async def test_standing_extra_time_is_added_to_each_new_sitting_and_audited(db: AsyncSession) -> None:
    await load_bank(db)
    admin = await make_person(db, Role.ADMIN)
    person = await make_person(db)
    service = AccommodationService(db)
    with pytest.raises(ClientException, match="1 to 240"):
        await service.grant(person.email, minutes=0, note="", actor=admin.id)
    with pytest.raises(NotFoundException):
        await service.grant("nobody@example.kz", minutes=20, note="", actor=admin.id)
    await service.grant(person.email, minutes=25, note="medical certificate checked", actor=admin.id)
    await service.grant(person.email, minutes=30, note="medical certificate checked", actor=admin.id)
    ts = await SittingService(db).start_session(person.id, "legislation", language="kk")
    assert ts.extra_time_minutes == 30 and _minutes(ts) == 55 + 30
    await service.withdraw(person.id, actor=admin.id)
    other = await make_person(db)
    plain = await SittingService(db).start_session(other.id, "legislation", language="kk")
    assert plain.extra_time_minutes == 0 and _minutes(plain) == 55
    assert await service.extra_minutes(person.id) == 0
    actions = (
        await db.scalars(select(AuditEntry.action).where(AuditEntry.subject == f"auth_user:{person.id}"))
    ).all()
    assert actions.count("assessments.accommodation_granted") == 2
    assert "assessments.accommodation_withdrawn" in actions


async def test_only_admins_manage_accommodations_over_the_api_and_the_page(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    async with runtime.session() as db:
        await load_bank(db)
        await commit(db)
    _, admin = await make_user(Role.ADMIN)
    candidate, as_candidate = await make_user(Role.CANDIDATE)
    _, hr = await make_user(Role.HR_OFFICER)
    body = {"email": candidate.email, "minutes": 20, "note": "assistive technology"}
    for headers in (as_candidate, hr):
        assert (
            await client.put("/api/assessments/accommodations", json=body, headers=headers)
        ).status_code == 403
        assert (await client.get("/api/assessments/accommodations", headers=headers)).status_code == 403
    granted = await client.put("/api/assessments/accommodations", json=body, headers=admin)
    assert granted.status_code == 200 and granted.json()["minutes"] == 20
    bad = await client.put("/api/assessments/accommodations", json=body | {"minutes": 999}, headers=admin)
    assert bad.status_code == 400 and "240" in bad.json()["detail"]
    state = (
        await client.post("/api/assessments/tests/legislation/sessions", json={}, headers=as_candidate)
    ).json()
    assert state["remaining_seconds"] > (55 + 19) * 60
    html = admin | {"accept": "text/html"}
    page = await client.get("/assessments/admin/accommodations", headers=html)
    assert page.status_code == 200 and candidate.email in page.text
    withdrawn = await client.post(
        f"/assessments/admin/accommodations/{candidate.id}/withdraw",
        data={"_csrf_token": csrf_of(page.text)},
        headers=html,
        follow_redirects=False,
    )
    assert withdrawn.status_code == 303
    listed = await client.get("/api/assessments/accommodations", headers=admin)
    assert listed.json() == []
