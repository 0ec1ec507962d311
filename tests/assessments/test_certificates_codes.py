"""Signed certificate codes: issue, verify, tamper, rotate."""

from __future__ import annotations

import re

import pytest

from assessments.certificates import CodeError, issue_code, verify_code

KEY = b"current-signing-key-0123456789ab"
OLD_KEY = b"previous-signing-key-0123456789a"
OTHER_KEY = b"someone-elses-key-0123456789abcd"
CODE_SHAPE = re.compile(r"^ADL(-[0-9A-HJKMNP-TV-Z]{1,4})+$")


@pytest.mark.parametrize(
    "payload_id", ["0", "7", "42", "123456", "98765432101234", "a1b2c3", "007", "Әлихан-1"]
)
def test_issued_code_verifies_back_to_its_payload_id(payload_id: str) -> None:
    code = issue_code(payload_id, KEY)
    assert CODE_SHAPE.match(code), code
    assert verify_code(code, KEY) == payload_id


def test_numeric_ids_give_short_codes() -> None:
    code = issue_code("123456", KEY)
    assert len(code.replace("-", "")) <= 16, code


def test_code_is_accepted_as_people_type_it() -> None:
    code = issue_code("123456", KEY)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert verify_code(typed, KEY) == "123456"
    assert verify_code(code.removeprefix("ADL-"), KEY) == "123456"


def test_code_from_another_key_is_rejected() -> None:
    assert verify_code(issue_code("123456", OTHER_KEY), KEY) is None


def test_every_single_character_change_is_rejected() -> None:
    code = issue_code("123456", KEY)
    body_positions = [i for i, ch in enumerate(code) if ch != "-" and i >= 4]
    for position in body_positions:
        original = code[position]
        replacement = "7" if original != "7" else "8"
        tampered = code[:position] + replacement + code[position + 1 :]
        assert verify_code(tampered, KEY) is None, tampered


def test_payload_swapped_between_codes_is_rejected() -> None:
    first, second = (issue_code(i, KEY).removeprefix("ADL-").replace("-", "") for i in ("1001", "1002"))
    forged = first[:-8] + second[-8:]  # id of the first, signature of the second
    assert forged not in (first, second)
    assert verify_code(forged, KEY) is None


@pytest.mark.parametrize(
    "garbage", ["", "ADL", "ADL-", "ADL-N1", "ADL-XXXX-XXXX", "ADL-U000-0000-0000", "hello world"]
)
def test_malformed_codes_are_rejected(garbage: str) -> None:
    assert verify_code(garbage, KEY) is None


def test_rotated_key_is_accepted_while_listed() -> None:
    old_code = issue_code("555", OLD_KEY)
    assert verify_code(old_code, [KEY, OLD_KEY]) == "555"
    assert verify_code(issue_code("555", KEY), [KEY, OLD_KEY]) == "555"
    assert verify_code(old_code, [KEY]) is None


def test_short_keys_and_oversized_ids_are_refused() -> None:
    with pytest.raises(CodeError):
        issue_code("1", b"short")
    with pytest.raises(CodeError):
        issue_code("x" * 21, KEY)
    with pytest.raises(CodeError):
        issue_code("", KEY)
