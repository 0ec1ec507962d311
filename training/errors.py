"""Training's domain errors, mapped to problem details by the app's handler."""

from __future__ import annotations

from litestar.exceptions import HTTPException
from litestar.status_codes import (
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)


class NotFound(HTTPException):
    """The course, lesson, enrolment or certificate does not exist (or is not yours)."""

    status_code = HTTP_404_NOT_FOUND


class Forbidden(HTTPException):
    """Outside the caller's body scope."""

    status_code = HTTP_403_FORBIDDEN


class Conflict(HTTPException):
    """The action does not fit the current state (e.g. a quiz already submitted)."""

    status_code = HTTP_409_CONFLICT


class Invalid(HTTPException):
    """Input that cannot be used."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY
