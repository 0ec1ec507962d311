"""Candidate profiles: personal data in the encrypted vault, merit data apart, demographics volunteered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from recruiting.errors import Invalid
from recruiting.models import Demographics, MeritProfile, PiiRecord
from recruiting.rules import EDUCATION_ORDER
from recruiting.vault import Sealed, Vault
from workers import runtime

PII_FIELDS = ("full_name", "iin", "birth_date", "phone", "email", "address", "photo_ref")
DEMOGRAPHIC_FIELDS = ("gender", "age_band", "region_of_origin", "ethnicity", "disability")
ROTATE_BATCH = 500


@dataclass(slots=True)
class MeritData:
    """Merit attributes a candidate declares."""

    education_level: str = "bachelor"
    field_of_study: str = ""
    years_experience: float = 0.0
    skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    wants_matches: bool = True


class ProfileService:
    """A candidate's own profile, and the vault operations (seal, open, rotate keys)."""

    def __init__(self, session: AsyncSession, settings: Settings | None = None) -> None:
        self.session = session
        self.settings = settings or runtime.settings_of(session)
        self.vault = Vault(self.settings.pii_key_list())

    async def save_personal_data(self, user_id: int, data: dict[str, Any]) -> None:
        """Encrypt and store the candidate's personal data (unknown fields are refused)."""
        unknown = set(data) - set(PII_FIELDS)
        if unknown:
            raise Invalid(detail=f"Unknown personal data fields: {', '.join(sorted(unknown))}.")
        clean = {k: str(v) for k, v in data.items() if v not in (None, "")}
        sealed = self.vault.seal(user_id, clean)
        row = await self.session.get(PiiRecord, user_id)
        now = datetime.now(UTC)
        if row is None:
            row = PiiRecord(user_id=user_id, key_id="", nonce=b"", ciphertext=b"", updated_at=now)
            self.session.add(row)
        row.key_id, row.nonce, row.ciphertext, row.updated_at = (
            sealed.key_id,
            sealed.nonce,
            sealed.ciphertext,
            now,
        )
        await self.session.flush()

    async def personal_data(self, user_id: int) -> dict[str, Any] | None:
        """The decrypted personal data of ``user_id``, or None if none was given."""
        row = await self.session.get(PiiRecord, user_id)
        if row is None:
            return None
        return self.vault.open(user_id, Sealed(row.key_id, row.nonce, row.ciphertext))

    async def save_merit(self, user_id: int, merit: MeritData) -> MeritProfile:
        """Store the merit profile HR may see (always under a pseudonym, k-anonymised)."""
        if merit.education_level not in EDUCATION_ORDER:
            raise Invalid(detail=f"Education level must be one of {', '.join(EDUCATION_ORDER)}.")
        if not 0 <= merit.years_experience <= 60:
            raise Invalid(detail="Years of experience must lie between 0 and 60.")
        row = await self.session.get(MeritProfile, user_id)
        if row is None:
            row = MeritProfile(user_id=user_id)
            self.session.add(row)
        row.education_level, row.field_of_study = merit.education_level, merit.field_of_study[:120]
        row.years_experience = float(merit.years_experience)
        row.skills = sorted({s.strip() for s in merit.skills if s.strip()})
        row.languages = sorted({x.strip().lower() for x in merit.languages if x.strip()})
        row.wants_matches, row.updated_at = merit.wants_matches, datetime.now(UTC)
        await self.session.flush()
        return row

    async def merit(self, user_id: int) -> MeritProfile | None:
        """The merit profile of ``user_id``."""
        return await self.session.get(MeritProfile, user_id)

    async def save_demographics(self, user_id: int, data: dict[str, str | None]) -> None:
        """Store volunteered equality data; an empty value means 'prefer not to say'."""
        unknown = set(data) - set(DEMOGRAPHIC_FIELDS)
        if unknown:
            raise Invalid(detail=f"Unknown demographic fields: {', '.join(sorted(unknown))}.")
        row = await self.session.get(Demographics, user_id)
        if row is None:
            row = Demographics(user_id=user_id)
            self.session.add(row)
        for name in DEMOGRAPHIC_FIELDS:
            if name in data:
                setattr(row, name, (data[name] or None) and str(data[name])[:40])
        await self.session.flush()

    async def demographics(self, user_id: int) -> dict[str, str | None]:
        """The candidate's own volunteered data (shown to them only)."""
        row = await self.session.get(Demographics, user_id)
        return {n: getattr(row, n) if row else None for n in DEMOGRAPHIC_FIELDS}

    async def rotate_keys(self) -> int:
        """Re-encrypt every record not sealed with the current key; returns how many were rotated."""
        done = 0
        while True:
            query = (
                select(PiiRecord)
                .where(PiiRecord.key_id != self.vault.current)
                .order_by(PiiRecord.user_id)
                .limit(ROTATE_BATCH)
            )
            rows = list((await self.session.execute(query)).scalars())
            if not rows:
                return done
            for row in rows:
                data = self.vault.open(row.user_id, Sealed(row.key_id, row.nonce, row.ciphertext))
                sealed = self.vault.seal(row.user_id, data)
                row.key_id, row.nonce, row.ciphertext = sealed.key_id, sealed.nonce, sealed.ciphertext
                row.updated_at = datetime.now(UTC)
            await self.session.flush()
            done += len(rows)
