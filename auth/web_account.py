"""Self-service pages: register, confirm the email, reset the password, my account, my authenticator."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from msgspec import Struct
from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import COOKIE, LANGUAGES, language_of
from auth.flows import AccountFlows, PasswordRejected
from auth.guards import PUBLIC, principal_of, requires_login
from auth.principal import Principal
from auth.service import AccountService, OrgService
from auth.totp import TotpService, new_secret, provisioning_uri

CHECK_MAIL = "If the address can be used, we have sent a message to it. Follow the link in it to continue."


class RegisterForm(Struct):
    """The registration form."""

    email: str
    password: str
    display_name: str


class EmailForm(Struct):
    """An email address."""

    email: str


class ResetForm(Struct):
    """A reset token and the new password."""

    token: str
    password: str


class LanguageForm(Struct):
    """The preferred language."""

    language: str


class TotpForm(Struct):
    """A key being enrolled and a code made from it."""

    secret: str
    code: str
    next: str = "/account"


def message(title: str, text: str, *, status: int = 200, error: bool = False, link: str = "") -> Template:
    """A one-paragraph page (the message is translated in the template)."""
    context = {"title": title, "message": text, "error": error, "link": link, "link_text": "Sign in"}
    return Template(template_name="auth/message.html", context=context, status_code=status)


class SelfServiceController(Controller):
    """Registration, email confirmation and password reset (public)."""

    include_in_schema = False
    opt = PUBLIC

    @get("/register")
    async def register_page(self) -> Template:
        """The registration form."""
        return Template(template_name="auth/register.html")

    @post("/register", status_code=200)
    async def register(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[RegisterForm],
    ) -> Template:
        """Create a candidate account and mail a confirmation link (the same answer for a taken address)."""
        try:
            await AccountFlows(db_session).register(
                email=data.email,
                password=data.password,
                display_name=data.display_name,
                language=language_of(request),
            )
        except PasswordRejected as exc:
            context = {"error": str(exc), "email": data.email, "display_name": data.display_name}
            return Template(template_name="auth/register.html", context=context, status_code=400)
        return message("Check your email", CHECK_MAIL)

    @get("/verify-email")
    async def verify_email(
        self, db_session: NamedDependency[AsyncSession], token: FromQuery[str] = ""
    ) -> Template:
        """Confirm the address with the mailed token."""
        if await AccountFlows(db_session).verify_email(token) is None:
            return message(
                "Link not valid", "This link has expired or was already used.", status=400, error=True
            )
        return message("Email confirmed", "Your email address is confirmed. You can sign in.", link="/login")

    @get("/password/forgot")
    async def forgot_page(self) -> Template:
        """Ask for the address to send a reset link to."""
        return Template(template_name="auth/forgot.html")

    @post("/password/forgot", status_code=200)
    async def forgot(
        self, db_session: NamedDependency[AsyncSession], data: URLEncodedBody[EmailForm]
    ) -> Template:
        """Mail a reset link if the account exists; answer the same either way."""
        await AccountFlows(db_session).request_reset(data.email)
        return message("Check your email", CHECK_MAIL)

    @get("/password/reset")
    async def reset_page(self, token: FromQuery[str] = "") -> Template:
        """The new-password form."""
        return Template(template_name="auth/reset.html", context={"token": token})

    @post("/password/reset", status_code=200)
    async def reset(
        self, db_session: NamedDependency[AsyncSession], data: URLEncodedBody[ResetForm]
    ) -> Template:
        """Set the new password (signing out every session) if the token is valid."""
        try:
            user = await AccountFlows(db_session).reset_password(data.token, data.password)
        except PasswordRejected as exc:
            context = {"token": data.token, "error": str(exc)}
            return Template(template_name="auth/reset.html", context=context, status_code=400)
        if user is None:
            return message(
                "Link not valid", "This link has expired or was already used.", status=400, error=True
            )
        return message(
            "Password changed", "Your password is changed. Sign in with the new one.", link="/login"
        )


def _me(request: Request[Any, Any, Any]) -> Principal:
    principal = principal_of(request)
    assert principal is not None  # guarded by requires_login
    return principal


class AccountController(Controller):
    """The signed-in user's own account."""

    path = "/account"
    include_in_schema = False
    guards = [requires_login()]

    @get("/")
    async def account(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        notice: FromQuery[str] = "",
    ) -> Template:
        """Name, email, roles, second factor and language preference."""
        accounts, lang = AccountService(db_session), language_of(request)
        user = await accounts.get(_me(request).user_id)
        grants = await accounts.grants(user.id)
        bodies = {b.id: b.name(lang) for b in await OrgService(db_session).bodies()}
        shown = notice if notice in {"Saved."} else ""
        context = {"user": user, "grants": grants, "bodies": bodies, "notice": shown}
        return Template(template_name="auth/account.html", context=context)

    @post("/language", status_code=303)
    async def language(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[LanguageForm],
    ) -> Redirect:
        """Keep the preferred language on the account (and in the language cookie)."""
        if data.language not in LANGUAGES:
            return Redirect(path="/account", status_code=303)
        await AccountService(db_session).set_language(_me(request).user_id, data.language)
        cookie = Cookie(
            key=COOKIE, value=data.language, max_age=365 * 24 * 3600, samesite="lax", httponly=True
        )
        return Redirect(path="/account?notice=Saved.", cookies=[cookie], status_code=303)

    @get("/totp")
    async def totp_page(self, request: Request[Any, Any, Any]) -> Template:
        """A new key to enrol (replaces the current authenticator once confirmed)."""
        secret = new_secret()
        context = {"secret": secret, "uri": provisioning_uri(secret, _me(request).email)}
        return Template(
            template_name="auth/totp_setup.html",
            context={**context, "next": "/account", "action": "/account/totp"},
        )

    @post("/totp", status_code=200)
    async def totp(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[TotpForm],
    ) -> Template:
        """Enrol the key and show new recovery codes."""
        user = await AccountService(db_session).get(_me(request).user_id)
        codes = await TotpService(db_session).enrol(user, data.secret, data.code)
        if codes is None:
            context = {
                "secret": data.secret,
                "uri": provisioning_uri(data.secret, user.email),
                "next": "/account",
            }
            context |= {"action": "/account/totp", "error": "The code is not valid. Try the next one."}
            return Template(template_name="auth/totp_setup.html", context=context, status_code=400)
        return Template(
            template_name="auth/recovery_codes.html", context={"codes": codes, "next": "/account"}
        )
