"""PII vault cipher: AES-256-GCM with a key derived from each configured secret (pure, no database).

The first key encrypts; any key decrypts. A record stores the id of the key that sealed it, so keys
can be rotated: add a new key first in ``ADAL_PII_KEYS``, run the rotation, then drop the old one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

AAD_PREFIX = b"adal.pii.v1:"


class UnknownKey(LookupError):
    """A record was sealed with a key that is no longer configured."""


@dataclass(frozen=True, slots=True)
class Sealed:
    """Ciphertext with its nonce and the id of the key that sealed it."""

    key_id: str
    nonce: bytes
    ciphertext: bytes


def _derive(secret: bytes) -> bytes:
    return hashlib.sha256(b"adal-pii-aes256:" + secret).digest()


def key_id(secret: bytes) -> str:
    """A short public identifier of a key (never the key itself)."""
    return hashlib.sha256(b"adal-pii-id:" + secret).hexdigest()[:16]


class Vault:
    """Seal and open personal data with the configured keys (newest first)."""

    def __init__(self, secrets: Sequence[bytes]) -> None:
        if not secrets:
            raise ValueError("at least one PII key is needed")
        self._keys = {key_id(s): AESGCM(_derive(s)) for s in secrets}
        self.current = key_id(secrets[0])

    def seal(self, user_id: int, data: dict[str, Any]) -> Sealed:
        """Encrypt ``data`` for ``user_id`` (bound as associated data) with the current key."""
        nonce = os.urandom(12)
        plain = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        aad = AAD_PREFIX + str(user_id).encode()
        return Sealed(self.current, nonce, self._keys[self.current].encrypt(nonce, plain, aad))

    def open(self, user_id: int, sealed: Sealed) -> dict[str, Any]:
        """Decrypt a record of ``user_id``; raises UnknownKey when its key is gone."""
        cipher = self._keys.get(sealed.key_id)
        if cipher is None:
            raise UnknownKey(f"PII key {sealed.key_id} is not configured")
        aad = AAD_PREFIX + str(user_id).encode()
        data: dict[str, Any] = json.loads(cipher.decrypt(sealed.nonce, sealed.ciphertext, aad))
        return data
