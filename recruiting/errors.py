"""Recruiting errors: HTTP exceptions, so the app's handler turns them into problem details."""

from __future__ import annotations

from litestar.exceptions import HTTPException


class RecruitingError(HTTPException):
    """Base of recruiting's domain errors."""

    status_code = 400


class NotFound(RecruitingError):
    """No such vacancy, application or record (or not yours to see)."""

    status_code = 404


class Forbidden(RecruitingError):
    """Outside the caller's state body or role."""

    status_code = 403


class Conflict(RecruitingError):
    """The request clashes with the current state (duplicate, wrong stage)."""

    status_code = 409


class Invalid(RecruitingError):
    """The input breaks a rule; the message says which."""

    status_code = 422


class UploadProblem(RecruitingError):
    """A rejected upload (413 too large, 415 wrong type, 422 unreadable)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail=detail, status_code=status)
