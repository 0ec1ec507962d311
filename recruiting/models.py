"""Recruiting tables: vacancies, the PII vault, merit profiles, applications and their stages.

Personal data lives only in ``recruiting_pii_record`` (encrypted) and ``recruiting_demographics``
(volunteered, aggregated for the auditor only); raw free texts live in ``recruiting_application_text``,
apart from what HR reads. Other domains' tables are referenced by name only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from advanced_alchemy.base import DefaultBase
from advanced_alchemy.types import BigIntIdentity as BigId
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

When = DateTimeUTC(timezone=True)
USER_FK = "auth_user.id"


class Vacancy(DefaultBase):
    """A post of one state body, open for applications within a window."""

    __tablename__ = "recruiting_vacancy"
    __table_args__ = (
        Index("ix_recruiting_vacancy_search", "status", "region_code", "category", "published_at"),
        Index("ix_recruiting_vacancy_body_status", "body_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("auth_body.id"))
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON)
    category: Mapped[str] = mapped_column(String(8))
    region_code: Mapped[str] = mapped_column(ForeignKey("auth_region.code"))
    requirements: Mapped[dict[str, Any]] = mapped_column(JSON)
    assessments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    commission: Mapped[list[int]] = mapped_column(JSON, default=list)
    senior: Mapped[bool] = mapped_column(Boolean, default=False)
    opens_at: Mapped[datetime] = mapped_column(When)
    closes_at: Mapped[datetime] = mapped_column(When)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey(USER_FK))
    created_at: Mapped[datetime] = mapped_column(When)
    published_at: Mapped[datetime | None] = mapped_column(When)


class PiiRecord(DefaultBase):
    """A candidate's personal data, AES-GCM encrypted; ``key_id`` names the key for rotation."""

    __tablename__ = "recruiting_pii_record"

    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK), primary_key=True, autoincrement=False)
    key_id: Mapped[str] = mapped_column(String(16), index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(16))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(When)


class MeritProfile(DefaultBase):
    """What HR and the commission may see about a candidate (shown k-anonymised)."""

    __tablename__ = "recruiting_merit_profile"

    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK), primary_key=True, autoincrement=False)
    education_level: Mapped[str] = mapped_column(String(32), default="secondary")
    field_of_study: Mapped[str] = mapped_column(String(120), default="")
    years_experience: Mapped[float] = mapped_column(Float, default=0.0)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    wants_matches: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(When)


class Demographics(DefaultBase):
    """Volunteered equality data: never shown to HR, only aggregated (groups ≥ 10) for the auditor."""

    __tablename__ = "recruiting_demographics"

    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK), primary_key=True, autoincrement=False)
    gender: Mapped[str | None] = mapped_column(String(24))
    age_band: Mapped[str | None] = mapped_column(String(16))
    region_of_origin: Mapped[str | None] = mapped_column(String(40))
    ethnicity: Mapped[str | None] = mapped_column(String(40))
    disability: Mapped[str | None] = mapped_column(String(24))


class CandidateResult(DefaultBase):
    """The latest result of a candidate in one assessment, as announced by the assessments domain."""

    __tablename__ = "recruiting_candidate_result"
    __table_args__ = (UniqueConstraint("user_id", "test"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK))
    test: Mapped[str] = mapped_column(String(40))
    session_id: Mapped[int | None] = mapped_column(BigId)
    score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    theta: Mapped[float | None] = mapped_column(Float)
    theta_se: Mapped[float | None] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column(When)


class Application(DefaultBase):
    """One candidate's application to one vacancy, known to HR only by its pseudonymous ``code``."""

    __tablename__ = "recruiting_application"
    __table_args__ = (
        UniqueConstraint("user_id", "vacancy_id"),
        Index("ix_recruiting_application_vacancy_status", "vacancy_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("recruiting_vacancy.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(24), default="submitted")
    submitted_at: Mapped[datetime] = mapped_column(When)
    motivation_anon: Mapped[str | None] = mapped_column(Text)
    cv_anon: Mapped[str | None] = mapped_column(Text)
    anonymized_at: Mapped[datetime | None] = mapped_column(When)
    eligible: Mapped[bool | None] = mapped_column(Boolean)
    eligibility_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)


class ApplicationText(DefaultBase):
    """The raw texts a candidate submitted, kept apart: read only by the anonymisation job."""

    __tablename__ = "recruiting_application_text"

    application_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("recruiting_application.id", ondelete="CASCADE"), primary_key=True
    )
    motivation: Mapped[str] = mapped_column(Text)
    cv_text: Mapped[str] = mapped_column(Text, default="")
    cv_kind: Mapped[str | None] = mapped_column(String(8))
    cv_bytes: Mapped[int] = mapped_column(Integer, default=0)


class StatusChange(DefaultBase):
    """One step of an application's timeline."""

    __tablename__ = "recruiting_status_change"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("recruiting_application.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey(USER_FK))
    note: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(When)


class Score(DefaultBase):
    """An application's composite and rank in its vacancy, rewritten in bulk on every re-rank.

    A derived read model: no foreign keys, so rewriting 100,000 rows skips 100,000 key checks.
    """

    __tablename__ = "recruiting_score"
    __table_args__ = (Index("ix_recruiting_score_vacancy_position", "vacancy_id", "position"),)

    application_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    vacancy_id: Mapped[int] = mapped_column(BigId)
    composite: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer)
    merit_rank: Mapped[int] = mapped_column(Integer)
    admitted: Mapped[bool] = mapped_column(Boolean)
    failed: Mapped[list[str]] = mapped_column(JSON)
    ranked_at: Mapped[datetime] = mapped_column(When)


class CommissionAnswer(DefaultBase):
    """A candidate's essay or interview answer to one question (anonymised before reviewers see it)."""

    __tablename__ = "recruiting_commission_answer"
    __table_args__ = (UniqueConstraint("application_id", "stage", "question"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("recruiting_application.id"))
    stage: Mapped[str] = mapped_column(String(12))
    question: Mapped[str] = mapped_column(String(200))
    raw_text: Mapped[str] = mapped_column(Text)
    text_anon: Mapped[str | None] = mapped_column(Text)


class CommissionScore(DefaultBase):
    """One reviewer's blind scores (criterion → 1..5) of one answer."""

    __tablename__ = "recruiting_commission_score"
    __table_args__ = (UniqueConstraint("application_id", "reviewer_id", "stage", "question"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("recruiting_application.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey(USER_FK))
    stage: Mapped[str] = mapped_column(String(12))
    question: Mapped[str] = mapped_column(String(200))
    criteria: Mapped[dict[str, int]] = mapped_column(JSON)
    mean: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(When)


class Reveal(DefaultBase):
    """An identity reveal after the final decision: who, why, when."""

    __tablename__ = "recruiting_reveal"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("recruiting_application.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey(USER_FK))
    reason: Mapped[str] = mapped_column(String(500))
    at: Mapped[datetime] = mapped_column(When)


class Reserve(DefaultBase):
    """A place in the personnel reserve of a body, valid for twelve months."""

    __tablename__ = "recruiting_reserve"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("recruiting_application.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USER_FK), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("auth_body.id"))
    category: Mapped[str] = mapped_column(String(8))
    expires_at: Mapped[datetime] = mapped_column(When)


class AssessmentEssay(DefaultBase):
    """An essay answer of an assessment sitting, anonymised on arrival, scored blind by the commission.

    ``session_id``/``item_id``/``candidate_id`` route the points back and keep a member off their own
    essay; reviewers see only ``code``, ``question`` and ``text_anon``. The raw text is never stored here.
    """

    __tablename__ = "recruiting_assessment_essay"
    __table_args__ = (UniqueConstraint("session_id", "item_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    session_id: Mapped[int] = mapped_column(BigId, index=True)
    item_id: Mapped[int] = mapped_column(BigId)
    candidate_id: Mapped[int] = mapped_column(ForeignKey(USER_FK))
    language: Mapped[str] = mapped_column(String(2))
    question: Mapped[str] = mapped_column(Text)
    text_anon: Mapped[str] = mapped_column(Text)
    max_points: Mapped[float] = mapped_column(Float)
    required: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(When)
    scored_at: Mapped[datetime | None] = mapped_column(When, index=True)


class AssessmentEssayScore(DefaultBase):
    """One commission member's points for one assessment essay; given once, audited."""

    __tablename__ = "recruiting_assessment_essay_score"
    __table_args__ = (UniqueConstraint("essay_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("recruiting_assessment_essay.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey(USER_FK))
    points: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(When)
