"""Sign-in pages: password, the second factor (and its first set-up), sign-out."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from msgspec import Struct
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.guards import PUBLIC, requires_login
from auth.login import FAILED_MESSAGE, LOCKED_MESSAGE, LoginService, Outcome
from auth.middleware import session_cookie
from auth.models import User
from auth.sessions import MFA_COOKIE, SESSION_COOKIE, SessionService
from auth.totp import TotpService, new_secret, provisioning_uri

TOTP_REQUIRED = {Outcome.NEEDS_TOTP: "/login/totp", Outcome.NEEDS_TOTP_SETUP: "/login/totp/setup"}


class LoginForm(Struct):
    """The sign-in form."""

    email: str
    password: str
    next: FromQuery[str] = "/"


class CodeForm(Struct):
    """A one-time code (and, while enrolling, the key it was made from)."""

    code: str
    next: FromQuery[str] = "/"
    secret: str = ""


def safe_next(target: str | None) -> str:
    """A local path to go to after signing in (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def address_of(request: Request[Any, Any, Any]) -> str:
    """The client address used for throttling."""
    return request.client.host if request.client else "unknown"


def expired(name: str) -> Cookie:
    """A cookie that deletes ``name``."""
    return Cookie(key=name, value="", max_age=0, path="/", httponly=True, samesite="lax")


async def complete_sign_in(
    db_session: AsyncSession, settings: Settings, user: User, *, next_path: str, method: str, address: str
) -> Redirect:
    """Open the full session, audit it and go on to ``next_path``."""
    token = await SessionService(db_session).start(user.id)
    await LoginService(db_session).signed_in(user, method=method, address=address)
    cookies = [session_cookie(token, settings), expired(MFA_COOKIE)]
    return Redirect(path=safe_next(next_path), cookies=cookies, status_code=303)


def _login_page(**context: Any) -> Template:
    status = context.pop("status_code", 200)
    return Template(template_name="auth/login.html", context=context, status_code=status)


async def _pending_user(request: Request[Any, Any, Any], db_session: AsyncSession) -> User | None:
    token = request.cookies.get(MFA_COOKIE)
    row = await SessionService(db_session).find(token, pending_mfa=True) if token else None
    return await db_session.get(User, row.user_id) if row is not None else None


class LoginController(Controller):
    """Password sign-in and the second factor."""

    path = "/login"
    include_in_schema = False
    opt = PUBLIC

    @get("/")
    async def login_page(self, settings: NamedDependency[Settings], next: FromQuery[str] = "/") -> Template:
        """The sign-in form (with the state-ID button when OpenID Connect is configured)."""
        return _login_page(next=safe_next(next), oidc_enabled=bool(settings.oidc_discovery_url))

    @post("/", status_code=303)
    async def login(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        data: URLEncodedBody[LoginForm],
    ) -> Redirect | Template:
        """Check the password; continue to the second factor when the account needs one."""
        address, next_path = address_of(request), safe_next(data.next)
        result = await LoginService(db_session).check_password(
            email=data.email, password=data.password, address=address
        )
        page = {"next": next_path, "email": data.email, "oidc_enabled": bool(settings.oidc_discovery_url)}
        if result.outcome in (Outcome.FAILED, Outcome.LOCKED):
            await LoginService(db_session).failed(data.email, address=address)
            locked = result.outcome == Outcome.LOCKED
            return _login_page(
                **page, error=LOCKED_MESSAGE if locked else FAILED_MESSAGE, status_code=429 if locked else 400
            )
        assert result.user is not None
        if result.outcome == Outcome.UNVERIFIED:
            from auth.flows import AccountFlows

            await AccountFlows(db_session).send_verification(result.user)
            notice = "Confirm your email address first: we have sent you a new link."
            return _login_page(**page, notice=notice, status_code=403)
        if result.outcome in TOTP_REQUIRED:
            token = await SessionService(db_session).start(result.user.id, pending_mfa=True)
            cookie = session_cookie(token, settings, name=MFA_COOKIE, max_age=600)
            target = f"{TOTP_REQUIRED[result.outcome]}?{urlencode({'next': next_path})}"
            return Redirect(path=target, cookies=[cookie], status_code=303)
        return await complete_sign_in(
            db_session, settings, result.user, next_path=next_path, method="password", address=address
        )

    @get("/totp")
    async def totp_page(self, next: FromQuery[str] = "/") -> Template:
        """Ask for the one-time code."""
        return Template(template_name="auth/totp.html", context={"next": safe_next(next)})

    @post("/totp", status_code=303)
    async def totp(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        data: URLEncodedBody[CodeForm],
    ) -> Redirect | Template:
        """Check the code and finish signing in."""
        user = await _pending_user(request, db_session)
        if user is None:
            return Redirect(path="/login", status_code=303)
        verdict = await LoginService(db_session).check_second_factor(user, data.code)
        if not verdict:
            error = LOCKED_MESSAGE if verdict is None else "The code is not valid. Try the next one."
            context = {"next": safe_next(data.next), "error": error}
            return Template(template_name="auth/totp.html", context=context, status_code=400)
        return await complete_sign_in(
            db_session,
            settings,
            user,
            next_path=data.next,
            method="password+totp",
            address=address_of(request),
        )

    @get("/totp/setup")
    async def totp_setup_page(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        next: FromQuery[str] = "/",
    ) -> Redirect | Template:
        """Show a new key to enrol before the first sign-in of a role that needs a second factor."""
        user = await _pending_user(request, db_session)
        if user is None:
            return Redirect(path="/login", status_code=303)
        secret = new_secret()
        context = {"secret": secret, "uri": provisioning_uri(secret, user.email), "next": safe_next(next)}
        return Template(
            template_name="auth/totp_setup.html", context={**context, "action": "/login/totp/setup"}
        )

    @post("/totp/setup", status_code=200)
    async def totp_setup(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        data: URLEncodedBody[CodeForm],
    ) -> Redirect | Template:
        """Enrol the key, sign in, and show the recovery codes once."""
        user = await _pending_user(request, db_session)
        if user is None or user.totp_secret is not None:
            return Redirect(path="/login", status_code=303)
        codes = await TotpService(db_session).enrol(user, data.secret, data.code)
        if codes is None:
            context = {"secret": data.secret, "uri": provisioning_uri(data.secret, user.email)}
            context |= {"next": safe_next(data.next), "action": "/login/totp/setup"}
            return Template(
                template_name="auth/totp_setup.html",
                context={**context, "error": "The code is not valid. Try the next one."},
                status_code=400,
            )
        done = await complete_sign_in(
            db_session,
            settings,
            user,
            next_path=data.next,
            method="password+totp",
            address=address_of(request),
        )
        return Template(
            template_name="auth/recovery_codes.html",
            context={"codes": codes, "next": safe_next(data.next)},
            cookies=done.cookies,
        )


@post("/logout", guards=[requires_login()], status_code=303, include_in_schema=False)
async def logout(request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]) -> Redirect:
    """Sign out of this browser."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await SessionService(db_session).end(token)
    return Redirect(path="/", cookies=[expired(SESSION_COOKIE)], status_code=303)
