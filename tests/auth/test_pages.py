"""Account and administration pages: language preference, guards, grants through the admin forms."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from auth.audit.models import AuditEntry
from auth.models import Body, User
from auth.principal import Role
from tests.auth.support import submit
from tests.auth_fixtures import MakeBody, MakeUser
from workers import runtime


async def test_language_preference_is_kept_on_the_account(
    client: Any, make_user: MakeUser, login_cookie: Any
) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    await login_cookie(client, user)
    answer = await submit(client, "/account", "/account/language", {"language": "ru"}, follow_redirects=False)
    assert answer.status_code == 303
    client.cookies.delete("adal_lang")
    assert '<html lang="ru">' in (await client.get("/account")).text
    assert (await client.get("/api/auth/me")).json()["language"] == "ru"


async def test_the_language_switcher_also_updates_the_signed_in_user(
    client: Any, make_user: MakeUser, login_cookie: Any
) -> None:
    user, _ = await make_user(Role.STAFF)
    await login_cookie(client, user)
    await submit(client, "/account", "/language", {"lang": "kk", "next": "/account"}, follow_redirects=False)
    async with runtime.session() as session:
        saved = await session.get(User, user.id)
    assert saved is not None and saved.language == "kk"


async def test_account_and_admin_pages_need_the_right_sign_in(
    client: Any, make_user: MakeUser, login_cookie: Any
) -> None:
    assert (await client.get("/account", follow_redirects=False)).status_code == 401
    user, _ = await make_user(Role.HR_OFFICER)
    await login_cookie(client, user)
    assert (await client.get("/account")).status_code == 200
    assert (await client.get("/admin/users")).status_code == 403
    assert (await client.get("/admin/bodies")).status_code == 403


async def test_admin_grants_and_revokes_a_scoped_role_through_the_forms(
    client: Any, make_user: MakeUser, make_body: MakeBody, login_cookie: Any
) -> None:
    admin, _ = await make_user(Role.ADMIN)
    officer, officer_headers = await make_user(Role.STAFF)
    body = await make_body(region_code="SHY", name="Akimat of Shymkent")
    await login_cookie(client, admin)
    page = f"/admin/users/{officer.id}"
    assert officer.email in (await client.get("/admin/users?q=staff")).text
    granted = await submit(client, page, f"{page}/grant", {"role": "hr_officer", "body_id": str(body.id)})
    assert granted.status_code == 200 and "Akimat of Shymkent" in granted.text
    me = (await client.get("/api/auth/me", headers=officer_headers)).json()
    assert {"role": "hr_officer", "body_id": body.id} in me["grants"]
    await submit(client, page, f"{page}/revoke", {"role": "hr_officer", "body_id": str(body.id)})
    me = (await client.get("/api/auth/me", headers=officer_headers)).json()
    assert {"role": "hr_officer", "body_id": body.id} not in me["grants"]
    async with runtime.session() as session:
        audited = (await session.execute(select(AuditEntry.actor, AuditEntry.action))).all()
    assert (f"user:{admin.id}", "auth.role_granted") in [tuple(a) for a in audited]
    assert (f"user:{admin.id}", "auth.role_revoked") in [tuple(a) for a in audited]
    bad = await submit(client, page, f"{page}/grant", {"role": "emperor"})
    assert bad.status_code == 400


async def test_admin_adds_a_state_body(
    client: Any, make_user: MakeUser, make_body: MakeBody, login_cookie: Any
) -> None:
    admin, _ = await make_user(Role.ADMIN)
    parent = await make_body(region_code="AST", name="Ministry of Finance")
    await login_cookie(client, admin)
    form = {
        "name_kk": "Атырау облысының әкімдігі",
        "name_ru": "Акимат Атырауской области",
        "name_en": "Akimat of Atyrau Region",
        "region_code": "ATY",
        "parent_id": str(parent.id),
    }
    answer = await submit(client, "/admin/bodies", "/admin/bodies", form)
    assert answer.status_code == 200 and "Akimat of Atyrau Region" in answer.text
    async with runtime.session() as session:
        body = (await session.execute(select(Body).where(Body.region_code == "ATY"))).scalar_one()
    assert body.parent_id == parent.id and body.name_kk == "Атырау облысының әкімдігі"


async def test_disabling_an_account_ends_its_sessions(
    client: Any, make_user: MakeUser, login_cookie: Any
) -> None:
    admin, _ = await make_user(Role.ADMIN)
    user, _ = await make_user(Role.CANDIDATE)
    await login_cookie(client, user)
    user_cookie = client.cookies.get("adal_session")
    client.cookies.clear()
    await login_cookie(client, admin)
    page = f"/admin/users/{user.id}"
    await submit(client, page, f"{page}/active", {"active": "false"})
    client.cookies.clear()
    client.cookies.set("adal_session", user_cookie)
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_a_browser_without_a_session_is_sent_to_sign_in_and_back(client: Any) -> None:
    answer = await client.get("/account", headers={"accept": "text/html"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=%2Faccount"
    assert 'name="next" value="/account"' in (await client.get(answer.headers["location"])).text


async def test_auditors_read_the_audit_log_and_see_the_chain_intact(
    client: Any, make_user: MakeUser, login_cookie: Any
) -> None:
    candidate, candidate_headers = await make_user(Role.CANDIDATE)
    auditor, _ = await make_user(Role.AUDITOR)
    assert (await client.get("/admin/audit", headers=candidate_headers)).status_code == 403
    await login_cookie(client, auditor)
    page = await client.get("/admin/audit")
    assert page.status_code == 200
    assert "the log is intact" in page.text
    assert f"user:{candidate.id}" in page.text and "auth.role_granted" in page.text
