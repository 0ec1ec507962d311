"""The domains Adal is made of, found by convention so that adding one touches no shared list.

Each domain package may have: ``models`` (tables, on advanced-alchemy's shared metadata), ``routes``
(a Litestar ``router``), ``events`` and ``tasks`` (imported so their ``@subscribe``/``@job`` register),
``middleware`` (a ``middleware(settings)`` list factory, auth only), ``demo`` (``async seed(session,
settings) -> list[str]`` for ``adal demo``) and ``templates/``.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

DOMAINS = ("auth", "assessments", "recruiting", "training")
ROOT = Path(__file__).resolve().parent.parent


def _optional(name: str) -> ModuleType | None:
    """Import ``name`` if such a module exists (an ImportError inside it still propagates)."""
    parent, _, _child = name.rpartition(".")
    if importlib.util.find_spec(parent) is None or importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def load_domains() -> None:
    """Import every table, and every module that registers jobs or event handlers."""
    load_models()
    importlib.import_module("workers.outbox")
    for domain in DOMAINS:
        for part in ("events", "tasks"):
            _optional(f"{domain}.{part}")


def load_models() -> Any:
    """Import every table definition; return the shared metadata."""
    from advanced_alchemy.base import orm_registry

    importlib.import_module("workers.models")
    importlib.import_module("auth.audit.models")
    for domain in DOMAINS:
        _optional(f"{domain}.models")
    return orm_registry.metadata


def demo_seeders() -> list[Any]:
    """The demo seeders of the domains, in dependency order."""
    modules = [_optional(f"{d}.demo") for d in DOMAINS]
    return [m.seed for m in modules if m is not None]


def routers() -> list[Any]:
    """The domain routers."""
    modules = [_optional(f"{d}.routes") for d in DOMAINS]
    return [m.router for m in modules if m is not None]


def middleware(settings: Any) -> list[Any]:
    """Domain middleware in order (authentication first)."""
    module = _optional("auth.middleware")
    return list(module.middleware(settings)) if module is not None else []


def template_dirs() -> list[Path]:
    """app's base templates first, then each domain's ``templates/`` folder."""
    dirs = [ROOT / "app" / "templates"]
    dirs += [ROOT / d / "templates" for d in DOMAINS if (ROOT / d / "templates").is_dir()]
    return dirs
