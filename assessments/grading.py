"""Glue between stored sittings and the scoring engine: shown responses → original indices → a score JSON."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from assessments.forms import CHOICE_TYPES, unshuffle_response
from assessments.irt.calibrate import eap
from assessments.irt.design import ResponseDesign
from assessments.models import Item
from assessments.scoring import Blueprint, FormItem, FormScore, score_form

SHUFFLED_TYPES = CHOICE_TYPES | {"ordering"}


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
) -> tuple[FormScore, float | None]:
    """Score a sitting by its blueprint; theta by EAP when every dichotomous item is calibrated."""
    form_items = [
        FormItem(
            str(items[int(e["item"])].id),
            items[int(e["item"])].type,
            items[int(e["item"])].answer,
            items[int(e["item"])].tags,
        )
        for e in form
    ]
    result = score_form(form_items, original_responses(form, items, answers), blueprint)
    return result, theta_of(items, result.item_points)


def theta_of(items: Mapping[int, Item], points: Mapping[str, float | None]) -> float | None:
    """EAP ability over the calibrated 0/1 items of the form (None when none is calibrated)."""
    used = [
        (items[int(k)], v)
        for k, v in points.items()
        if v is not None and items[int(k)].irt and items[int(k)].type in ("single", "numeric", "ordering")
    ]
    if not used:
        return None
    a = np.array([float(it.irt["a"]) for it, _ in used if it.irt])
    b = np.array([float(it.irt["b"]) for it, _ in used if it.irt])
    c = np.array([float(it.irt.get("c", 0.0)) for it, _ in used if it.irt])
    responses = np.array([1 if v >= 1.0 else 0 for _, v in used])
    design = ResponseDesign(
        np.zeros(len(used), dtype=np.int64), np.arange(len(used)), responses, 1, len(used)
    )
    theta, _se = eap(design, a, b, c if np.any(c > 0) else None)
    return round(float(theta[0]), 4)


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
