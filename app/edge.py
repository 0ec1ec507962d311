"""The application's edge, in one pass per request: the request id (taken from X-Request-ID or made), the
access log line, and the security headers on every response (never overriding what a handler set)."""

from __future__ import annotations

import logging
import os
import time

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app.logs import request_id

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
QUIET_PATHS = frozenset({"/health"})


def _incoming_id(scope: Scope) -> str:
    for key, value in scope["headers"]:
        if key == b"x-request-id":
            incoming = bytes(value).decode("latin-1")[:64]
            if incoming and incoming.isascii():
                return incoming
    return os.urandom(16).hex()


def edge_middleware(app: ASGIApp) -> ASGIApp:
    """Request id, access log and security headers around the whole application."""
    access = logging.getLogger("adal.access")

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        rid = _incoming_id(scope)
        token = request_id.set(rid)
        started, status = time.perf_counter(), 500

        async def send_at_edge(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers") or ())
                present = {bytes(name).lower() for name, _ in headers}
                headers.extend(pair for pair in SECURITY_HEADERS if pair[0] not in present)
                headers.append((b"x-request-id", rid.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await app(scope, receive, send_at_edge)
        finally:
            if access.isEnabledFor(logging.INFO) and scope["path"] not in QUIET_PATHS:
                access.info(
                    "request",
                    extra={
                        "method": scope.get("method", ""),
                        "path": scope["path"],
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            request_id.reset(token)

    return middleware
