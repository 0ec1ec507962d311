"""Accounts, grants, principals, the authentication middleware and the shared fixtures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.audit.models import AuditEntry
from auth.models import Region
from auth.principal import Grant, Role
from auth.regions import REGIONS
from auth.service import AccountExists, AccountService, OrgService
from tests.auth_fixtures import MakeBody, MakeUser

PASSWORD = "a-long-enough-passphrase-77"


async def test_regions_are_the_seventeen_regions_and_three_cities(db: AsyncSession) -> None:
    await OrgService(db).ensure_regions()
    await OrgService(db).ensure_regions()
    codes = [r.code for r in await OrgService(db).regions()]
    assert len(codes) == len(set(codes)) == 20
    assert {"AST", "ALA", "SHY"} <= set(codes)
    assert len((await db.execute(select(Region))).scalars().all()) == len(REGIONS)


async def test_create_user_lowercases_email_and_hashes_password(db: AsyncSession) -> None:
    user = await AccountService(db).create_user(
        email="  Aigerim@Example.KZ ", password=PASSWORD, display_name="A"
    )
    assert user.email == "aigerim@example.kz"
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    try:
        await AccountService(db).create_user(email="AIGERIM@example.kz", display_name="B")
    except AccountExists:
        pass
    else:
        raise AssertionError("a second account with the same email was created")


async def test_authenticate_accepts_only_the_right_password(db: AsyncSession) -> None:
    accounts = AccountService(db)
    user = await accounts.create_user(email="b@example.kz", password=PASSWORD, display_name="B")
    assert (await accounts.authenticate("B@example.kz", PASSWORD)) is user
    assert await accounts.authenticate("b@example.kz", PASSWORD + "x") is None
    assert await accounts.authenticate("nobody@example.kz", PASSWORD) is None


async def test_grants_and_revocations_are_audited_and_shape_the_principal(db: AsyncSession) -> None:
    org, accounts = OrgService(db), AccountService(db)
    await org.ensure_regions()
    body = await org.create_body(name_kk="K", name_ru="R", name_en="E", region_code="AST")
    user = await accounts.create_user(
        email="hr@example.kz", display_name="HR", grants=[Grant(Role.CANDIDATE)]
    )
    await accounts.grant_role(user_id=user.id, role=Role.HR_OFFICER, body_id=body.id, actor="user:1")
    principal = await accounts.principal_for(user.id)
    assert principal is not None
    assert principal.grants == {Grant(Role.CANDIDATE), Grant(Role.HR_OFFICER, body.id)}
    assert principal.may_act_for(Role.HR_OFFICER, body.id)
    assert await accounts.revoke_role(user_id=user.id, role=Role.HR_OFFICER, body_id=body.id, actor="user:1")
    assert not await accounts.revoke_role(
        user_id=user.id, role=Role.HR_OFFICER, body_id=body.id, actor="user:1"
    )
    principal = await accounts.principal_for(user.id)
    assert principal is not None and not principal.has_role(Role.HR_OFFICER)
    actions = (await db.execute(select(AuditEntry.action).order_by(AuditEntry.seq))).scalars().all()
    assert actions.count("auth.role_granted") == 2 and actions.count("auth.role_revoked") == 1


async def test_disabled_user_has_no_principal(db: AsyncSession) -> None:
    accounts = AccountService(db)
    user = await accounts.create_user(email="c@example.kz", display_name="C", grants=[Grant(Role.STAFF)])
    await accounts.set_active(user.id, active=False, actor="system")
    assert await accounts.principal_for(user.id) is None


async def test_bearer_token_identifies_the_caller(
    client: Any, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body(region_code="ALA", name="Akimat of Almaty")
    user, headers = await make_user(Role.HR_OFFICER, body_id=body.id)
    answer = await client.get("/api/auth/me", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["email"] == user.email
    assert answer.json()["grants"] == [{"role": "hr_officer", "body_id": body.id}]


async def test_missing_or_forged_token_is_refused(client: Any, make_user: MakeUser) -> None:
    _, headers = await make_user(Role.CANDIDATE)
    assert (await client.get("/api/auth/me")).status_code == 401
    forged = {"Authorization": headers["Authorization"][:-3] + "abc"}
    assert (await client.get("/api/auth/me", headers=forged)).status_code == 401


async def test_login_cookie_signs_in_through_the_form(
    client: Any, make_user: MakeUser, login_cookie: Any
) -> None:
    user, _ = await make_user(Role.CANDIDATE)
    assert (await client.get("/api/auth/me")).status_code == 401
    await login_cookie(client, user)
    answer = await client.get("/api/auth/me")
    assert answer.status_code == 200 and answer.json()["user_id"] == user.id


async def test_login_cookie_answers_the_totp_step(
    client: Any, make_user: MakeUser, login_cookie: Any
) -> None:
    user, _ = await make_user(Role.ADMIN)
    await login_cookie(client, user)
    answer = await client.get("/api/auth/me")
    assert answer.status_code == 200 and answer.json()["grants"] == [{"role": "admin", "body_id": None}]


async def test_sign_out_ends_the_session(client: Any, make_user: MakeUser, login_cookie: Any) -> None:
    user, _ = await make_user(Role.STAFF)
    await login_cookie(client, user)
    token = client.cookies.get("adal_session")
    page = await client.get("/login")
    from tests.auth_fixtures import csrf_of

    answer = await client.post("/logout", data={"_csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert answer.status_code == 303
    client.cookies.set("adal_session", token)
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_authenticating_a_request_costs_one_query(client: Any, make_user: MakeUser) -> None:
    _, headers = await make_user(Role.STAFF)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert (await client.get("/api/auth/me", headers=headers)).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert len([s for s in statements if "auth_" in s]) == 1, statements


async def test_password_hash_is_upgraded_when_the_parameters_change(
    db: AsyncSession, settings: Settings
) -> None:
    accounts = AccountService(db)
    user = await accounts.create_user(email="d@example.kz", password=PASSWORD, display_name="D")
    old_hash = user.password_hash
    stronger = settings.model_copy(update={"argon2_time_cost": settings.argon2_time_cost + 1})
    accounts.settings = stronger
    assert await accounts.authenticate("d@example.kz", PASSWORD) is user
    assert user.password_hash != old_hash and f"t={stronger.argon2_time_cost}" in (user.password_hash or "")
