"""The PII vault: encrypted at rest, bound to its owner, re-encrypted on key rotation."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from recruiting.errors import Invalid
from recruiting.models import PiiRecord
from recruiting.profiles import MeritData, ProfileService
from recruiting.vault import Sealed, UnknownKey, Vault, key_id
from tests.recruiting.conftest import PERSON, World, make_candidate


def _with_keys(settings: Settings, *keys: str) -> Settings:
    return settings.model_copy(update={"pii_keys": [SecretStr(k) for k in keys]})


async def test_personal_data_is_encrypted_at_rest(world: World) -> None:
    who = await make_candidate(world.session, pii=dict(PERSON))
    row = await world.session.get(PiiRecord, who.user_id)
    assert row is not None
    for value in PERSON.values():
        assert value.encode() not in row.ciphertext
    assert await ProfileService(world.session).personal_data(who.user_id) == PERSON


def test_a_record_cannot_be_opened_as_another_user() -> None:
    vault = Vault([b"k1"])
    sealed = vault.seal(1, {"full_name": "A"})
    with pytest.raises(InvalidTag):
        vault.open(2, sealed)


async def test_rotate_keys_reencrypts_every_record_with_the_new_key(
    db: AsyncSession, world: World, settings: Settings
) -> None:
    old = _with_keys(settings, "old-key-0123456789")
    people = [await make_candidate(db) for _ in range(3)]
    for p in people:
        await ProfileService(db, old).save_personal_data(p.user_id, {"full_name": f"Name {p.user_id}"})
    rotated = _with_keys(settings, "new-key-9876543210", "old-key-0123456789")
    assert await ProfileService(db, rotated).rotate_keys() >= 3
    new_only = ProfileService(db, _with_keys(settings, "new-key-9876543210"))
    for p in people:
        assert await new_only.personal_data(p.user_id) == {"full_name": f"Name {p.user_id}"}
    ids = set((await db.execute(select(PiiRecord.key_id))).scalars())
    assert ids == {key_id(b"new-key-9876543210")}
    assert await ProfileService(db, rotated).rotate_keys() == 0


def test_record_sealed_with_a_dropped_key_is_reported() -> None:
    sealed = Vault([b"gone"]).seal(5, {"iin": "x"})
    with pytest.raises(UnknownKey):
        Vault([b"other"]).open(5, Sealed(sealed.key_id, sealed.nonce, sealed.ciphertext))


async def test_merit_profile_is_validated(world: World) -> None:
    who = await make_candidate(world.session)
    with pytest.raises(Invalid):
        await ProfileService(world.session).save_merit(who.user_id, MeritData(education_level="guru"))
    with pytest.raises(Invalid):
        await ProfileService(world.session).save_personal_data(who.user_id, {"religion": "x"})
