"""Sitting rules the whole domain shares: the server clock, the grace after a deadline, conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from litestar.exceptions import HTTPException

GRACE_SECONDS = 5
MAX_RESPONSE_BYTES = 16_000


class Conflict(HTTPException):
    """The request is valid but the sitting's state forbids it."""

    status_code = 409


class SittingClosed(Conflict):
    """The sitting was submitted or its time is up: no more answers."""


class RetakeTooSoon(Conflict):
    """A candidate may sit the same test again only after the retake period."""


@dataclass(frozen=True, slots=True)
class SaveResult:
    """Outcome of a save: ``seq`` is what the server now holds; ``applied`` is False for a stale retry."""

    saved: bool
    seq: int
    applied: bool


def now_utc() -> datetime:
    """The server clock (the only clock a deadline trusts)."""
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """A stored time as UTC (SQLite hands back naive datetimes)."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def past_deadline(deadline_at: datetime, now: datetime) -> bool:
    """True once the deadline and its grace have passed."""
    return now > aware(deadline_at) + timedelta(seconds=GRACE_SECONDS)
