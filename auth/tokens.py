"""JWT access tokens (HS256, joserfc) with a ``kid``: verify with every configured key, sign with the newest.

Keys come from ``settings.jwt_keys`` (newest first) when the deployment sets them, otherwise one key
derived from the application secret, so rotation is adding a key in front and dropping the old one later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from functools import lru_cache
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OctKey
from joserfc.jwt import JWTClaimsRegistry

from app.settings import Settings

ALGORITHM = "HS256"
ISSUER = "adal"
AUDIENCE = "adal-api"


LEEWAY_S = 30
MAX_REMEMBERED = 50_000


class _Ring:
    """The verification keys of one configuration, and the tokens they already verified in this process.

    A token is immutable, so a repeated one needs only the expiry check (joserfc's parse and HMAC cost more
    than the rest of the answer-saving path). The memory is bounded and emptied when full.
    """

    def __init__(self, secrets_: tuple[bytes, ...]) -> None:
        self.keys = [_key(s) for s in secrets_]
        self.key_set = KeySet(list(self.keys))
        self.verified: dict[str, tuple[int, int]] = {}


@lru_cache(maxsize=16)
def _ring(secrets_: tuple[bytes, ...]) -> _Ring:
    return _Ring(secrets_)


def _ring_of(settings: Settings) -> _Ring:
    configured = tuple(k.get_secret_value().encode() for k in settings.jwt_keys)
    return _ring(configured or (settings.secret(),))


def _key(secret: bytes) -> OctKey:
    material = hmac.new(secret, b"adal.jwt.access", hashlib.sha256).digest()
    kid = hashlib.sha256(material).hexdigest()[:16]
    return OctKey.import_key(material, {"kid": kid, "alg": ALGORITHM, "use": "sig"})


def key_ring(settings: Settings) -> list[OctKey]:
    """The signing keys, newest first."""
    return list(_ring_of(settings).keys)


def issue_access_token(settings: Settings, *, user_id: int, extra: dict[str, Any] | None = None) -> str:
    """A signed short-lived access token for ``user_id`` (signed with the newest key)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(user_id),
        "iat": now,
        "nbf": now,
        "exp": now + settings.access_token_minutes * 60,
        "jti": secrets.token_hex(8),
        **(extra or {}),
    }
    key = key_ring(settings)[0]
    return jwt.encode({"alg": ALGORITHM, "kid": key.kid}, claims, key, algorithms=[ALGORITHM])


def verify_access_token(settings: Settings, token: str) -> int | None:
    """The user id of a valid access token (any configured key, by ``kid``), or None."""
    ring = _ring_of(settings)
    known = ring.verified.get(token)
    if known is not None:
        return known[0] if time.time() <= known[1] + LEEWAY_S else None
    try:
        decoded = jwt.decode(token, ring.key_set, algorithms=[ALGORITHM])
        JWTClaimsRegistry(
            leeway=LEEWAY_S,
            iss={"essential": True, "value": ISSUER},
            aud={"essential": True, "value": AUDIENCE},
            sub={"essential": True},
            exp={"essential": True},
        ).validate(decoded.claims)
        user_id, expires = int(decoded.claims["sub"]), int(decoded.claims["exp"])
    except (JoseError, ValueError, KeyError, TypeError):
        return None
    if len(ring.verified) >= MAX_REMEMBERED:
        ring.verified.clear()
    ring.verified[token] = (user_id, expires)
    return user_id
