"""The access matrix: every /api operation called as every role answers as its guard declares.

A role the route does not name gets 403; a role it names gets past the guard (any answer but 401/403 from
the guard: 200, 404 for the made-up ids, 422 for the empty body...). Some families are also pinned down
explicitly, so that a guard loosened by mistake fails here even if it still "declares" something.
"""

from __future__ import annotations

import re
from typing import Any

from auth.guards import declared_access
from auth.principal import Role
from tests.auth_fixtures import MakeBody, MakeUser

PARAM = re.compile(r"\{(\w+):(\w+)\}")
# Families whose callers are fixed by the rules of the platform (prefix → roles that may pass the guard).
FAMILIES = {
    "/api/recruiting/hr/": {Role.HR_OFFICER, Role.ADMIN},
    "/api/recruiting/audit/": {Role.AUDITOR, Role.ADMIN},
    "/api/training/admin/": {Role.TRAINING_ADMIN, Role.ADMIN},
}


def _operations(app: Any) -> list[tuple[str, str, frozenset[str] | None]]:
    ops = []
    for route in app.routes:
        if not route.path.startswith("/api/"):
            continue
        for handler in getattr(route, "route_handlers", []):
            access = declared_access(handler)
            roles = None if access == "public" else frozenset((access or "").split(","))
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                path = PARAM.sub(lambda m: "999999" if m.group(2) == "int" else "x", route.path)
                ops.append((method, path, roles))
    return ops


async def test_every_api_operation_answers_each_role_as_declared(
    client: Any, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body()
    tokens = {role: (await make_user(role, body_id=body.id))[1] for role in Role}
    wrong: list[str] = []
    for method, path, roles in _operations(client.app):
        if roles is None:
            continue
        for prefix, allowed in FAMILIES.items():
            if path.startswith(prefix) and not roles <= {r.value for r in allowed}:
                wrong.append(f"{method} {path} admits {sorted(roles)}, family allows {sorted(allowed)}")
        for role, headers in tokens.items():
            res = await client.request(method, path, headers=headers, json={} if method != "GET" else None)
            if role.value in roles and res.status_code == 401:
                wrong.append(f"{method} {path} as {role}: 401 though allowed")
            if role.value not in roles and res.status_code != 403:
                wrong.append(f"{method} {path} as {role}: {res.status_code}, expected 403")
    assert wrong == []


async def test_candidate_token_is_refused_by_hr_and_admin_operations(
    client: Any, make_user: MakeUser, make_body: MakeBody
) -> None:
    _, candidate = await make_user(Role.CANDIDATE)
    refused = []
    for method, path, roles in _operations(client.app):
        if roles and Role.CANDIDATE.value not in roles and roles & {"hr_officer", "admin"}:
            res = await client.request(method, path, headers=candidate, json={} if method != "GET" else None)
            refused.append(res.status_code)
    assert refused and set(refused) == {403}
