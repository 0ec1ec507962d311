"""Scoring engine: item points per type and pass/fail of a form by its blueprint."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.scoring import (
    AnswerKeyError,
    Blueprint,
    FormItem,
    SectionSpec,
    legislation_blueprint,
    max_points,
    score_form,
    score_item,
)


@pytest.mark.parametrize(
    ("response", "points"),
    [([0, 2], 1.0), ([0], 0.5), ([0, 1], 0.0), ([0, 2, 3], 0.5), ([1, 3], 0.0), ([], 0.0), (None, 0.0)],
)
def test_multiple_gives_partial_credit_floored_at_zero(response: list[int] | None, points: float) -> None:
    assert score_item("multiple", {"correct": [0, 2]}, response) == points


def test_single_numeric_ordering_sjt_and_essay() -> None:
    assert score_item("single", {"correct": 2}, 2) == 1.0
    assert score_item("single", {"correct": 2}, 1) == 0.0
    assert score_item("numeric", {"value": 10.0, "tolerance": 0.5}, "10,4") == 1.0
    assert score_item("numeric", {"value": 10.0, "tolerance": 0.5}, 10.6) == 0.0
    assert score_item("numeric", {"value": 0.3, "tolerance": 0}, 0.1 + 0.2) == 1.0
    assert score_item("numeric", {"value": 1, "tolerance": 0}, "abc") == 0.0
    assert score_item("ordering", {"order": [2, 0, 1]}, [2, 0, 1]) == 1.0
    assert score_item("ordering", {"order": [2, 0, 1]}, [2, 1, 0]) == 0.0
    assert score_item("sjt", {"scores": [0, 3, 1, 2]}, 3) == 2.0
    assert score_item("sjt", {"scores": [0, 3, 1, 2]}, 7) == 0.0
    assert score_item("essay", {"max_words": 250}, "text") is None
    assert max_points("sjt") == 3.0 and max_points("single") == 1.0


def test_malformed_key_and_unknown_type_raise() -> None:
    with pytest.raises(AnswerKeyError):
        score_item("single", {"right": 1}, 1)
    with pytest.raises(AnswerKeyError):
        score_item("matching", {}, 1)


def _legislation_items() -> list[FormItem]:
    items = []
    for spec in legislation_blueprint().sections:
        for i in range(spec.count):
            items.append(FormItem(f"{spec.value}-{i}", "single", {"correct": 1}, {"act": spec.value}))
    return items


def _answers(items: list[FormItem], correct_per_act: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        act = item.tags["act"]
        out[item.item_id] = 1 if correct_per_act[act] > 0 else 0
        correct_per_act[act] -= 1
    return out


def test_legislation_pass_needs_thirty_and_five_per_act() -> None:
    items = _legislation_items()
    result = score_form(
        items,
        _answers(
            items, {"constitution": 10, "civil_service_law": 10, "anti_corruption_law": 5, "ethics_code": 5}
        ),
        legislation_blueprint(),
    )
    assert result.passed and result.status == "passed"
    assert result.correct == 30 and result.total == 30 and result.max_total == 55
    assert [s.correct for s in result.sections] == [10, 10, 5, 5]


def test_form_fails_on_one_weak_act_despite_high_total_and_says_why() -> None:
    items = _legislation_items()
    answers = _answers(
        items, {"constitution": 15, "civil_service_law": 15, "anti_corruption_law": 15, "ethics_code": 4}
    )
    result = score_form(items, answers, legislation_blueprint())
    assert not result.passed and result.status == "failed"
    assert result.correct == 49
    assert [(r.code, r.section, r.got, r.needed) for r in result.reasons] == [
        ("section_below_min_correct", "act=ethics_code", 4, 5)
    ]
    assert "ethics_code: 4 correct, at least 5 required" in str(result.reasons[0])


def test_form_fails_on_total_below_pass_mark() -> None:
    items = _legislation_items()
    answers = _answers(
        items, {"constitution": 8, "civil_service_law": 8, "anti_corruption_law": 8, "ethics_code": 5}
    )
    result = score_form(items, answers, legislation_blueprint())
    assert [r.code for r in result.reasons] == ["total_below_pass_mark"]
    assert result.reasons[0].got == 29


def test_points_basis_mixed_types_and_pending_essay() -> None:
    blueprint = Blueprint(
        sections=(SectionSpec("topic", "ethics", 3, min_correct=1), SectionSpec("topic", "writing", 1)),
        pass_mark=2.0,
        mark_basis="points",
    )
    items = [
        FormItem("m", "multiple", {"correct": [0, 1]}, {"topic": "ethics"}),
        FormItem("s", "sjt", {"scores": [0, 3, 1, 2]}, {"topic": "ethics"}),
        FormItem("n", "numeric", {"value": 5, "tolerance": 0}, {"topic": "ethics"}),
        FormItem("e", "essay", {"max_words": 250}, {"topic": "writing"}),
    ]
    result = score_form(items, {"m": [0], "s": 3, "n": 4}, blueprint)
    assert result.total == 2.5 and result.max_total == 5.0
    assert result.sections[0].correct == 0  # partial credit is not "correct"
    assert result.status == "pending" and result.pending == ["e"] and not result.passed
    assert result.item_points["e"] is None


def test_incomplete_form_is_a_failure_reason() -> None:
    blueprint = Blueprint(sections=(SectionSpec("act", "constitution", 2),), pass_mark=1)
    items = [FormItem("a", "single", {"correct": 0}, {"act": "constitution"})]
    result = score_form(items, {"a": 0}, blueprint)
    assert [r.code for r in result.reasons] == ["section_incomplete"]


def test_blueprint_validity_and_retake_dates() -> None:
    bp = legislation_blueprint()
    assert bp.item_count == 55 and bp.time_limit_minutes == 55
    assert bp.valid_until(date(2025, 3, 1)) == date(2026, 3, 1)
    assert bp.retake_from(date(2025, 3, 1)) == date(2025, 3, 31)
