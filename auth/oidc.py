"""OpenID Connect sign-in with the state identity provider: authorization code + PKCE, state and nonce.

authlib builds the authorization URL and redeems the code; joserfc validates the ID token against the
provider's JWKS. Accounts are linked by the provider's subject; an existing account is linked by email
only when the provider says the address is verified.
"""

from __future__ import annotations

import secrets
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.audit.service import AuditService
from auth.models import OidcLogin, User
from auth.principal import Grant, Role
from auth.service import AccountService, normalize_email
from workers.runtime import settings_of

CALLBACK_PATH = "/login/oidc/callback"
LOGIN_TTL = timedelta(minutes=10)
CACHE_SECONDS = 600
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


class OidcError(Exception):
    """The provider's answer could not be trusted (the message is for the log, not the user)."""


@dataclass(frozen=True, slots=True)
class Identity:
    """What a validated ID token says about the person."""

    subject: str
    email: str | None
    email_verified: bool
    name: str


def _client(settings: Settings) -> Any:
    with warnings.catch_warnings():  # authlib prefers httpx2 but supports httpx
        import authlib.deprecate  # noqa: F401 - its import installs an "always" filter; ours must come after

        warnings.simplefilter("ignore")
        from authlib.integrations.httpx_client import AsyncOAuth2Client
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else None
    return AsyncOAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=secret,
        scope="openid email profile",
        redirect_uri=settings.base_url.rstrip("/") + CALLBACK_PATH,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post" if secret else "none",
        timeout=10,
    )


async def _fetch_json(url: str, *, fresh: bool = False) -> dict[str, Any]:
    cached = _cache.get(url)
    if cached and not fresh and cached[0] > time.monotonic():
        return cached[1]
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.get(url)
        answer.raise_for_status()
        document: dict[str, Any] = answer.json()
    _cache[url] = (time.monotonic() + CACHE_SECONDS, document)
    return document


def enabled(settings: Settings) -> bool:
    """True when a provider is configured."""
    return bool(settings.oidc_discovery_url and settings.oidc_client_id)


class OidcService:
    """Starts and finishes state-ID sign-ins."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.settings = settings_of(session)

    async def start(self, next_path: str) -> str:
        """Remember state, nonce and PKCE verifier; return the provider URL to send the browser to."""
        assert self.settings.oidc_discovery_url
        discovery = await _fetch_json(self.settings.oidc_discovery_url)
        state, nonce, verifier = (
            secrets.token_urlsafe(24),
            secrets.token_urlsafe(24),
            secrets.token_urlsafe(64),
        )
        self.session.add(
            OidcLogin(
                state=state,
                nonce=nonce,
                code_verifier=verifier,
                next_path=next_path,
                created_at=datetime.now(UTC),
            )
        )
        await self.session.flush()
        async with _client(self.settings) as client:
            url, _ = client.create_authorization_url(
                discovery["authorization_endpoint"], state=state, code_verifier=verifier, nonce=nonce
            )
        return str(url)

    async def finish(self, *, state: str, code: str) -> tuple[User, str]:
        """Redeem the code, validate the ID token and return the linked account and where to go next."""
        login = await self.session.get(OidcLogin, state)
        await self.session.execute(delete(OidcLogin).where(OidcLogin.state == state))  # single use
        cutoff = datetime.now(UTC) - LOGIN_TTL
        await self.session.execute(delete(OidcLogin).where(OidcLogin.created_at < cutoff))
        if login is None or _utc(login.created_at) < cutoff:
            raise OidcError("unknown or expired state")
        assert self.settings.oidc_discovery_url
        discovery = await _fetch_json(self.settings.oidc_discovery_url)
        async with _client(self.settings) as client:
            token = await client.fetch_token(
                discovery["token_endpoint"], code=code, code_verifier=login.code_verifier, state=state
            )
        if "id_token" not in token:
            raise OidcError("no ID token in the token response")
        identity = await self._validate(str(token["id_token"]), discovery, login.nonce)
        return await self.link(identity), login.next_path

    async def _validate(self, id_token: str, discovery: dict[str, Any], nonce: str) -> Identity:
        try:
            claims = await _decode(id_token, discovery)
            JWTClaimsRegistry(
                leeway=60,
                iss={"essential": True, "value": discovery["issuer"]},
                aud={"essential": True, "value": self.settings.oidc_client_id or ""},
                sub={"essential": True},
                exp={"essential": True},
                nonce={"essential": True, "value": nonce},
            ).validate(claims)
        except (JoseError, ValueError, KeyError) as exc:
            raise OidcError(f"ID token rejected: {exc}") from exc
        audience = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audience) > 1 and claims.get("azp") != self.settings.oidc_client_id:
            raise OidcError("ID token for several audiences without our azp")
        return Identity(
            subject=str(claims["sub"]),
            email=normalize_email(claims["email"]) if claims.get("email") else None,
            email_verified=claims.get("email_verified") is True,
            name=str(claims.get("name") or claims.get("email") or "Пользователь eGov"),
        )

    async def link(self, identity: Identity) -> User:
        """The account of this subject: already linked, linked now by verified email, or created."""
        found = (
            await self.session.execute(select(User).where(User.oidc_subject == identity.subject))
        ).scalars()
        user = found.first()
        accounts = AccountService(self.session)
        if user is None and identity.email and identity.email_verified:
            user = await accounts.by_email(identity.email)
            if user is not None and user.oidc_subject is None:
                user.oidc_subject = identity.subject
                user.email_verified_at = user.email_verified_at or datetime.now(UTC)
                await AuditService(self.session).record(
                    actor=f"user:{user.id}", action="auth.oidc_linked", subject=f"user:{user.id}"
                )
            elif user is not None:
                raise OidcError("the email belongs to an account linked to another subject")
        if user is None:
            user = await self._create(identity, accounts)
        if not user.is_active:
            raise OidcError("account disabled")
        return user

    async def _create(self, identity: Identity, accounts: AccountService) -> User:
        email = identity.email if identity.email and identity.email_verified else None
        if email is None or await accounts.by_email(email) is not None:
            email = f"{identity.subject[:60]}@oidc.invalid"
        user = await accounts.create_user(
            email=email,
            display_name=identity.name,
            grants=[Grant(Role.CANDIDATE)],
            actor="state-id",
            email_verified=identity.email_verified,
        )
        user.oidc_subject = identity.subject
        await self.session.flush()
        return user


async def _decode(id_token: str, discovery: dict[str, Any]) -> dict[str, Any]:
    algorithms = ["RS256", "ES256", "PS256", "EdDSA"]
    keys = KeySet.import_key_set(await _fetch_json(discovery["jwks_uri"]))  # type: ignore[arg-type]
    try:
        decoded = jwt.decode(id_token, keys, algorithms=algorithms)
    except JoseError:  # the provider may have rotated its keys: fetch them again once
        keys = KeySet.import_key_set(await _fetch_json(discovery["jwks_uri"], fresh=True))  # type: ignore[arg-type]
        decoded = jwt.decode(id_token, keys, algorithms=algorithms)
    return dict(decoded.claims)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
