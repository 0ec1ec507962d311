"""Every non-public ``/api`` operation of the OpenAPI document refuses an anonymous caller with 401."""

from __future__ import annotations

import re
from typing import Any

from app.main import create_app
from app.settings import Settings
from auth.guards import declared_access

METHODS = ("get", "post", "put", "patch", "delete")


def _public_operations(settings: Settings) -> set[tuple[str, str]]:
    app = create_app(settings)
    public = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if declared_access(handler) == "public":
                path = re.sub(r"\{(\w+):[^}]+\}", r"{\1}", route.path)
                public |= {(m.lower(), path) for m in handler.http_methods}
    return public


def _example(parameter: dict[str, Any]) -> str:
    schema = parameter.get("schema", {})
    if schema.get("type") == "integer":
        return "1"
    if schema.get("format") == "uuid":
        return "00000000-0000-4000-8000-000000000001"
    return "x"


async def test_every_private_api_operation_answers_401_without_credentials(
    client: Any, settings: Settings
) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    public = _public_operations(settings)
    checked, wrong = 0, []
    for path, item in document["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method in METHODS:
            operation = item.get(method)
            if operation is None or (method, path) in public:
                continue
            url = path
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path":
                    url = url.replace("{" + parameter["name"] + "}", _example(parameter))
            answer = await client.request(method.upper(), url, json={})
            checked += 1
            if answer.status_code != 401:
                wrong.append(f"{method.upper()} {path} -> {answer.status_code}")
    assert checked > 0
    assert wrong == []


async def test_public_auth_operations_are_the_token_endpoints_and_reference_data(settings: Settings) -> None:
    public_api = {
        op
        for op in _public_operations(settings)
        if op[1].startswith(("/api/auth", "/api/org")) and op[0] != "options"
    }
    assert public_api == {
        ("post", "/api/auth/token"),
        ("post", "/api/auth/refresh"),
        ("post", "/api/auth/logout"),
        ("get", "/api/org/regions"),
        ("get", "/api/org/bodies"),
    }
