import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from training.xapi import (
    InvalidStatement,
    XapiConfig,
    activity,
    agent_from_account,
    agent_from_email,
    build_statement,
    export_jsonl,
    iso_duration,
    result,
    validate_statement,
)

CONFIG = XapiConfig(
    activity_base="https://adal.example.kz/xapi/", account_home_page="https://adal.example.kz"
)
WHEN = datetime(2025, 5, 6, 14, 30, tzinfo=timezone(timedelta(hours=5)))


def _passed(actor: dict) -> dict:
    return build_statement(
        CONFIG,
        actor=actor,
        verb="passed",
        target=activity(CONFIG, "assessment", "ethics-101", "final", name={"ru-RU": "Итоговый тест"}),
        timestamp=WHEN,
        result=result(raw=85, minimum=0, maximum=100, success=True, completion=True),
        parent=activity(CONFIG, "course", "ethics-101"),
        statement_id=uuid.UUID(int=7),
    )


def test_statement_has_required_fields_and_hashed_mbox():
    statement = _passed(agent_from_email(" Aigul.Akhmetova@Gov.kz "))
    expected = hashlib.sha1(b"mailto:aigul.akhmetova@gov.kz").hexdigest()
    assert statement["actor"] == {"objectType": "Agent", "mbox_sha1sum": expected}
    assert statement["id"] == str(uuid.UUID(int=7))
    assert statement["verb"] == {
        "id": "http://adlnet.gov/expapi/verbs/passed",
        "display": {"en-US": "passed"},
    }
    assert statement["object"]["id"] == "https://adal.example.kz/xapi/assessments/ethics-101/final"
    assert statement["result"]["score"] == {"scaled": 0.85, "raw": 85, "min": 0, "max": 100}
    assert statement["timestamp"] == "2025-05-06T09:30:00.000Z"
    assert statement["context"]["contextActivities"]["parent"][0]["id"].endswith("/courses/ethics-101")
    assert "aigul" not in json.dumps(statement).lower()


def test_account_actor_is_accepted_and_email_as_name_is_not():
    assert validate_statement(_passed(agent_from_account(CONFIG, "u-42"))) == []
    with pytest.raises(InvalidStatement, match="email"):
        _passed(agent_from_account(CONFIG, "someone@gov.kz"))


def test_validation_rejects_raw_mbox_and_broken_fields():
    statement = _passed(agent_from_email("a@gov.kz"))
    statement["actor"] = {"objectType": "Agent", "mbox": "mailto:a@gov.kz"}
    statement["result"]["score"]["scaled"] = 1.5
    statement["timestamp"] = "2025-05-06T09:30:00"
    statement["id"] = "nope"
    problems = " | ".join(validate_statement(statement))
    for fragment in ("raw mbox", "scaled", "timezone", "UUID", "mailto"):
        assert fragment in problems


def test_result_rejects_raw_outside_range_and_naive_timestamps():
    with pytest.raises(InvalidStatement):
        result(raw=120, minimum=0, maximum=100)
    with pytest.raises(InvalidStatement):
        build_statement(
            CONFIG,
            actor=agent_from_email("a@gov.kz"),
            verb="launched",
            target=activity(CONFIG, "lesson", "c1", "l1"),
            timestamp=datetime(2025, 1, 1),
        )


def test_iso_duration_format():
    assert iso_duration(timedelta(hours=1, minutes=2, seconds=3.5)) == "PT1H2M3.5S"
    assert result(duration=timedelta(minutes=5))["duration"] == "PT0H5M0S"


def test_export_writes_one_valid_statement_per_line():
    statements = [_passed(agent_from_email(f"user{i}@gov.kz")) for i in range(3)]
    lines = export_jsonl(statements).decode().splitlines()
    assert len(lines) == 3 and json.loads(lines[0]) == statements[0]
    broken = dict(statements[1], verb={"id": "passed"})
    with pytest.raises(InvalidStatement, match="statement 2"):
        export_jsonl([statements[0], broken])


def test_timestamps_are_normalised_to_utc():
    statement = _passed(agent_from_email("a@gov.kz"))
    parsed = datetime.fromisoformat(statement["timestamp"])
    assert parsed == WHEN and parsed.tzinfo == UTC
