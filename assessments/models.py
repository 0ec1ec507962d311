"""Tables of the assessments domain: item bank, tests, sittings, answers, integrity, appeals, certificates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import BigIntIdentity as BigId
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

Stamp = DateTimeUTC(timezone=True)

ITEM_STATUSES = ("draft", "pilot", "active", "retired")
SESSION_STATUSES = ("open", "submitted", "voided")
FLAG_STATUSES = ("open", "confirmed", "cleared")
APPEAL_KINDS = ("question", "technical", "rules")
APPEAL_STATUSES = ("open", "upheld", "rejected")
EVENT_KINDS = ("focus_loss", "paste", "reconnect", "ip_change")


class Item(DefaultBase):
    """One version of a bank item; once shown its content never changes (an edit adds a version)."""

    __tablename__ = "assessments_item"
    __table_args__ = (
        UniqueConstraint("key", "version"),
        Index("ix_assessments_item_bank_status", "bank", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bank: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    type: Mapped[str] = mapped_column(String(16))
    tags: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    explanation: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    exposure: Mapped[int] = mapped_column(Integer, default=0)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    irt: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(Stamp)


class AssessmentTest(DefaultBase):
    """A test and its blueprint (sections, pass mark, time limit, validity, retake and appeal windows)."""

    __tablename__ = "assessments_test"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    blueprint: Mapped[dict[str, Any]] = mapped_column(JSON)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)


class TestSession(DefaultBase):
    """One candidate's sitting of a test: the drawn form, the server-side deadline and the result."""

    __tablename__ = "assessments_session"
    __test__ = False  # not a pytest class
    __table_args__ = (Index("ix_assessments_session_candidate_test", "candidate_id", "test_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("auth_user.id"), index=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("assessments_test.id"))
    # "candidate:test" while open, NULL after: at most one open sitting per candidate and test.
    open_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    form: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2))
    started_at: Mapped[datetime] = mapped_column(Stamp)
    deadline_at: Mapped[datetime] = mapped_column(Stamp)
    extra_time_minutes: Mapped[int] = mapped_column(Integer, default=0)
    start_ip: Mapped[str | None] = mapped_column(String(64))
    last_ip: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(Stamp)
    submitted_by: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    score: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    theta: Mapped[float | None] = mapped_column(Float)
    theta_se: Mapped[float | None] = mapped_column(Float)  # posterior SD of the EAP theta
    rescored_at: Mapped[datetime | None] = mapped_column(Stamp)
    exposure_counted: Mapped[bool] = mapped_column(Boolean, default=False)


class Accommodation(DefaultBase):
    """A candidate's standing extra time (WCAG 2.2.1 accommodation), added to every sitting they start."""

    __tablename__ = "assessments_accommodation"

    user_id: Mapped[int] = mapped_column(ForeignKey("auth_user.id", ondelete="CASCADE"), primary_key=True)
    extra_minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    granted_by: Mapped[int] = mapped_column(ForeignKey("auth_user.id"))
    granted_at: Mapped[datetime] = mapped_column(Stamp)


class FormItem(DefaultBase):
    """An item on a sitting's form: the answer path checks membership by this key, not in the form JSON."""

    __tablename__ = "assessments_form_item"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("assessments_session.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("assessments_item.id"), primary_key=True)


class Answer(DefaultBase):
    """The latest response to one item of a sitting; ``seq`` orders the client's saves."""

    __tablename__ = "assessments_answer"
    __table_args__ = (UniqueConstraint("session_id", "item_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("assessments_session.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("assessments_item.id"))
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    saved_at: Mapped[datetime] = mapped_column(Stamp)
    first_saved_at: Mapped[datetime | None] = mapped_column(Stamp)
    changes: Mapped[int] = mapped_column(Integer, default=0)


class SessionEvent(DefaultBase):
    """Something the client or server noticed during a sitting (focus loss, paste, reconnect, IP change)."""

    __tablename__ = "assessments_session_event"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("assessments_session.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(Stamp)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Flag(DefaultBase):
    """An integrity flag in the moderation queue; a person confirms or clears it. Never changes a score."""

    __tablename__ = "assessments_flag"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("assessments_session.id"), index=True)
    peer_session_id: Mapped[int | None] = mapped_column(ForeignKey("assessments_session.id"))
    kind: Mapped[str] = mapped_column(String(16))
    features: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("auth_user.id"))
    created_at: Mapped[datetime] = mapped_column(Stamp)
    decided_at: Mapped[datetime | None] = mapped_column(Stamp)


class Appeal(DefaultBase):
    """A candidate's appeal against a question, a technical fault or a breach of the rules."""

    __tablename__ = "assessments_appeal"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("assessments_session.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("assessments_item.id"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    resolution: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(String(16))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("auth_user.id"))
    filed_at: Mapped[datetime] = mapped_column(Stamp)
    decided_at: Mapped[datetime | None] = mapped_column(Stamp)


class Certificate(DefaultBase):
    """A verifiable certificate of a passed sitting."""

    __tablename__ = "assessments_certificate"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("assessments_session.id"), unique=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_reason: Mapped[str | None] = mapped_column(Text)


class EssayScore(DefaultBase):
    """The commission's points for one essay answer (the mean of its reviewers; 0 for a blank essay)."""

    __tablename__ = "assessments_essay_score"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("assessments_session.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("assessments_item.id"), primary_key=True)
    points: Mapped[float] = mapped_column(Float)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    recorded_at: Mapped[datetime] = mapped_column(Stamp)
