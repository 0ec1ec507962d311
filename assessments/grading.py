"""Glue between stored sittings and the scoring engine: shown responses → original indices → a score JSON."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from assessments.analysis import DICHOTOMOUS
from assessments.forms import CHOICE_TYPES, unshuffle_response
from assessments.irt.calibrate import eap
from assessments.irt.design import ResponseDesign
from assessments.models import Item
from assessments.scoring import Blueprint, FormItem, FormScore, score_form

SHUFFLED_TYPES = CHOICE_TYPES | {"ordering"}


class Ability(NamedTuple):
    """An EAP ability on the calibration's theta ~ N(0, 1) scale and its posterior SD (standard error)."""

    theta: float
    se: float


def credited_response(item: Item) -> Any:
    """The response that earns full points: how a voided item credits everyone."""
    key = item.answer
    if item.type == "single":
        return key.get("correct")
    if item.type == "multiple":
        return list(key.get("correct", []))
    if item.type == "numeric":
        return key.get("value")
    if item.type == "ordering":
        return list(key.get("order", []))
    if item.type == "sjt":
        scores = list(key.get("scores", [0]))
        return scores.index(max(scores))
    return None


def original_responses(
    form: Sequence[Mapping[str, Any]], items: Mapping[int, Item], answers: Mapping[int, Any]
) -> dict[str, Any]:
    """Responses keyed by item id (as text), mapped back to original option indices; voided items credited."""
    out: dict[str, Any] = {}
    for entry in form:
        item = items[int(entry["item"])]
        if item.voided:
            out[str(item.id)] = credited_response(item)
            continue
        response = answers.get(item.id)
        if response is not None and item.type in SHUFFLED_TYPES:
            try:
                response = unshuffle_response(entry.get("order") or (), response)
            except (IndexError, ValueError, TypeError):
                response = None  # a position outside the shown options earns nothing
        out[str(item.id)] = response
    return out


def score_sitting(
    form: Sequence[Mapping[str, Any]],
    items: Mapping[int, Item],
    answers: Mapping[int, Any],
    blueprint: Blueprint,
    awarded: Mapping[str, float] | None = None,
) -> tuple[FormScore, Ability | None]:
    """Score a sitting by its blueprint; with calibrated items also its EAP ability (``theta_of``).

    ``awarded``: the commission's points of scored essays, by item id as text.
    """
    form_items = [
        FormItem(
            str(items[int(e["item"])].id),
            items[int(e["item"])].type,
            items[int(e["item"])].answer,
            items[int(e["item"])].tags,
        )
        for e in form
    ]
    result = score_form(form_items, original_responses(form, items, answers), blueprint, awarded)
    return result, theta_of(items, result.item_points)


def theta_of(items: Mapping[int, Item], points: Mapping[str, float | None]) -> Ability | None:
    """EAP ability and its standard error over the form's calibrated items (None when none is calibrated).

    The items and the 0/1 coding are the calibration's (``analysis.DICHOTOMOUS``, right = full points, so
    partial credit on a ``multiple`` item counts as wrong). A voided item is left out: everyone is credited
    with it, so it says nothing about the candidate.
    """
    used: list[tuple[dict[str, Any], float]] = []
    for key, points_of_item in points.items():
        item = items[int(key)]
        if points_of_item is not None and item.irt and item.type in DICHOTOMOUS and not item.voided:
            used.append((item.irt, points_of_item))
    if not used:
        return None
    a = np.array([float(irt["a"]) for irt, _ in used])
    b = np.array([float(irt["b"]) for irt, _ in used])
    c = np.array([float(irt.get("c", 0.0)) for irt, _ in used])
    responses = np.array([1 if v >= 1.0 else 0 for _, v in used])
    design = ResponseDesign(
        np.zeros(len(used), dtype=np.int64), np.arange(len(used)), responses, 1, len(used)
    )
    theta, se = eap(design, a, b, c if np.any(c > 0) else None)
    return Ability(round(float(theta[0]), 4), round(float(se[0]), 4))


def score_json(result: FormScore) -> dict[str, Any]:
    """A stored, JSON-safe view of a FormScore."""
    return {
        "status": result.status,
        "total": result.total,
        "max_total": result.max_total,
        "correct": result.correct,
        "sections": [dataclasses.asdict(s) for s in result.sections],
        "reasons": [str(r) for r in result.reasons],
        "reason_codes": [dataclasses.asdict(r) for r in result.reasons],
        "pending": result.pending,
        "item_points": result.item_points,
    }
