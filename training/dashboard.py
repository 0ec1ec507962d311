"""Completion dashboards: GROUP BY aggregates fed to the heat map engine, series, overdue lists, exports."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import openpyxl
from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from training.directory import BodyInfo, bodies
from training.heatmap import CompletionRow, HeatMap, WeekPoint, build_heatmap, weekly_cumulative
from training.models import Course, Enrolment, StaffMember


@dataclass(frozen=True, slots=True)
class Filters:
    """What a dashboard shows: one course or all, a body scope (None = national), a region, a day."""

    course_id: int | None = None
    body_ids: frozenset[int] | None = None
    region: str | None = None
    as_of: date = field(default_factory=lambda: datetime.now(UTC).date())


@dataclass(frozen=True, slots=True)
class OverdueRow:
    """One overdue enrolment (personal data: admins only)."""

    enrolment_id: int
    personnel_number: str
    full_name: str
    body: str
    department: str
    course: str
    due_date: date
    days_overdue: int


def _scoped(query: Any, filters: Filters, known: dict[int, BodyInfo]) -> Any:
    if filters.course_id is not None:
        query = query.where(Enrolment.course_id == filters.course_id)
    ids: set[int] | None = set(filters.body_ids) if filters.body_ids is not None else None
    if filters.region:
        in_region = {i for i, b in known.items() if b.region_code == filters.region}
        ids = in_region if ids is None else ids & in_region
    if ids is not None:
        query = query.where(Enrolment.body_id.in_(sorted(ids)))
    return query


class DashboardService:
    """Aggregates over enrolments × roster; every figure comes from one GROUP BY query."""

    def __init__(self, session: AsyncSession, lang: str = "ru") -> None:
        self.session = session
        self.lang = lang

    async def completion_rows(self, filters: Filters) -> list[CompletionRow]:
        """Assigned, completed and overdue counts per (body, department)."""
        known = await bodies(self.session, self.lang)
        completed = Enrolment.status == "completed"
        overdue = (Enrolment.status != "completed") & (Enrolment.due_date < filters.as_of)
        query = select(
            Enrolment.body_id,
            Enrolment.department,
            func.count(),
            func.sum(case((completed, 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
        ).group_by(Enrolment.body_id, Enrolment.department)
        rows = (await self.session.execute(_scoped(query, filters, known))).all()
        out = []
        for body_id, department, assigned, done, late in rows:
            info = known.get(int(body_id)) or BodyInfo(int(body_id), f"#{body_id}", "", "—")
            out.append(
                CompletionRow(info.region, info.name, department or "—", assigned, int(done), int(late))
            )
        return out

    async def heatmap(self, filters: Filters) -> HeatMap:
        """Region × body heat map with small-count suppression."""
        return build_heatmap(await self.completion_rows(filters))

    async def by_course(self, filters: Filters) -> list[tuple[Course, int, int]]:
        """(course, assigned, completed) per course."""
        known = await bodies(self.session, self.lang)
        completed = func.sum(case((Enrolment.status == "completed", 1), else_=0))
        query = select(Enrolment.course_id, func.count(), completed).group_by(Enrolment.course_id)
        counts = {
            cid: (n, int(c))
            for cid, n, c in (await self.session.execute(_scoped(query, filters, known))).all()
        }
        courses = (await self.session.execute(select(Course).order_by(Course.slug))).scalars()
        return [(c, *counts.get(c.id, (0, 0))) for c in courses]

    async def weekly(self, filters: Filters, *, weeks: int = 26) -> list[WeekPoint]:
        """Completions per week over the last ``weeks`` weeks, with the running total."""
        known = await bodies(self.session, self.lang)
        day = func.date(Enrolment.completed_at)
        start = filters.as_of - timedelta(weeks=weeks)
        since = datetime.combine(start - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        query = select(day, func.count()).where(Enrolment.completed_at >= since).group_by(day)
        per_day = [
            (_as_date(d), int(n)) for d, n in (await self.session.execute(_scoped(query, filters, known)))
        ]
        # The engine aligns the weeks; counts arrive already aggregated per day, so they are added here
        # rather than expanded into one date per completion (275,000 of them at national scale).
        skeleton = weekly_cumulative((), start=start, end=filters.as_of)
        per_week = Counter[date]()
        for d, n in per_day:
            if start <= d <= filters.as_of:
                per_week[d - timedelta(days=d.weekday())] += n
        running, points = 0, []
        for point in skeleton:
            running += per_week[point.week_start]
            points.append(WeekPoint(point.week_start, per_week[point.week_start], running))
        return points

    async def overdue(self, filters: Filters, *, limit: int = 200) -> list[OverdueRow]:
        """The most overdue open enrolments in scope."""
        known = await bodies(self.session, self.lang)
        query = (
            select(Enrolment.id, StaffMember, Course.title, Enrolment.due_date)
            .join(StaffMember, StaffMember.id == Enrolment.staff_id)
            .join(Course, Course.id == Enrolment.course_id)
            .where(Enrolment.due_date < filters.as_of, Enrolment.status != "completed")
            .order_by(Enrolment.due_date, Enrolment.id)
            .limit(limit)
        )
        out = []
        for eid, staff, title, due in (await self.session.execute(_scoped(query, filters, known))).all():
            body = known.get(staff.body_id)
            out.append(
                OverdueRow(
                    eid,
                    staff.personnel_number,
                    staff.full_name,
                    body.name if body else f"#{staff.body_id}",
                    staff.department,
                    title.get(self.lang) or title.get("ru", ""),
                    due,
                    (filters.as_of - due).days,
                )
            )
        return out


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


EXPORT_HEADER = ("region", "body", "department", "assigned", "completed", "overdue", "completion_rate")


def _export_rows(rows: list[CompletionRow]) -> Iterator[tuple[Any, ...]]:
    for r in sorted(rows, key=lambda r: (r.region, r.body, r.department)):
        rate = round(r.completed / r.assigned, 4) if r.assigned else 0.0
        yield (r.region, r.body, r.department, r.assigned, r.completed, r.overdue, rate)


def export_csv(rows: list[CompletionRow]) -> bytes:
    """Department rows as CSV (UTF-8 with BOM so Excel reads Cyrillic)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADER)
    writer.writerows(_export_rows(rows))
    return "\ufeff".encode() + buffer.getvalue().encode()


def export_xlsx(rows: list[CompletionRow]) -> bytes:
    """Department rows as an XLSX workbook."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Completion")
    sheet.append(list(EXPORT_HEADER))
    for row in _export_rows(rows):
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
