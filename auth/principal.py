"""Who is calling: the principal every guard and service reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """Roles of Adal; body-scoped roles are granted for one state body."""

    CANDIDATE = "candidate"
    HR_OFFICER = "hr_officer"
    COMMISSION_MEMBER = "commission_member"
    STAFF = "staff"
    TRAINING_ADMIN = "training_admin"
    AUDITOR = "auditor"
    ADMIN = "admin"


BODY_SCOPED = frozenset({Role.HR_OFFICER, Role.COMMISSION_MEMBER, Role.TRAINING_ADMIN})


@dataclass(frozen=True, slots=True)
class Grant:
    """A role, for one state body when the role is body-scoped (None = national)."""

    role: Role
    body_id: int | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated user and their grants."""

    user_id: int
    email: str
    grants: frozenset[Grant] = field(default_factory=frozenset)
    language: str = "ru"

    def has_role(self, *roles: Role) -> bool:
        """True when any grant carries one of ``roles``."""
        return any(g.role in roles for g in self.grants)

    def body_ids(self, role: Role) -> frozenset[int | None]:
        """The bodies for which this principal holds ``role`` (None means every body)."""
        return frozenset(g.body_id for g in self.grants if g.role == role)

    def may_act_for(self, role: Role, body_id: int) -> bool:
        """True when ``role`` is held for ``body_id`` or nationally."""
        scope = self.body_ids(role)
        return body_id in scope or None in scope
