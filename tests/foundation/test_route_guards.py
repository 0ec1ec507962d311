"""Every route of the assembled app declares who may call it, or is public on purpose."""

from __future__ import annotations

from app.main import create_app
from app.settings import Settings
from auth.guards import declared_access


def test_every_route_declares_its_access(settings: Settings) -> None:
    app = create_app(settings)
    undeclared = [
        f"{sorted(handler.http_methods)} {route.path}"
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        if declared_access(handler) is None
    ]
    assert undeclared == []
