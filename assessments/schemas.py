"""Request and response shapes of the assessments API (msgspec)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from msgspec import Struct


class TestRead(Struct):
    """A test a candidate can sit."""

    __test__ = False

    slug: str
    title: dict[str, str]
    time_limit_minutes: int
    item_count: int
    languages: list[str]
    adaptive: bool = False  # questions one at a time, chosen by the answers; item_count is the most


class StartSession(Struct):
    """Start (or resume) a sitting in a language."""

    language: str = "kk"


class QuestionRead(Struct):
    """One question as shown: options in the sitting's order, the saved response and its seq."""

    item_id: int
    position: int
    type: str
    stem: str
    options: list[str]
    response: Any = None
    seq: int = 0


class SessionState(Struct):
    """Everything the test page needs to (re)draw itself; the clock is the server's."""

    id: int
    test: str
    title: str
    status: str
    language: str
    started_at: datetime
    deadline_at: datetime
    remaining_seconds: int
    answered: int
    questions: list[QuestionRead]
    adaptive: bool = False  # the last question is the current one; earlier ones are not revisited
    max_questions: int | None = None  # an adaptive test's most questions


class SaveAnswer(Struct):
    """A response to one question and the client's sequence number for it."""

    response: Any
    seq: int


class Saved(Struct):
    """The save is durable; ``seq`` is the newest the server holds (may exceed a stale retry's)."""

    saved: bool
    seq: int


class SessionEventIn(Struct):
    """Something the test page noticed (focus loss, paste, reconnect)."""

    kind: str
    details: dict[str, Any] = {}


class SectionRead(Struct):
    """Result of one blueprint section."""

    label: str
    items: int
    correct: int
    raw: float
    max: float
    min_correct: int
    passed: bool


class ResultRead(Struct):
    """A sitting's result."""

    session_id: int
    test: str
    status: str
    passed: bool | None
    total: float | None
    max_total: float | None
    correct: int | None
    theta: float | None
    sections: list[SectionRead]
    reasons: list[str]
    submitted_at: datetime | None
    rescored_at: datetime | None
    certificate_code: str | None = None
    theta_se: float | None = None  # the ability's standard error (calibrated and adaptive tests)


class AppealIn(Struct):
    """An appeal: kind question/technical/rules; ``item_id`` for a question."""

    kind: str
    text: str
    item_id: int | None = None


class AppealRead(Struct):
    """An appeal and its outcome."""

    id: int
    session_id: int
    item_id: int | None
    kind: str
    text: str
    status: str
    resolution: str | None
    action: str | None
    filed_at: datetime
    decided_at: datetime | None


class AppealDecision(Struct):
    """A reviewer's decision; an upheld question appeal may re-key (``answer``) or void the item."""

    upheld: bool
    resolution: str
    action: str = "none"
    answer: dict[str, Any] | None = None


class FlagRead(Struct):
    """An integrity flag in the moderation queue."""

    id: int
    session_id: int
    peer_session_id: int | None
    kind: str
    features: dict[str, Any]
    status: str
    reason: str | None
    created_at: datetime


class FlagDecision(Struct):
    """Confirm or clear a flag, with the reason."""

    status: str
    reason: str


class FlagSitting(Struct):
    """Compute flags for one day's sitting of a test."""

    day: date


class ItemWrite(Struct):
    """An item in the exchange format (docs/item-format.md)."""

    key: str
    type: str
    content: dict[str, Any]
    answer: dict[str, Any]
    tags: dict[str, str] = {}
    status: str = "draft"
    explanation: dict[str, str] = {}


class ItemRead(Struct):
    """One stored item version."""

    id: int
    bank: str
    key: str
    version: int
    type: str
    status: str
    tags: dict[str, str]
    content: dict[str, Any]
    answer: dict[str, Any]
    exposure: int
    voided: bool
    irt: dict[str, Any] | None


class ItemSaved(Struct):
    """The stored version and what happened (created, versioned, updated, unchanged)."""

    item: ItemRead
    outcome: str


class StatusChange(Struct):
    """A new status for an item version."""

    status: str


class ImportReportRead(Struct):
    """What an import did."""

    test: str
    created: int
    versioned: int
    updated: int
    unchanged: int


class Calibrate(Struct):
    """Which IRT model to fit."""

    model: str = "2pl"


class ExtraTime(Struct):
    """Accommodation: extra minutes for an open sitting."""

    minutes: int


class VerificationRead(Struct):
    """Public verification: validity, test, holder, dates; nothing else."""

    valid: bool
    status: str
    test: str
    holder_name: str
    issued_on: date
    valid_until: date


class AccommodationIn(Struct):
    """Standing extra time for the candidate with this e-mail address (1 to 240 minutes)."""

    email: str
    minutes: int
    note: str = ""


class AccommodationRead(Struct):
    """A candidate's standing extra time."""

    user_id: int
    email: str
    display_name: str
    minutes: int
    note: str
    granted_at: datetime
