"""What the training routes share: who is calling, their body scope, their roster entry."""

from __future__ import annotations

from typing import Any

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from auth.guards import principal_of, requires_role
from auth.principal import Principal, Role
from training.errors import Forbidden, NotFound
from training.learning import LearningService
from training.models import Enrolment, StaffMember

LEARNER = requires_role(Role.STAFF, Role.TRAINING_ADMIN, Role.ADMIN)
TRAINING_ADMIN = requires_role(Role.TRAINING_ADMIN, Role.ADMIN)


def me(request: Request[Any, Any, Any]) -> Principal:
    """The signed-in principal (routes using this are guarded)."""
    principal = principal_of(request)
    if principal is None:
        raise Forbidden("Sign in to continue.")
    return principal


def actor(principal: Principal) -> str:
    """How the audit log names a user."""
    return f"user:{principal.user_id}"


def admin_scope(principal: Principal) -> frozenset[int | None]:
    """Bodies a training admin may see and manage; None inside means every body (national)."""
    if principal.has_role(Role.ADMIN):
        return frozenset({None})
    return principal.body_ids(Role.TRAINING_ADMIN)


def body_filter(scope: frozenset[int | None]) -> frozenset[int] | None:
    """The dashboard filter of a scope: None for national, else the body ids."""
    return None if None in scope else frozenset(b for b in scope if b is not None)


def check_body(scope: frozenset[int | None], body_id: int | None) -> None:
    """Refuse a body outside the caller's scope (and national actions to body-scoped admins)."""
    if None in scope:
        return
    if body_id is None or body_id not in scope:
        raise Forbidden("This state body is outside your scope.")


def is_national(scope: frozenset[int | None]) -> bool:
    """True for national training admins and admins (course editing is national)."""
    return None in scope


async def learner_enrolment(
    request: Request[Any, Any, Any], session: AsyncSession, course_id: int
) -> tuple[Principal, Enrolment]:
    """The caller and their enrolment in ``course_id`` (NotFound when not on the roster or not enrolled)."""
    principal, staff = await learner(request, session)
    return principal, await LearningService(session).enrolment_for(staff.id, course_id)


async def learner(request: Request[Any, Any, Any], session: AsyncSession) -> tuple[Principal, StaffMember]:
    """The caller and their roster entry, or NotFound when they are not on the roster."""
    principal = me(request)
    staff = await LearningService(session).staff_for_user(principal.user_id, principal.email)
    if staff is None:
        raise NotFound("You are not on the staff roster yet; ask your training administrator.")
    return principal, staff
