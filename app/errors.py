"""Errors as RFC 9457 problem details (JSON API) or a readable page (HTML), never a stack trace."""

from __future__ import annotations

import logging
import uuid
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from app.logs import request_id

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    401: "Sign-in required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Upload too large",
    415: "Unsupported file type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    accept = request.headers.get("accept", "")
    return not request.url.path.startswith("/api") and "text/html" in accept


def problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Turn any exception into a problem-details answer with a message a person understands.

    A browser asking for a page without being signed in is sent to sign in, and back afterwards.
    """
    if isinstance(exc, NotAuthorizedException) and _wants_html(request):
        return Redirect(path=f"/login?{urlencode({'next': request.url.path})}", status_code=303)
    if isinstance(exc, HTTPException):
        status, detail = exc.status_code, exc.detail
        headers = dict(exc.headers or {})
    else:
        log.exception("unhandled error", extra={"path": request.url.path})
        status, detail, headers = HTTP_500_INTERNAL_SERVER_ERROR, "Something went wrong on our side.", {}
    rid = request_id.get()
    if rid == "-":  # unmatched routes are answered before the request-id middleware runs
        rid = request.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex
    headers["x-request-id"] = rid
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": rid,
    }
    if isinstance(exc, ValidationException) and exc.extra:
        body["errors"] = exc.extra
    if _wants_html(request):
        return Template(
            template_name="error.html", context={"problem": body}, status_code=status, headers=headers
        )
    return Response(body, status_code=status, media_type="application/problem+json", headers=headers)


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {Exception: problem_response}
