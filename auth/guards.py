"""Route guards. Every route declares who may call it (``requires_role``) or is ``PUBLIC`` on purpose."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from auth.principal import Principal, Role

PUBLIC: dict[str, Any] = {"public": True}
"""``opt=PUBLIC`` marks a route open to anyone, deliberately."""

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    """The authenticated principal of this connection, if any."""
    user = connection.scope.get("user")
    return user if isinstance(user, Principal) else None


def requires_role(*roles: Role, body_param: str | None = None) -> Guard:
    """A guard admitting principals holding one of ``roles`` (for the body in ``body_param`` if given)."""

    # async on purpose: Litestar runs a plain-function guard in a worker thread, a thread hop per request
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        principal = principal_of(connection)
        if principal is None:
            raise NotAuthorizedException("Sign in to continue.")
        if body_param is not None:
            body_id = int(connection.path_params[body_param])
            if any(principal.may_act_for(r, body_id) for r in roles) or principal.has_role(Role.ADMIN):
                return
        elif principal.has_role(*roles):
            return
        raise PermissionDeniedException("Your role does not allow this.")

    guard.adal_roles = frozenset(roles)  # type: ignore[attr-defined]
    return guard


def requires_login() -> Guard:
    """A guard admitting any authenticated principal (their own data is scoped by the service)."""
    return requires_role(*Role)


def _framework_public(handler: BaseRouteHandler) -> bool:
    """Litestar's own routes: the OpenAPI document and the automatic OPTIONS answers."""
    module = getattr(handler.fn, "__module__", "") or ""
    methods: set[str] = getattr(handler, "http_methods", set())
    return module.startswith("litestar.") and (methods == {"OPTIONS"} or "openapi" in module)


def declared_access(handler: BaseRouteHandler) -> str | None:
    """How a route declares its access: 'public', the roles, or None when it declares nothing."""
    if handler.opt.get("public") or _framework_public(handler):
        return "public"
    guards = [g for layer in handler.ownership_layers for g in (layer.guards or [])]
    roles = sorted({r for g in guards for r in getattr(g, "adal_roles", ())})
    return ",".join(roles) if roles else None
