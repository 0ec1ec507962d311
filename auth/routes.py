"""The auth domain's router: sign-in pages, account pages, admin pages and the JSON API."""

from __future__ import annotations

from litestar import Router

from auth.api import OrgController, TokenController
from auth.web_account import AccountController, SelfServiceController
from auth.web_admin import AdminController, AuditController
from auth.web_login import LoginController, logout
from auth.web_oidc import OidcController

router = Router(
    path="/",
    route_handlers=[
        LoginController,
        OidcController,
        logout,
        SelfServiceController,
        AccountController,
        AdminController,
        AuditController,
        TokenController,
        OrgController,
    ],
)
