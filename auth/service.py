"""Accounts, role grants and the organisation (regions, state bodies, departments). Flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from auth.models import Body, Department, Region, RoleGrant, User
from auth.passwords import hash_password, needs_rehash, verify_password
from auth.principal import BODY_SCOPED, Grant, Principal, Role
from auth.principal_cache import forget_all
from auth.regions import REGIONS
from workers.runtime import settings_of
from workers.uow import on_commit


class AccountExists(ClientException):
    """An account with this email already exists."""

    status_code = 409


class UserNotFound(NotFoundException):
    """No such user."""


class BodyNotFound(NotFoundException):
    """No such state body."""


def normalize_email(email: str) -> str:
    """Emails are stored and compared trimmed and lower-cased."""
    return email.strip().lower()


def parse_role(value: str) -> Role:
    """The Role named ``value``, or a 400 answer."""
    try:
        return Role(value)
    except ValueError:
        raise ClientException(f"Unknown role {value!r}.") from None


def principal_select() -> Select[int, str, str, bool, str, int | None]:
    """A user's identity columns joined with their active grants: one query, plain rows (no ORM objects:
    it runs for every request whose principal is not cached)."""
    return select(
        User.id, User.email, User.language, User.is_active, RoleGrant.role, RoleGrant.body_id
    ).outerjoin(RoleGrant, and_(RoleGrant.user_id == User.id, RoleGrant.revoked_at.is_(None)))


def principal_from_rows(rows: Sequence[Any]) -> Principal | None:
    """A Principal from the rows of ``principal_select`` (None for no rows or an inactive user)."""
    if not rows or not rows[0].is_active:
        return None
    first = rows[0]
    grants = frozenset(Grant(Role(r.role), r.body_id) for r in rows if r.role is not None)
    return Principal(user_id=first.id, email=first.email, grants=grants, language=first.language)


class AccountService:
    """Users, passwords and role grants."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.settings = settings_of(session)

    async def create_user(
        self,
        *,
        email: str,
        password: str | None = None,
        display_name: str,
        language: str = "kk",
        grants: Iterable[Grant] = (),
        actor: str = "system",
        email_verified: bool = False,
    ) -> User:
        """Create an account (password optional, e.g. for state-ID sign-in) with ``grants``."""
        email = normalize_email(email)
        if await self.by_email(email) is not None:
            raise AccountExists("An account with this email already exists.")
        now = datetime.now(UTC)
        user = User(
            email=email,
            password_hash=hash_password(self.settings, password) if password else None,
            display_name=display_name.strip() or email,
            language=language,
            email_verified_at=now if email_verified else None,
            is_active=True,
            created_at=now,
        )
        self.session.add(user)
        await self.session.flush()
        for grant in grants:
            await self.grant_role(user_id=user.id, role=grant.role, body_id=grant.body_id, actor=actor)
        return user

    async def get(self, user_id: int) -> User:
        """The user ``user_id``, or UserNotFound."""
        user = await self.session.get(User, user_id)
        if user is None:
            raise UserNotFound(f"No user {user_id}.")
        return user

    async def by_email(self, email: str) -> User | None:
        """The user with this email, if any."""
        query = select(User).where(User.email == normalize_email(email))
        return (await self.session.execute(query)).scalar_one_or_none()

    async def grant_role(self, *, user_id: int, role: Role, body_id: int | None, actor: str) -> RoleGrant:
        """Grant ``role`` (for ``body_id`` when body-scoped); an identical active grant is returned as is."""
        on_commit(self.session, forget_all)
        role = Role(role)
        if role not in BODY_SCOPED:
            body_id = None
        await self.get(user_id)
        if body_id is not None and await self.session.get(Body, body_id) is None:
            raise BodyNotFound(f"No state body {body_id}.")
        existing = await self._active_grant(user_id, role, body_id)
        if existing is not None:
            return existing
        grant = RoleGrant(
            user_id=user_id, role=role.value, body_id=body_id, granted_by=actor, granted_at=datetime.now(UTC)
        )
        self.session.add(grant)
        await self.session.flush()
        await AuditService(self.session).record(
            actor=actor,
            action="auth.role_granted",
            subject=f"user:{user_id}",
            details={"role": role.value, "body_id": body_id, "grant_id": grant.id},
        )
        return grant

    async def revoke_role(self, *, user_id: int, role: Role, body_id: int | None, actor: str) -> bool:
        """Revoke the active grant of ``role`` for ``body_id``; False when there was none."""
        on_commit(self.session, forget_all)
        role = Role(role)
        grant = await self._active_grant(user_id, role, body_id if role in BODY_SCOPED else None)
        if grant is None:
            return False
        grant.revoked_at = datetime.now(UTC)
        await self.session.flush()
        await AuditService(self.session).record(
            actor=actor,
            action="auth.role_revoked",
            subject=f"user:{user_id}",
            details={"role": role.value, "body_id": grant.body_id, "grant_id": grant.id},
        )
        return True

    async def _active_grant(self, user_id: int, role: Role, body_id: int | None) -> RoleGrant | None:
        body_match = RoleGrant.body_id.is_(None) if body_id is None else RoleGrant.body_id == body_id
        query = select(RoleGrant).where(
            RoleGrant.user_id == user_id,
            RoleGrant.role == role.value,
            body_match,
            RoleGrant.revoked_at.is_(None),
        )
        return (await self.session.execute(query)).scalars().first()

    async def grants(self, user_id: int, *, include_revoked: bool = False) -> list[RoleGrant]:
        """The user's grants, newest first."""
        query = select(RoleGrant).where(RoleGrant.user_id == user_id).order_by(RoleGrant.id.desc())
        if not include_revoked:
            query = query.where(RoleGrant.revoked_at.is_(None))
        return list((await self.session.execute(query)).scalars())

    async def principal_for(self, user_id: int) -> Principal | None:
        """The principal of an active user with their active grants, or None."""
        rows = (await self.session.execute(principal_select().where(User.id == user_id))).all()
        return principal_from_rows(rows)

    async def authenticate(self, email: str, password: str) -> User | None:
        """The active user with this email and password, or None (a dummy hash is checked when unknown)."""
        user = await self.by_email(email)
        stored = user.password_hash if user is not None and user.is_active else None
        if not verify_password(self.settings, stored, password) or user is None:
            return None
        if stored is not None and needs_rehash(self.settings, stored):
            user.password_hash = hash_password(self.settings, password)
            await self.session.flush()
        return user

    async def set_password(self, user_id: int, password: str) -> None:
        """Replace the user's password."""
        user = await self.get(user_id)
        user.password_hash = hash_password(self.settings, password)
        await self.session.flush()

    async def set_language(self, user_id: int, language: str) -> None:
        """Remember the user's preferred language."""
        on_commit(self.session, forget_all)
        (await self.get(user_id)).language = language
        await self.session.flush()

    async def set_active(self, user_id: int, *, active: bool, actor: str) -> None:
        """Enable or disable an account (audited)."""
        on_commit(self.session, forget_all)
        (await self.get(user_id)).is_active = active
        await self.session.flush()
        action = "auth.user_enabled" if active else "auth.user_disabled"
        await AuditService(self.session).record(actor=actor, action=action, subject=f"user:{user_id}")

    async def users(self, *, search: str = "", limit: int = 100, offset: int = 0) -> list[User]:
        """Users ordered by email, optionally filtered by email or name."""
        query = select(User).order_by(User.email).limit(limit).offset(offset)
        if search:
            like = f"%{search.lower()}%"
            query = query.where(func.lower(User.email).like(like) | func.lower(User.display_name).like(like))
        return list((await self.session.execute(query)).scalars())


class OrgService:
    """Regions, state bodies and their departments."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure_regions(self) -> None:
        """Insert any of the 20 regions that are missing (idempotent)."""
        present = set((await self.session.execute(select(Region.code))).scalars())
        for r in REGIONS:
            if r.code not in present:
                self.session.add(Region(code=r.code, name_kk=r.name_kk, name_ru=r.name_ru, name_en=r.name_en))
        await self.session.flush()

    async def regions(self) -> list[Region]:
        """Every region, in the shipped order."""
        found = {r.code: r for r in (await self.session.execute(select(Region))).scalars()}
        return [found[r.code] for r in REGIONS if r.code in found]

    async def create_body(
        self,
        *,
        name_kk: str,
        name_ru: str,
        name_en: str,
        region_code: str,
        parent_id: int | None = None,
        actor: str = "system",
    ) -> Body:
        """Register a state body in a region."""
        if await self.session.get(Region, region_code) is None:
            raise ClientException(f"Unknown region {region_code!r}.")
        if parent_id is not None:
            await self.body(parent_id)
        body = Body(
            name_kk=name_kk, name_ru=name_ru, name_en=name_en, region_code=region_code, parent_id=parent_id
        )
        self.session.add(body)
        await self.session.flush()
        await AuditService(self.session).record(
            actor=actor, action="auth.body_created", subject=f"body:{body.id}", details={"name": name_en}
        )
        return body

    async def create_department(
        self, *, body_id: int, name_kk: str, name_ru: str, name_en: str
    ) -> Department:
        """Add a department to a state body."""
        await self.body(body_id)
        dept = Department(body_id=body_id, name_kk=name_kk, name_ru=name_ru, name_en=name_en)
        self.session.add(dept)
        await self.session.flush()
        return dept

    async def bodies(self, region_code: str | None = None) -> list[Body]:
        """State bodies (of one region when given), by English name."""
        query = select(Body).order_by(Body.name_en)
        if region_code is not None:
            query = query.where(Body.region_code == region_code)
        return list((await self.session.execute(query)).scalars())

    async def body(self, body_id: int) -> Body:
        """The state body ``body_id``, or BodyNotFound."""
        body = await self.session.get(Body, body_id)
        if body is None:
            raise BodyNotFound(f"No state body {body_id}.")
        return body

    async def departments(self, body_id: int) -> list[Department]:
        """The departments of a body."""
        query = select(Department).where(Department.body_id == body_id).order_by(Department.name_en)
        return list((await self.session.execute(query)).scalars())

    async def body_by_name(self, name_en: str) -> Body | None:
        """The body with this English name, if any (used by the idempotent demo seed)."""
        return (await self.session.execute(select(Body).where(Body.name_en == name_en))).scalars().first()
