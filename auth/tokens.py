"""JWT access tokens (HS256, joserfc) with a ``kid``: verify with every configured key, sign with the newest.

Keys come from ``settings.jwt_keys`` (newest first) when the deployment sets them, otherwise one key
derived from the application secret, so rotation is adding a key in front and dropping the old one later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OctKey
from joserfc.jwt import JWTClaimsRegistry

from app.settings import Settings

ALGORITHM = "HS256"
ISSUER = "adal"
AUDIENCE = "adal-api"


def _key(secret: bytes) -> OctKey:
    material = hmac.new(secret, b"adal.jwt.access", hashlib.sha256).digest()
    kid = hashlib.sha256(material).hexdigest()[:16]
    return OctKey.import_key(material, {"kid": kid, "alg": ALGORITHM, "use": "sig"})


def key_ring(settings: Settings) -> list[OctKey]:
    """The signing keys, newest first."""
    secrets_ = [k.get_secret_value().encode() for k in settings.jwt_keys]
    return [_key(s) for s in (secrets_ or [settings.secret()])]


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
    try:
        decoded = jwt.decode(token, KeySet(list(key_ring(settings))), algorithms=[ALGORITHM])
        JWTClaimsRegistry(
            leeway=30,
            iss={"essential": True, "value": ISSUER},
            aud={"essential": True, "value": AUDIENCE},
            sub={"essential": True},
            exp={"essential": True},
        ).validate(decoded.claims)
        return int(decoded.claims["sub"])
    except (JoseError, ValueError, KeyError, TypeError):
        return None
