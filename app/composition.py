"""The list of domains Adal is made of: their routers, their jobs and event handlers, their templates."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

DOMAINS = ("auth", "recruiting", "assessments", "training")

# Modules that register jobs (``@job``) and event subscribers (``@subscribe``) when imported.
EVENT_MODULES = ("workers.outbox",)

# Modules that define tables (all share advanced-alchemy's metadata).
MODEL_MODULES = ("workers.models", "auth.audit.models")

# async seeders ``seed(session, settings) -> list[str]`` run by ``adal demo`` in order.
DEMO_SEEDERS: tuple[str, ...] = ()

# "module:attribute" of each domain's Litestar Router.
ROUTERS: tuple[str, ...] = ()


def load_domains() -> None:
    """Import every module that registers jobs or event handlers."""
    for name in EVENT_MODULES:
        importlib.import_module(name)


def load_models() -> Any:
    """Import every table definition; return the shared metadata."""
    from advanced_alchemy.base import orm_registry

    for name in MODEL_MODULES:
        importlib.import_module(name)
    return orm_registry.metadata


def _attr(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def demo_seeders() -> list[Any]:
    """The demo seeders, imported on demand."""
    return [_attr(spec) for spec in DEMO_SEEDERS]


def routers() -> list[Any]:
    """The domain routers, imported on demand."""
    return [_attr(spec) for spec in ROUTERS]


def template_dirs() -> list[Path]:
    """app's base templates first, then each domain's ``templates/`` folder."""
    root = Path(__file__).resolve().parent.parent
    dirs = [root / "app" / "templates"]
    dirs += [root / d / "templates" for d in DOMAINS if (root / d / "templates").is_dir()]
    return dirs


def middleware(settings: Any) -> list[Any]:
    """Domain middleware in order (authentication first)."""
    return []
