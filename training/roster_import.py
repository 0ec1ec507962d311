"""Roster import: upload, then a job upserts staff by personnel number in batches with a row error report."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth.audit.service import AuditService
from training.assignments import HIRED_PREFIX, AssignmentService
from training.bulk import upsert_insert
from training.directory import body_index, lookup_body
from training.errors import Invalid, NotFound
from training.models import Enrolment, RosterImport, StaffMember
from training.roster import MAX_ROSTER_BYTES, RosterFormatError, RosterRow, RowError, parse_roster
from workers import runtime
from workers.jobs import enqueue_after_commit

IMPORT_JOB = "training.import_roster"
BATCH = 2000
MAX_STORED_ERRORS = 1000
Checkpoint = Callable[[], Awaitable[None]]


def upload_path(session: AsyncSession, import_id: int) -> Path:
    """Where the uploaded file of an import waits for the job."""
    return runtime.settings_of(session).var_dir / "training" / "roster" / f"{import_id}.upload"


class RosterImportService:
    """Roster uploads and their processing."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def start_import(
        self, filename: str, data: bytes, *, body_scope: int | None, user_id: int | None
    ) -> RosterImport:
        """Store the file and queue the import job (run after commit)."""
        if not data:
            raise Invalid("The file is empty.")
        if len(data) > MAX_ROSTER_BYTES:
            raise Invalid("The file is too large.")
        record = RosterImport(
            filename=filename[:255] or "roster",
            body_scope=body_scope,
            status="queued",
            errors=[],
            created_by=user_id,
            created_at=datetime.now(UTC),
        )
        self.session.add(record)
        await self.session.flush()
        path = upload_path(self.session, record.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        enqueue_after_commit(self.session, IMPORT_JOB, record.id)
        return record

    async def get(self, import_id: int) -> RosterImport:
        """One import, or NotFound."""
        record = await self.session.get(RosterImport, import_id)
        if record is None:
            raise NotFound("No such import.")
        return record

    async def recent(self, body_scope: frozenset[int | None], *, limit: int = 20) -> list[RosterImport]:
        """Latest imports visible in a scope."""
        query = select(RosterImport).order_by(RosterImport.id.desc()).limit(limit)
        if None not in body_scope:
            query = query.where(RosterImport.body_scope.in_([b for b in body_scope if b is not None]))
        return list((await self.session.execute(query)).scalars())

    async def run_import(self, import_id: int, *, checkpoint: Checkpoint) -> RosterImport:
        """Parse the stored file and upsert every valid row; ``checkpoint`` commits after each batch."""
        record = await self.get(import_id)
        if record.status == "done":
            return record
        path = upload_path(self.session, import_id)
        try:
            parsed = list(parse_roster(path.read_bytes(), record.filename))
        except (RosterFormatError, OSError) as exc:
            return await self._finish(record, "failed", str(exc))
        rows = [r for r in parsed if isinstance(r, RosterRow)]
        errors = [self._error(e) for e in parsed if isinstance(e, RowError)]
        record.status, record.processed, record.inserted, record.updated = "running", 0, 0, 0
        record.total = len(rows) + len({e["row"] for e in errors})
        record.errors, record.error_count = errors[:MAX_STORED_ERRORS], len(errors)
        record.processed = len({e["row"] for e in errors})
        await checkpoint()
        bodies = await body_index(self.session)
        for start in range(0, len(rows), BATCH):
            await self._upsert_batch(record, rows[start : start + BATCH], bodies)
            await checkpoint()
        await AssignmentService(self.session).expand_open()
        await AuditService(self.session).record(
            actor=f"user:{record.created_by}" if record.created_by else "system",
            action="training.roster_imported",
            subject=f"training_roster_import:{record.id}",
            details={"inserted": record.inserted, "updated": record.updated, "errors": record.error_count},
        )
        return await self._finish(record, "done", None)

    @staticmethod
    def _error(e: RowError) -> dict[str, Any]:
        return {"row": e.row_number, "field": e.field, "code": e.code, "message": e.message}

    async def _finish(self, record: RosterImport, status: str, message: str | None) -> RosterImport:
        record.status, record.message, record.finished_at = status, message, datetime.now(UTC)
        await self.session.flush()
        path = upload_path(self.session, record.id)
        if status == "done":
            path.unlink(missing_ok=True)
        return record

    async def _upsert_batch(
        self, record: RosterImport, rows: list[RosterRow], bodies: dict[str, int]
    ) -> None:
        """Upsert one batch by personnel number; rows naming an unknown or foreign body become errors."""
        now = datetime.now(UTC)
        values: list[dict[str, Any]] = []
        for row in rows:
            body_id = lookup_body(bodies, row.body)
            problem = self._body_problem(record, body_id, row)
            if problem is not None:
                record.error_count += 1
                if len(record.errors) < MAX_STORED_ERRORS:
                    record.errors = [*record.errors, problem]
                continue
            values.append(
                {
                    "personnel_number": row.personnel_number,
                    "full_name": row.full_name,
                    "email": row.email,
                    "body_id": body_id,
                    "department": row.department,
                    "position": row.position,
                    "active": True,
                    "updated_at": now,
                }
            )
        if values:
            await self._adopt_hired(values)
            numbers = [v["personnel_number"] for v in values]
            known = select(StaffMember.personnel_number).where(StaffMember.personnel_number.in_(numbers))
            existing = len(set((await self.session.execute(known)).scalars()))
            statement = upsert_insert(self.session, StaffMember)
            columns = ("full_name", "email", "body_id", "department", "position", "active", "updated_at")
            statement = statement.on_conflict_do_update(
                index_elements=["personnel_number"], set_={c: statement.excluded[c] for c in columns}
            )
            await self.session.execute(statement, values)
            record.inserted += len(values) - existing
            record.updated += existing
            if existing:
                await self._move_enrolments(values)
        record.processed += len(rows)
        await self.session.flush()

    async def _adopt_hired(self, values: list[dict[str, Any]]) -> None:
        """Give people hired through Adal their roster number, so the upsert updates them, not duplicates."""
        query = select(StaffMember).where(StaffMember.personnel_number.startswith(HIRED_PREFIX))
        placeholders = {s.email.lower(): s for s in (await self.session.execute(query)).scalars()}
        if not placeholders:
            return
        numbers = [v["personnel_number"] for v in values if v["email"] in placeholders]
        known = select(StaffMember.personnel_number).where(StaffMember.personnel_number.in_(numbers))
        taken = set((await self.session.execute(known)).scalars())
        for v in values:
            staff = placeholders.get(v["email"])
            if staff is not None and v["personnel_number"] not in taken:
                staff.personnel_number = v["personnel_number"]
        await self.session.flush()

    async def _move_enrolments(self, values: list[dict[str, Any]]) -> None:
        """Keep the place copied onto enrolments in step with staff who changed body or department."""
        numbers = [v["personnel_number"] for v in values]
        query = select(StaffMember.id, StaffMember.body_id, StaffMember.department).where(
            StaffMember.personnel_number.in_(numbers)
        )
        moves = [
            {"sid": sid, "body": body_id, "dept": department}
            for sid, body_id, department in (await self.session.execute(query)).all()
        ]
        table = cast(Table, Enrolment.__table__)  # Core, so a list of parameters is a plain executemany
        statement = (
            update(table)
            .where(
                table.c.staff_id == bindparam("sid"),
                or_(table.c.body_id != bindparam("body"), table.c.department != bindparam("dept")),
            )
            .values(body_id=bindparam("body"), department=bindparam("dept"))
        )
        await self.session.execute(statement, moves)

    @staticmethod
    def _body_problem(record: RosterImport, body_id: int | None, row: RosterRow) -> dict[str, Any] | None:
        if body_id is None:
            message = f"unknown state body '{row.body}'"
            return {"row": row.row_number, "field": "body", "code": "unknown_body", "message": message}
        if record.body_scope is not None and body_id != record.body_scope:
            message = f"'{row.body}' is outside the bodies you may import"
            return {"row": row.row_number, "field": "body", "code": "out_of_scope", "message": message}
        return None
