"""HR moves an application by hand from the applicant page: allowed moves only, with a note."""

from __future__ import annotations

from typing import Any

from auth.principal import Role
from recruiting.applications import ApplicationService
from recruiting.models import Application
from tests.auth_fixtures import MakeBody, MakeUser, csrf_of
from tests.recruiting.conftest import make_candidate, make_world, open_vacancy
from workers import runtime
from workers.uow import commit


async def test_hr_rejects_from_the_applicant_page_and_invalid_moves_are_refused(
    client: Any, make_user: MakeUser, make_body: MakeBody, login_cookie: Any
) -> None:
    async with runtime.session() as session:
        world = await make_world(session)
        vacancy = await open_vacancy(world)
        who = await make_candidate(session)
        application = await ApplicationService(session).submit_application(
            who.user_id, vacancy.id, motivation="Hi."
        )
        await commit(session)
    hr, _ = await make_user(Role.HR_OFFICER, body_id=vacancy.body_id)
    await login_cookie(client, hr)
    page = await client.get(f"/hr/applications/{application.id}")
    assert page.status_code == 200 and 'name="status"' in page.text
    token = csrf_of(page.text)
    bad = await client.post(
        f"/hr/applications/{application.id}/status",
        data={"status": "selected", "note": "skip", "_csrf_token": token},
    )
    assert bad.status_code in (400, 409, 422)
    moves = [m for m in ("rejected", "ineligible") if f'value="{m}"' in page.text]
    assert moves, page.text
    done = await client.post(
        f"/hr/applications/{application.id}/status",
        data={"status": moves[0], "note": "Documents missing", "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    async with runtime.session() as session:
        assert (await session.get(Application, application.id)).status == moves[0]  # type: ignore[union-attr]
