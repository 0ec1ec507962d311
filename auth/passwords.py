"""Password hashing (argon2id with parameters from settings) and the password policy."""

from __future__ import annotations

import contextlib
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.settings import Settings

MIN_LENGTH = 12
MAX_LENGTH = 256
_DUMMY_PASSWORD = "adal-dummy-password-for-timing"  # noqa: S105 - hashed only to equalise timing


@cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def hasher(settings: Settings) -> PasswordHasher:
    """The argon2id hasher configured by ``settings.argon2_*``."""
    return _hasher(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)


def hash_password(settings: Settings, password: str) -> str:
    """An argon2id hash of ``password``."""
    return hasher(settings).hash(password)


@cache
def _dummy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_kib, parallelism).hash(_DUMMY_PASSWORD)


def verify_password(settings: Settings, stored: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored``; with no hash a dummy is verified so timing is alike."""
    h = hasher(settings)
    if stored is None:
        dummy = _dummy_hash(
            settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
        )
        with contextlib.suppress(VerificationError):
            h.verify(dummy, password + "\x00")
        return False
    try:
        return h.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(settings: Settings, stored: str) -> bool:
    """True when ``stored`` was hashed with other parameters than the configured ones."""
    try:
        return hasher(settings).check_needs_rehash(stored)
    except InvalidHashError:
        return True


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (lower-cased)."""
    text = resources.files("auth").joinpath("data", "common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why ``password`` is not acceptable (an English message to translate), or None."""
    if len(password) < MIN_LENGTH:
        return "Use at least 12 characters."
    if len(password) > MAX_LENGTH:
        return "Use at most 256 characters."
    lowered = password.lower()
    if lowered in common_passwords():
        return "This password is too common; choose another."
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in lowered:
        return "The password must not contain your email address."
    return None
