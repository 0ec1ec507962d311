"""Certificates of passed sittings: issue a signed code, verify it publicly, render the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from litestar.exceptions import NotFoundException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.bank import parse_blueprint
from assessments.certificates import CertificateData, issue_code, render_certificate, verify_code
from assessments.certificates.labels import Language
from assessments.models import AssessmentTest, Certificate, TestSession
from auth.service import AccountService
from workers import runtime

LINE_LABELS = {
    "kk": ("Тест", "Нәтиже"),
    "ru": ("Тест", "Результат"),
    "en": ("Test", "Result"),
}


@dataclass(frozen=True, slots=True)
class Verification:
    """What the public verify page may show: validity, test, holder name and dates, nothing else."""

    valid: bool
    status: str
    test_title: dict[str, str]
    holder_name: str
    issued_on: date
    valid_until: date


def _title(titles: dict[str, str], lang: str) -> str:
    return titles.get(lang) or titles.get("ru") or next(iter(titles.values()), "")


class CertificateService:
    """Issue, revoke, verify and render result certificates."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _holder_name(self, user_id: int) -> str:
        user = await AccountService(self.session).get(user_id)
        return user.display_name or user.email

    async def for_session(self, session_id: int) -> Certificate | None:
        """The certificate of a sitting, if one was issued."""
        query = select(Certificate).where(Certificate.session_id == session_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def issue(self, ts: TestSession, test: AssessmentTest, *, on: date) -> Certificate:
        """Issue (or reinstate) the certificate of a passed sitting; the code signs the session id."""
        existing = await self.for_session(ts.id)
        if existing is not None:
            if existing.revoked:
                existing.revoked, existing.revoked_reason = False, None
            return existing
        keys = runtime.settings_of(self.session).certificate_key_list()
        started = ts.started_at if ts.started_at.tzinfo else ts.started_at.replace(tzinfo=UTC)
        cert = Certificate(
            code=issue_code(str(ts.id), keys[0]),
            session_id=ts.id,
            holder_name=await self._holder_name(ts.candidate_id),
            issued_on=on,
            valid_until=parse_blueprint(test.blueprint).valid_until(started.date()),
            revoked=False,
        )
        self.session.add(cert)
        await self.session.flush()
        return cert

    async def revoke_for_session(self, session_id: int, *, reason: str) -> bool:
        """Revoke the certificate of a sitting (a re-score turned the pass into a fail)."""
        cert = await self.for_session(session_id)
        if cert is None or cert.revoked:
            return False
        cert.revoked, cert.revoked_reason = True, reason
        return True

    async def verify(self, code: str, *, today: date | None = None) -> Verification | None:
        """Check a code's signature and its record; None when it is not a code we issued."""
        keys = runtime.settings_of(self.session).certificate_key_list()
        payload = verify_code(code, keys)
        if payload is None:
            return None
        cert = await self.for_session(int(payload))
        if cert is None:
            return None
        ts = await self.session.get(TestSession, cert.session_id)
        test = await self.session.get(AssessmentTest, ts.test_id) if ts else None
        today = today or datetime.now(UTC).date()
        status = "revoked" if cert.revoked else ("expired" if cert.valid_until < today else "valid")
        return Verification(
            valid=status == "valid",
            status=status,
            test_title=dict(test.title) if test else {},
            holder_name=cert.holder_name,
            issued_on=cert.issued_on,
            valid_until=cert.valid_until,
        )

    async def pdf(self, session_id: int, *, candidate_id: int, language: str) -> tuple[Certificate, bytes]:
        """The PDF of a candidate's own certificate, in ``language``."""
        cert = await self.for_session(session_id)
        ts = await self.session.get(TestSession, session_id)
        if cert is None or cert.revoked or ts is None or ts.candidate_id != candidate_id:
            raise NotFoundException("There is no valid certificate for this test session.")
        test = await self.session.get(AssessmentTest, ts.test_id)
        assert test is not None
        lang = cast(Language, language if language in LINE_LABELS else "ru")
        settings = runtime.settings_of(self.session)
        score: dict[str, Any] = ts.score or {}
        labels = LINE_LABELS[lang]
        data = CertificateData(
            kind="result",
            language=lang,
            title=_title(test.title, lang),
            holder_name=cert.holder_name,
            issued_on=cert.issued_on,
            code=cert.code,
            verify_url=f"{settings.base_url.rstrip('/')}/verify/{cert.code}",
            lines=[
                (labels[0], _title(test.title, lang)),
                (labels[1], f"{score.get('total', 0):g} / {score.get('max_total', 0):g}"),
            ],
            valid_until=cert.valid_until,
        )
        return cert, render_certificate(data)
