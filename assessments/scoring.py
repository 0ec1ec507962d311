"""Scoring engine: points per item (docs/item-format.md) and pass/fail of a whole form by its blueprint.

Pure: plain data in, plain data out. Responses are in the item's original option indices; the server
maps shuffled positions back (``assessments.forms.unshuffle_response``) before scoring.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

ItemType = Literal["single", "multiple", "numeric", "ordering", "sjt", "essay"]
ITEM_TYPES: tuple[str, ...] = ("single", "multiple", "numeric", "ordering", "sjt", "essay")

SJT_MAX = 3.0
ESSAY_MAX = 5.0  # the commission's 0–5 scale: points come back from recruiting (assessments.essays)


class AnswerKeyError(ValueError):
    """The answer key does not fit the item type."""


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One blueprint section: ``count`` items whose tag ``tag`` equals ``value``."""

    tag: str
    value: str
    count: int
    min_correct: int = 0

    @property
    def label(self) -> str:
        """Stable section name, e.g. ``act=constitution``."""
        return f"{self.tag}={self.value}"


@dataclass(frozen=True, slots=True)
class Blueprint:
    """How a form is drawn and judged.

    ``pass_mark`` is compared with the number of fully correct items when ``mark_basis`` is
    ``"correct"`` (the legislation test: 30 of 55) or with the raw points when ``"points"``.

    ``mode="adaptive"`` (``assessments.adaptive``) has no sections: items of ``bank`` are given one at a
    time by maximum information (chosen among the ``randomesque`` best) until ``max_items``, or until
    ``min_items`` and a standard error of at most ``se_target``; a pass needs theta ≥ ``pass_theta``.
    """

    sections: tuple[SectionSpec, ...]
    pass_mark: float
    mark_basis: Literal["correct", "points"] = "correct"
    time_limit_minutes: int = 55
    shuffle_items: bool = True
    shuffle_options: bool = True
    valid_days: int = 365
    retake_after_days: int = 30
    mode: Literal["fixed", "adaptive"] = "fixed"
    bank: str | None = None  # the item bank drawn from; None: the test's own (named by its slug)
    se_target: float = 0.3
    min_items: int = 5
    max_items: int = 30
    randomesque: int = 5
    pass_theta: float = 0.0

    @property
    def item_count(self) -> int:
        """Total number of items on a form (an adaptive form: at most ``max_items``)."""
        return self.max_items if self.mode == "adaptive" else sum(s.count for s in self.sections)

    def valid_until(self, taken_on: date) -> date:
        """Last day a pass obtained on ``taken_on`` is valid."""
        return taken_on + timedelta(days=self.valid_days)

    def retake_from(self, taken_on: date) -> date:
        """First day a candidate who sat on ``taken_on`` may sit again."""
        return taken_on + timedelta(days=self.retake_after_days)


def legislation_blueprint() -> Blueprint:
    """The E-kyzmet legislation test: 55 items in 55 minutes, ≥ 30 correct and ≥ 5 per act."""
    acts = (("constitution", 15), ("civil_service_law", 15), ("anti_corruption_law", 15), ("ethics_code", 10))
    return Blueprint(
        sections=tuple(SectionSpec("act", act, n, min_correct=5) for act, n in acts),
        pass_mark=30,
        time_limit_minutes=55,
    )


def max_points(item_type: str) -> float:
    """Maximum points an item of this type can give (essays: the commission's 5-point scale)."""
    if item_type in ("single", "multiple", "numeric", "ordering"):
        return 1.0
    if item_type == "sjt":
        return SJT_MAX
    if item_type == "essay":
        return ESSAY_MAX
    raise AnswerKeyError(f"unknown item type {item_type!r}")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _as_int_list(value: Any) -> list[int] | None:
    if not isinstance(value, list | tuple):
        return None
    out = [_as_int(v) for v in value]
    return None if any(v is None for v in out) else [v for v in out if v is not None]


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).replace(",", ".").strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _score_multiple(key: Mapping[str, Any], response: Any) -> float:
    correct = set(key["correct"])
    if not correct:
        raise AnswerKeyError("multiple: empty correct set")
    picks = _as_int_list(response)
    if picks is None:
        return 0.0
    chosen = set(picks)
    right = len(chosen & correct)
    wrong = len(chosen - correct)
    return max(0.0, (right - wrong) / len(correct))


def _score_sjt(key: Mapping[str, Any], response: Any) -> float:
    scores = key["scores"]
    choice = _as_int(response)
    if choice is None or not 0 <= choice < len(scores):
        return 0.0
    return float(min(max(scores[choice], 0), SJT_MAX))


def _score_numeric(key: Mapping[str, Any], response: Any) -> float:
    given = _as_float(response)
    if given is None:
        return 0.0
    # A tiny slack so that 0.1 + 0.2 counts as 0.3 within a tolerance of 0.
    slack = 1e-9 * max(1.0, abs(float(key["value"])))
    return 1.0 if abs(given - float(key["value"])) <= float(key.get("tolerance", 0)) + slack else 0.0


def score_item(item_type: str, answer_key: Mapping[str, Any], response: Any) -> float | None:
    """Points for one response; ``None`` for essays (pending the commission). Unanswered scores 0."""
    if item_type == "essay":
        return None
    try:
        if response is None:
            return 0.0
        if item_type == "single":
            return 1.0 if _as_int(response) == int(answer_key["correct"]) else 0.0
        if item_type == "multiple":
            return _score_multiple(answer_key, response)
        if item_type == "numeric":
            return _score_numeric(answer_key, response)
        if item_type == "ordering":
            return 1.0 if _as_int_list(response) == [int(i) for i in answer_key["order"]] else 0.0
        if item_type == "sjt":
            return _score_sjt(answer_key, response)
    except (KeyError, TypeError) as exc:
        raise AnswerKeyError(f"{item_type}: malformed answer key {dict(answer_key)!r}") from exc
    raise AnswerKeyError(f"unknown item type {item_type!r}")


@dataclass(frozen=True, slots=True)
class FormItem:
    """An item as the scorer needs it: id, type, answer key and tags."""

    item_id: str
    item_type: str
    answer: Mapping[str, Any]
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FailReason:
    """Why a form failed; ``section`` is None for the overall pass mark."""

    code: Literal[
        "total_below_pass_mark",
        "section_below_min_correct",
        "section_incomplete",
        "theta_below_pass_theta",
        "ability_unknown",
        "too_few_answers",
    ]
    section: str | None
    got: float
    needed: float

    def __str__(self) -> str:
        if self.code == "total_below_pass_mark":
            return f"total {self.got:g} below the pass mark {self.needed:g}"
        if self.code == "theta_below_pass_theta":
            return f"ability (theta) {self.got:g} below the pass level {self.needed:g}"
        if self.code == "ability_unknown":
            return "no calibrated answer to estimate the ability from"
        if self.code == "too_few_answers":
            return f"{self.got:g} questions answered, an adaptive test needs at least {self.needed:g}"
        if self.code == "section_incomplete":
            return f"{self.section}: form has {self.got:g} items, blueprint requires {self.needed:g}"
        return f"{self.section}: {self.got:g} correct, at least {self.needed:g} required"


@dataclass(slots=True)
class SectionScore:
    """Raw points, maximum and fully correct items of one section."""

    label: str
    items: int = 0
    answered: int = 0
    correct: int = 0
    raw: float = 0.0
    max: float = 0.0
    min_correct: int = 0
    passed: bool = True


@dataclass(slots=True)
class FormScore:
    """A scored form. ``status`` is ``pending`` while essays await the commission."""

    sections: list[SectionScore]
    total: float
    max_total: float
    correct: int
    pending: list[str]
    passed: bool
    status: Literal["passed", "failed", "pending"]
    reasons: list[FailReason]
    item_points: dict[str, float | None]


def _section_of(item: FormItem, specs: Sequence[SectionSpec]) -> int | None:
    for i, spec in enumerate(specs):
        if item.tags.get(spec.tag) == spec.value:
            return i
    return None


def _judge(
    blueprint: Blueprint, sections: list[SectionScore], total: float, correct: int
) -> list[FailReason]:
    reasons: list[FailReason] = []
    basis = correct if blueprint.mark_basis == "correct" else total
    if basis + 1e-9 < blueprint.pass_mark:
        reasons.append(FailReason("total_below_pass_mark", None, round(basis, 6), blueprint.pass_mark))
    for spec, sec in zip(blueprint.sections, sections, strict=True):
        if sec.items < spec.count:
            reasons.append(FailReason("section_incomplete", sec.label, sec.items, spec.count))
        if sec.correct < spec.min_correct:
            sec.passed = False
            reasons.append(FailReason("section_below_min_correct", sec.label, sec.correct, spec.min_correct))
    return reasons


def score_form(
    items: Sequence[FormItem],
    responses: Mapping[str, Any],
    blueprint: Blueprint,
    awarded: Mapping[str, float] | None = None,
) -> FormScore:
    """Score every item, total per section and overall, and judge pass/fail with reasons.

    ``awarded`` holds the commission's points of essays already scored (clamped to the essay scale);
    an essay without them stays pending.
    """
    sections = [SectionScore(s.label, min_correct=s.min_correct) for s in blueprint.sections]
    other = SectionScore("other")
    item_points: dict[str, float | None] = {}
    pending: list[str] = []
    total = max_total = 0.0
    correct = 0
    for item in items:
        idx = _section_of(item, blueprint.sections)
        sec = other if idx is None else sections[idx]
        sec.items += 1
        response = responses.get(item.item_id)
        points = score_item(item.item_type, item.answer, response)
        if points is None and awarded and item.item_id in awarded:
            points = min(max(float(awarded[item.item_id]), 0.0), ESSAY_MAX)
        item_points[item.item_id] = points
        if points is None:
            pending.append(item.item_id)
            continue
        top = max_points(item.item_type)
        sec.answered += response is not None
        sec.raw += points
        sec.max += top
        total += points
        max_total += top
        if points >= top - 1e-9:
            sec.correct += 1
            correct += 1
    reasons = _judge(blueprint, sections, total, correct)
    if other.items:
        sections.append(other)
    status: Literal["passed", "failed", "pending"] = (
        "pending" if pending else ("failed" if reasons else "passed")
    )
    return FormScore(
        sections=sections,
        total=round(total, 6),
        max_total=max_total,
        correct=correct,
        pending=pending,
        passed=status == "passed",
        status=status,
        reasons=reasons,
        item_points=item_points,
    )
