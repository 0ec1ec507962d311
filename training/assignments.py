"""Assignments: a course for a body, a department, a position (role) or a person, expanded to enrolments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Date, Integer, String, and_, func, literal, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from auth.audit.service import AuditService
from training.bulk import upsert_insert
from training.errors import Invalid, NotFound
from training.learning import LearningService
from training.models import Assignment, Course, Enrolment, StaffMember, Stamp

TARGET_KINDS = ("body", "department", "role", "person")
HIRED_PREFIX = "HIRED-"  # placeholder personnel number until the roster brings the real one


class AssignmentService:
    """Creating assignments and turning them into enrolments (idempotently)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def assign(
        self,
        course_id: int,
        *,
        target_kind: str,
        body_id: int | None,
        target_ref: str = "",
        due_date: date,
        mandatory: bool = True,
        actor: str,
        created_by: int | None = None,
    ) -> tuple[Assignment, int]:
        """Create an assignment and enrol everyone it targets; returns it and the number newly enrolled."""
        if target_kind not in TARGET_KINDS:
            raise Invalid(f"target_kind must be one of {', '.join(TARGET_KINDS)}")
        if target_kind in ("body", "department") and body_id is None:
            raise Invalid("A body or department assignment names the body.")
        if target_kind != "body" and not target_ref.strip():
            raise Invalid("Name the department, position or personnel number.")
        if await self.session.get(Course, course_id) is None:
            raise NotFound("No such course.")
        assignment = Assignment(
            course_id=course_id,
            target_kind=target_kind,
            body_id=body_id,
            target_ref=target_ref.strip(),
            due_date=due_date,
            mandatory=mandatory,
            created_by=created_by,
            created_at=datetime.now(UTC),
        )
        self.session.add(assignment)
        await self.session.flush()
        added = await self.expand(assignment)
        await AuditService(self.session).record(
            actor=actor,
            action="training.course_assigned",
            subject=f"training_assignment:{assignment.id}",
            details={"course_id": course_id, "target": target_kind, "body_id": body_id, "enrolled": added},
        )
        return assignment, added

    def _targets(self, assignment: Assignment) -> Any:
        """The WHERE clause selecting the staff an assignment targets."""
        clauses: list[ColumnElement[bool]] = [StaffMember.active.is_(True)]
        if assignment.body_id is not None:
            clauses.append(StaffMember.body_id == assignment.body_id)
        ref = assignment.target_ref
        if assignment.target_kind == "department":
            clauses.append(func.lower(StaffMember.department) == ref.lower())
        elif assignment.target_kind == "role":
            clauses.append(func.lower(StaffMember.position) == ref.lower())
        elif assignment.target_kind == "person":
            clauses.append(StaffMember.personnel_number == ref)
        return and_(true(), *clauses)

    async def expand(self, assignment: Assignment) -> int:
        """Enrol every targeted staff member not yet enrolled in the course (one INSERT ... SELECT)."""
        course = await self.session.get(Course, assignment.course_id)
        assert course is not None
        source = select(
            StaffMember.id,
            StaffMember.body_id,
            StaffMember.department,
            literal(assignment.course_id, Integer),
            literal(assignment.id, Integer),
            literal("assignment", String),
            literal(assignment.mandatory, Boolean),
            literal(datetime.now(UTC), Stamp),
            literal(assignment.due_date, Date),
            literal("enrolled", String),
            literal(course.revision, Integer),
        ).where(self._targets(assignment))
        columns = [
            "staff_id",
            "body_id",
            "department",
            "course_id",
            "assignment_id",
            "source",
            "mandatory",
            "enrolled_at",
            "due_date",
            "status",
            "course_revision",
        ]
        statement = (
            upsert_insert(self.session, Enrolment)
            .from_select(columns, source)
            .on_conflict_do_nothing(index_elements=["staff_id", "course_id"])
        )
        result = await self.session.execute(statement)
        return max(int(getattr(result, "rowcount", 0) or 0), 0)

    async def expand_open(self) -> int:
        """Re-expand every assignment still running (after a roster import brought new staff)."""
        today = datetime.now(UTC).date()
        query = select(Assignment).where(Assignment.due_date >= today - timedelta(days=365))
        total = 0
        for assignment in (await self.session.execute(query)).scalars():
            total += await self.expand(assignment)
        return total

    async def assignments(self, body_ids: frozenset[int | None]) -> list[tuple[Assignment, int]]:
        """Assignments visible in a scope (None in ``body_ids`` means national), with enrolment counts."""
        counts = (
            select(Enrolment.assignment_id, func.count().label("n"))
            .group_by(Enrolment.assignment_id)
            .subquery()
        )
        query = (
            select(Assignment, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.assignment_id == Assignment.id)
            .order_by(Assignment.id.desc())
        )
        if None not in body_ids:
            query = query.where(Assignment.body_id.in_([b for b in body_ids if b is not None]))
        return [(a, int(n)) for a, n in (await self.session.execute(query)).all()]

    async def enrol_hired(
        self, *, user_id: int, body_id: int, contact: tuple[str, str] | None
    ) -> list[Enrolment]:
        """Enrol a newly hired civil servant in every mandatory course (creating their roster entry)."""
        learning = LearningService(self.session)
        staff = (
            await self.session.execute(select(StaffMember).where(StaffMember.user_id == user_id))
        ).scalar()
        if staff is None:
            email, name = contact or (f"user-{user_id}@unknown.invalid", f"#{user_id}")
            staff = StaffMember(
                personnel_number=f"{HIRED_PREFIX}{user_id}",
                user_id=user_id,
                full_name=name,
                email=email,
                body_id=body_id,
                updated_at=datetime.now(UTC),
            )
            self.session.add(staff)
            await self.session.flush()
        courses = (await self.session.execute(select(Course).where(Course.mandatory.is_(True)))).scalars()
        return [await learning.enrol(staff.id, c.id, source="hire") for c in courses]
