"""Kazakh, Russian and English: message catalogs (Babel PO files) and the language of a request.

Each package may ship ``translations/<lang>.po``; the catalogs of all packages are merged. Messages are
written in English in code and templates (``_("Sign in")``); ``pybabel extract`` collects them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import Any

from babel.messages.pofile import read_po
from litestar.connection import ASGIConnection

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
COOKIE = "adal_lang"
PACKAGES = ("app", "auth", "recruiting", "assessments", "training")


@cache
def catalog(lang: str, packages: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    """Merged msgid → msgstr for ``lang`` across packages (read once per process)."""
    merged: dict[str, str] = {}
    for package in packages:
        try:
            po = resources.files(package).joinpath("translations", f"{lang}.po")
            if not po.is_file():
                continue
        except ModuleNotFoundError:
            continue
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang if lang != "kk" else "kk"):
                if message.id and message.string and not message.fuzzy:
                    merged[str(message.id)] = str(message.string)
    return merged


def gettext(lang: str) -> Callable[[str], str]:
    """A translate function for ``lang``; unknown messages stay in English."""
    table = catalog(lang) if lang in LANGUAGES else {}

    def translate(message: str, **params: Any) -> str:
        text = table.get(message, message)
        return text.format(**params) if params else text

    return translate


def _accept_language(header: str) -> Iterable[str]:
    ranked = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((weight, tag.split("-")[0].lower()))
    return [tag for _, tag in sorted(ranked, reverse=True)]


def language_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The request's language: cookie, then the signed-in user's choice, then Accept-Language, then Kazakh."""
    cookie = connection.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    user = connection.scope.get("user")
    preferred = getattr(user, "language", None)
    if preferred in LANGUAGES:
        return str(preferred)
    for tag in _accept_language(connection.headers.get("accept-language", "")):
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


def template_gettext(ctx: dict[str, Any], message: str, **params: Any) -> str:
    """``{{ _("...") }}`` in templates, in the language of the request being rendered."""
    request = ctx.get("request")
    lang = language_of(request) if request is not None else DEFAULT_LANGUAGE
    return gettext(lang)(message, **params)


def template_lang(ctx: dict[str, Any]) -> str:
    """``{{ lang() }}`` in templates."""
    request = ctx.get("request")
    return language_of(request) if request is not None else DEFAULT_LANGUAGE
