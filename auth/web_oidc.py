"""State-ID (OpenID Connect) sign-in pages."""

from __future__ import annotations

import logging
from typing import Annotated, Any
from urllib.parse import urlencode

import httpx
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.guards import PUBLIC
from auth.middleware import session_cookie
from auth.oidc import OidcError, OidcService, enabled
from auth.service import AccountService
from auth.sessions import MFA_COOKIE, SessionService
from auth.totp import requires_mfa
from auth.web_account import message
from auth.web_login import address_of, complete_sign_in, safe_next

log = logging.getLogger(__name__)


class OidcController(Controller):
    """Redirect to the state identity provider and back."""

    path = "/login/oidc"
    include_in_schema = False
    opt = PUBLIC

    @get("/")
    async def start(
        self,
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        next: FromQuery[str] = "/",
    ) -> Redirect | Template:
        """Send the browser to the provider with state, nonce and a PKCE challenge."""
        if not enabled(settings):
            return message(
                "Not available", "Sign-in with the state ID is not configured.", status=404, error=True
            )
        try:
            url = await OidcService(db_session).start(safe_next(next))
        except httpx.HTTPError:
            log.exception("state ID provider unreachable")
            return message(
                "Not available", "The state ID service does not answer. Try again later.", status=503
            )
        return Redirect(path=url, status_code=303)

    @get("/callback")
    async def callback(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        oidc_state: Annotated[str, QueryParameter(name="state")] = "",
        code: FromQuery[str] = "",
    ) -> Redirect | Template:
        """Validate the provider's answer, link the account and sign in (second factor when required)."""
        try:
            user, next_path = await OidcService(db_session).finish(state=oidc_state, code=code)
        except (OidcError, httpx.HTTPError, ValueError) as exc:
            log.warning("state ID sign-in refused: %s", exc)
            return message(
                "Sign-in failed",
                "Sign-in with the state ID did not succeed. Try again.",
                status=400,
                error=True,
            )
        principal = await AccountService(db_session).principal_for(user.id)
        if principal is not None and requires_mfa(principal):
            token = await SessionService(db_session).start(user.id, pending_mfa=True)
            target = "/login/totp" if user.totp_secret else "/login/totp/setup"
            cookie = session_cookie(token, settings, name=MFA_COOKIE, max_age=600)
            query = urlencode({"next": safe_next(next_path)})
            return Redirect(path=f"{target}?{query}", cookies=[cookie], status_code=303)
        return await complete_sign_in(
            db_session, settings, user, next_path=next_path, method="oidc", address=address_of(request)
        )
