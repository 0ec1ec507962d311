"""A small OpenID Connect provider on loopback for tests: discovery, JWKS, authorize (auto-consent), token.

It checks what a real provider checks: client id and secret, redirect URI, PKCE (S256), single-use codes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey


@dataclass
class Person:
    """Who is signed in at the provider (the 'browser' consents automatically)."""

    sub: str
    email: str | None = None
    email_verified: bool = True
    name: str = "Асель Нурланова"


@dataclass
class Provider:
    """Configuration and state of the test provider."""

    client_id: str = "adal-test"
    client_secret: str = "provider-secret-123"
    person: Person = field(default_factory=lambda: Person(sub="IIN-900101300123"))
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "test-key-1"}))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tamper_nonce: bool = False
    issuer: str = ""


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class Handler(BaseHTTPRequestHandler):
    """Serves discovery, JWKS, authorize and token for ``provider``."""

    provider: Provider

    def log_message(self, *_args: Any) -> None:
        return None

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path == "/.well-known/openid-configuration":
            base = self.provider.issuer
            self._json(
                200,
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "jwks_uri": f"{base}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                },
            )
        elif url.path == "/jwks":
            self._json(200, {"keys": [self.provider.key.as_dict(private=False)]})
        elif url.path == "/authorize":
            self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
        else:
            self._json(404, {"error": "not_found"})

    def _authorize(self, q: dict[str, str]) -> None:
        ok = (
            q.get("client_id") == self.provider.client_id
            and q.get("response_type") == "code"
            and q.get("code_challenge_method") == "S256"
            and "openid" in q.get("scope", "").split()
            and q.get("code_challenge")
            and q.get("nonce")
        )
        if not ok:
            self._json(400, {"error": "invalid_request"})
            return
        code = secrets.token_urlsafe(16)
        self.provider.codes[code] = q
        self.send_response(302)
        self.send_header("location", f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}")
        self.end_headers()

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        request = self.provider.codes.pop(form.get("code", ""), None)
        valid = (
            request is not None
            and form.get("grant_type") == "authorization_code"
            and form.get("client_id") == self.provider.client_id
            and form.get("client_secret") == self.provider.client_secret
            and form.get("redirect_uri") == request["redirect_uri"]
            and _challenge(form.get("code_verifier", "")) == request["code_challenge"]
        )
        if not valid or request is None:
            self._json(400, {"error": "invalid_grant"})
            return
        self._json(
            200,
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self._id_token(request["nonce"]),
            },
        )

    def _id_token(self, nonce: str) -> str:
        now, person = int(time.time()), self.provider.person
        claims: dict[str, Any] = {
            "iss": self.provider.issuer,
            "aud": self.provider.client_id,
            "sub": person.sub,
            "iat": now,
            "exp": now + 300,
            "nonce": "forged" if self.provider.tamper_nonce else nonce,
            "name": person.name,
        }
        if person.email:
            claims |= {"email": person.email, "email_verified": person.email_verified}
        return jwt.encode({"alg": "RS256", "kid": self.provider.key.kid}, claims, self.provider.key)


class RunningProvider:
    """The provider served on 127.0.0.1 in a background thread."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.server = ThreadingHTTPServer(
            ("127.0.0.1", 0), type("BoundHandler", (Handler,), {"provider": provider})
        )
        provider.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def discovery_url(self) -> str:
        """Where the discovery document is served."""
        return f"{self.provider.issuer}/.well-known/openid-configuration"

    def __enter__(self) -> RunningProvider:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
