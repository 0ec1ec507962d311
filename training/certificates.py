"""Course certificates: issuing signed codes, public verification, PDF rendering and revocation."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.certificates import CertificateData, issue_code, render_certificate, verify_code
from auth.audit.service import AuditService
from training.courses import text_in
from training.errors import NotFound
from training.models import Certificate, Course, Enrolment, StaffMember
from workers import runtime

PAYLOAD_PREFIX = "TR"  # keeps course codes apart from assessment result codes signed with the same keys
Status = Literal["valid", "revoked", "expired", "unknown"]


@dataclass(frozen=True, slots=True)
class Verification:
    """What the public verification page may show: validity, course, holder name, date — nothing more."""

    status: Status
    course_title: dict[str, str] | None = None
    holder_name: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None

    @property
    def valid(self) -> bool:
        """True only for a genuine, unrevoked, unexpired certificate."""
        return self.status == "valid"


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class CertificateService:
    """Certificates of completed courses."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def issue(
        self, enrolment: Enrolment, course: Course, staff: StaffMember, *, on: date
    ) -> Certificate:
        """Issue the certificate of a completed enrolment (one per course revision completed)."""
        valid_until = add_months(on, course.recertify_months) if course.recertify_months else None
        cert = Certificate(
            enrolment_id=enrolment.id,
            course_revision=enrolment.course_revision,
            holder_name=staff.full_name,
            course_title=dict(course.title),
            issued_on=on,
            valid_until=valid_until,
        )
        self.session.add(cert)
        await self.session.flush()
        keys = runtime.settings_of(self.session).certificate_key_list()
        cert.code = issue_code(f"{PAYLOAD_PREFIX}{cert.id}", keys[0])
        await self.session.flush()
        return cert

    async def verify(self, code: str, *, today: date | None = None) -> Verification:
        """Check a code's signature, then the stored record: revoked or expired codes are not valid."""
        keys = runtime.settings_of(self.session).certificate_key_list()
        payload = verify_code(code, keys)
        if payload is None or not payload.startswith(PAYLOAD_PREFIX) or not payload[2:].isdigit():
            return Verification("unknown")
        cert = await self.session.get(Certificate, int(payload[2:]))
        if cert is None or cert.code is None:
            return Verification("unknown")
        today = today or datetime.now(UTC).date()
        status: Status = "valid"
        if cert.revoked_at is not None:
            status = "revoked"
        elif cert.valid_until is not None and cert.valid_until < today:
            status = "expired"
        return Verification(status, cert.course_title, cert.holder_name, cert.issued_on, cert.valid_until)

    async def of_staff(self, staff_id: int) -> list[Certificate]:
        """A staff member's certificates, newest first."""
        query = (
            select(Certificate)
            .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
            .where(Enrolment.staff_id == staff_id)
            .order_by(Certificate.id.desc())
        )
        return list((await self.session.execute(query)).scalars())

    async def get_for_staff(self, certificate_id: int, staff_id: int) -> Certificate:
        """One of the staff member's own certificates, or NotFound."""
        query = (
            select(Certificate)
            .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
            .where(Certificate.id == certificate_id, Enrolment.staff_id == staff_id)
        )
        cert = (await self.session.execute(query)).scalar()
        if cert is None:
            raise NotFound("No such certificate.")
        return cert

    def pdf(self, cert: Certificate, lang: str, *, labels: dict[str, str]) -> bytes:
        """The certificate as a PDF in ``lang`` (kk, ru or en)."""
        base = runtime.settings_of(self.session).base_url.rstrip("/")
        code = cert.code or ""
        data = CertificateData(
            kind="course",
            language=lang if lang in ("kk", "ru", "en") else "kk",  # type: ignore[arg-type]
            title=text_in(cert.course_title, lang),
            holder_name=cert.holder_name,
            issued_on=cert.issued_on,
            code=code,
            verify_url=f"{base}/verify-course/{code}",
            lines=[(labels.get("revision", "Revision"), str(cert.course_revision))],
            valid_until=cert.valid_until,
        )
        return render_certificate(data)

    async def revoke(self, certificate_id: int, *, reason: str, actor: str) -> Certificate:
        """Revoke a certificate (the verification page then says it is not valid); audited."""
        cert = await self.session.get(Certificate, certificate_id)
        if cert is None:
            raise NotFound("No such certificate.")
        if cert.revoked_at is None:
            cert.revoked_at = datetime.now(UTC)
            cert.revoked_reason = reason
            await AuditService(self.session).record(
                actor=actor,
                action="training.certificate_revoked",
                subject=f"training_certificate:{cert.id}",
                details={"reason": reason},
            )
        await self.session.flush()
        return cert
