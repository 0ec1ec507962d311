"""The EAP ability of a sitting: the items and 0/1 coding of the calibration, with its standard error."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from assessments.analysis import DICHOTOMOUS
from assessments.grading import theta_of
from assessments.irt.calibrate import eap
from assessments.irt.design import ResponseDesign
from assessments.models import Item


def _item(item_id: int, kind: str, b: float, *, voided: bool = False, calibrated: bool = True) -> Item:
    return Item(
        id=item_id,
        bank="t",
        key=f"K{item_id}",
        type=kind,
        content={},
        answer={},
        voided=voided,
        irt={"model": "2pl", "a": 1.2, "b": b, "c": 0.0} if calibrated else None,
        created_at=datetime.now(UTC),
    )


def _eap(b: list[float], right: list[int]) -> tuple[float, float]:
    n = len(b)
    design = ResponseDesign(np.zeros(n, dtype=np.int64), np.arange(n), np.array(right), 1, n)
    theta, se = eap(design, np.full(n, 1.2), np.array(b), None)
    return round(float(theta[0]), 4), round(float(se[0]), 4)


def test_every_type_the_calibration_fits_counts_toward_theta() -> None:
    for kind in ("single", "multiple", "numeric", "ordering", "sjt", "essay"):
        ability = theta_of({1: _item(1, kind, 0.0)}, {"1": 1.0})
        assert (ability is not None) == (kind in DICHOTOMOUS), kind
    assert "multiple" in DICHOTOMOUS


def test_partial_credit_on_a_multiple_item_is_wrong_as_in_the_calibration() -> None:
    items = {i: _item(i, "multiple", b) for i, b in ((1, -1.0), (2, 0.0), (3, 1.0))}
    ability = theta_of(items, {"1": 1.0, "2": 0.5, "3": 0.0})
    assert ability is not None
    assert (ability.theta, ability.se) == _eap([-1.0, 0.0, 1.0], [1, 0, 0])
    assert ability.theta < theta_of(items, {"1": 1.0, "2": 1.0, "3": 0.0}).theta  # type: ignore[union-attr]


def test_voided_and_uncalibrated_items_are_left_out() -> None:
    items = {
        1: _item(1, "single", 0.5),
        2: _item(2, "single", 2.5, voided=True),  # credited to everyone
        3: _item(3, "single", -2.0, calibrated=False),
        4: _item(4, "essay", 0.0),
    }
    ability = theta_of(items, {"1": 0.0, "2": 1.0, "3": 1.0, "4": None})
    assert ability is not None and (ability.theta, ability.se) == _eap([0.5], [0])
    assert theta_of({3: items[3]}, {"3": 1.0}) is None


def test_the_standard_error_shrinks_as_the_form_grows() -> None:
    short = theta_of({i: _item(i, "single", 0.0) for i in range(2)}, {str(i): i % 2 for i in range(2)})
    long = theta_of({i: _item(i, "single", 0.0) for i in range(20)}, {str(i): i % 2 for i in range(20)})
    assert short is not None and long is not None
    assert long.se < short.se < 1.0
    assert long.theta == pytest.approx(0.0, abs=1e-3)
