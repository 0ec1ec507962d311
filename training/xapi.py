"""xAPI 1.0.3 statements: building, validation and JSON Lines export, without raw emails."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal
from urllib.parse import quote, urlsplit

import msgspec

XAPI_VERSION: Final = "1.0.3"
_ADL_VERBS: Final = "http://adlnet.gov/expapi/verbs/"
VERBS: Final = {
    name: _ADL_VERBS + name
    for name in ("launched", "experienced", "completed", "attempted", "passed", "failed")
}
ACTIVITY_TYPES: Final = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
}
_SHA1_HEX: Final = re.compile(r"^[0-9a-f]{40}$")
_DURATION: Final = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")

Verb = Literal["launched", "experienced", "completed", "attempted", "passed", "failed"]
ActivityKind = Literal["course", "lesson", "assessment"]
Statement = dict[str, Any]


@dataclass(frozen=True, slots=True)
class XapiConfig:
    """Where activity ids and actor accounts live; both absolute https URLs."""

    activity_base: str
    account_home_page: str
    platform: str = "Adal"


class InvalidStatement(ValueError):
    """A statement breaks xAPI 1.0.3 or this platform's privacy rules."""


def agent_from_email(email: str) -> dict[str, str]:
    """An Agent identified by the SHA-1 of its normalised mailto IRI; the email itself is not kept."""
    normalised = email.strip().lower()
    digest = hashlib.sha1(f"mailto:{normalised}".encode(), usedforsecurity=False).hexdigest()
    return {"objectType": "Agent", "mbox_sha1sum": digest}


def agent_from_account(config: XapiConfig, user_id: str) -> dict[str, Any]:
    """An Agent identified by a platform account (an opaque user id, not a name or email)."""
    return {"objectType": "Agent", "account": {"homePage": config.account_home_page, "name": user_id}}


def activity(
    config: XapiConfig, kind: ActivityKind, *path: str, name: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """An Activity whose id is `{activity_base}/{kind}s/{path...}`, with optional names per language."""
    segments = "/".join(quote(str(p), safe="") for p in path)
    definition: dict[str, Any] = {"type": ACTIVITY_TYPES[kind]}
    if name:
        definition["name"] = dict(name)
    return {
        "objectType": "Activity",
        "id": f"{config.activity_base.rstrip('/')}/{kind}s/{segments}",
        "definition": definition,
    }


def result(
    *,
    raw: float | None = None,
    minimum: float = 0.0,
    maximum: float = 100.0,
    success: bool | None = None,
    completion: bool | None = None,
    duration: timedelta | None = None,
) -> dict[str, Any]:
    """A Result; `scaled` is derived from raw within [minimum, maximum]."""
    out: dict[str, Any] = {}
    if raw is not None:
        if not minimum <= raw <= maximum or minimum >= maximum:
            raise InvalidStatement("score must satisfy min <= raw <= max and min < max")
        scaled = round((raw - minimum) / (maximum - minimum), 4)
        out["score"] = {"scaled": scaled, "raw": raw, "min": minimum, "max": maximum}
    if success is not None:
        out["success"] = success
    if completion is not None:
        out["completion"] = completion
    if duration is not None:
        out["duration"] = iso_duration(duration)
    return out


def iso_duration(value: timedelta) -> str:
    """An ISO 8601 duration such as PT1H2M3.5S."""
    seconds = max(value.total_seconds(), 0.0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{secs:.2f}".rstrip("0").rstrip(".")
    return f"PT{int(hours)}H{int(minutes)}M{text}S"


def iso_timestamp(moment: datetime) -> str:
    """A timezone-aware moment as UTC ISO 8601 with milliseconds and a Z suffix."""
    if moment.tzinfo is None:
        raise InvalidStatement("timestamp must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def build_statement(
    config: XapiConfig,
    *,
    actor: Mapping[str, Any],
    verb: Verb,
    target: Mapping[str, Any],
    timestamp: datetime,
    result: Mapping[str, Any] | None = None,
    parent: Mapping[str, Any] | None = None,
    registration: uuid.UUID | None = None,
    language: str | None = None,
    statement_id: uuid.UUID | None = None,
) -> Statement:
    """Assemble and validate one statement about `actor` doing `verb` to `target`."""
    context: dict[str, Any] = {"platform": config.platform}
    if parent is not None:
        context["contextActivities"] = {"parent": [{"objectType": "Activity", "id": parent["id"]}]}
    if registration is not None:
        context["registration"] = str(registration)
    if language:
        context["language"] = language
    statement: Statement = {
        "id": str(statement_id or uuid.uuid4()),
        "actor": dict(actor),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": dict(target),
        "context": context,
        "timestamp": iso_timestamp(timestamp),
        "version": XAPI_VERSION,
    }
    if result:
        statement["result"] = dict(result)
    problems = validate_statement(statement)
    if problems:
        raise InvalidStatement("; ".join(problems))
    return statement


def _is_iri(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("urn", "mailto", "tag"))


def _check_actor(actor: Any) -> list[str]:
    if not isinstance(actor, dict):
        return ["actor must be an object"]
    if "mbox" in actor or "member" in actor:
        return ["actor must not carry a raw mbox or group members"]
    identifiers = [k for k in ("mbox_sha1sum", "openid", "account") if k in actor]
    if len(identifiers) != 1:
        return ["actor needs exactly one identifier (mbox_sha1sum, openid or account)"]
    if "mbox_sha1sum" in actor and not _SHA1_HEX.match(str(actor["mbox_sha1sum"])):
        return ["mbox_sha1sum must be 40 lowercase hex digits"]
    account = actor.get("account")
    if account is not None and not (
        isinstance(account, dict) and _is_iri(account.get("homePage")) and account.get("name")
    ):
        return ["account needs an IRL homePage and a name"]
    if "@" in str(actor.get("name", "")) or "@" in str(account.get("name", "") if account else ""):
        return ["actor must not contain an email address"]
    return []


def _check_result(res: Any) -> list[str]:
    if not isinstance(res, dict):
        return ["result must be an object"]
    flags = [k for k in ("success", "completion") if k in res and not isinstance(res[k], bool)]
    problems = [f"result.{k} must be a boolean" for k in flags]
    if "duration" in res and not _DURATION.match(str(res["duration"])):
        problems.append("result.duration must be an ISO 8601 duration")
    score = res.get("score")
    if score is None:
        return problems
    scaled, raw = score.get("scaled"), score.get("raw")
    low, high = score.get("min"), score.get("max")
    if scaled is not None and not -1 <= scaled <= 1:
        problems.append("score.scaled must be within [-1, 1]")
    if low is not None and high is not None and low >= high:
        problems.append("score.min must be below score.max")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        problems.append("score.raw must lie within [min, max]")
    return problems


def validate_statement(statement: Mapping[str, Any]) -> list[str]:
    """Problems with a statement under xAPI 1.0.3 and the no-raw-email rule; empty when valid."""
    problems: list[str] = []
    try:
        uuid.UUID(str(statement.get("id")))
    except ValueError:
        problems.append("id must be a UUID")
    problems += _check_actor(statement.get("actor"))
    verb = statement.get("verb")
    if not isinstance(verb, dict) or not _is_iri(verb.get("id")):
        problems.append("verb.id must be an IRI")
    obj = statement.get("object")
    if not isinstance(obj, dict) or not _is_iri(obj.get("id")):
        problems.append("object.id must be an IRI")
    if "result" in statement:
        problems += _check_result(statement["result"])
    try:
        stamp = datetime.fromisoformat(str(statement.get("timestamp")))
        if stamp.tzinfo is None:
            problems.append("timestamp must carry a timezone")
    except ValueError:
        problems.append("timestamp must be ISO 8601")
    if "mailto:" in msgspec.json.encode(statement).decode():
        problems.append("statement must not contain a mailto: address")
    return problems


def export_jsonl(statements: Iterable[Mapping[str, Any]]) -> bytes:
    """Validate and serialise statements as JSON Lines (one compact statement per line)."""
    lines: list[bytes] = []
    for number, statement in enumerate(statements, start=1):
        problems = validate_statement(statement)
        if problems:
            raise InvalidStatement(f"statement {number}: {'; '.join(problems)}")
        lines.append(msgspec.json.encode(statement))
    return b"".join(line + b"\n" for line in lines)
