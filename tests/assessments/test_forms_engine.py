"""Form assembly: blueprint sections, exposure control, determinism, option permutations."""

from __future__ import annotations

import numpy as np
import pytest

from assessments.forms import BankItem, NotEnoughItems, assemble_form, assemble_forms, unshuffle_response
from assessments.scoring import Blueprint, SectionSpec, legislation_blueprint


def _bank(per_act: int = 30) -> list[BankItem]:
    bank = []
    for spec in legislation_blueprint().sections:
        for i in range(per_act):
            bank.append(BankItem(f"{spec.value}-{i:03d}", {"act": spec.value}))
    return bank


def test_form_follows_blueprint_without_duplicates() -> None:
    form = assemble_form(legislation_blueprint(), _bank(), seed=1)
    assert len(form.items) == 55 and len(set(form.item_ids)) == 55
    counts: dict[str, int] = {}
    for item in form.items:
        counts[item.section] = counts.get(item.section, 0) + 1
        assert item.item_id.startswith(item.section.split("=")[1])
    assert counts == {
        "act=constitution": 15,
        "act=civil_service_law": 15,
        "act=anti_corruption_law": 15,
        "act=ethics_code": 10,
    }


def test_same_seed_same_form_regardless_of_bank_order() -> None:
    bank = _bank()
    a = assemble_form(legislation_blueprint(), bank, seed=42)
    b = assemble_form(legislation_blueprint(), list(reversed(bank)), seed=42)
    c = assemble_form(legislation_blueprint(), bank, seed=43)
    assert a.items == b.items
    assert a.items != c.items


def test_exposure_spreads_evenly_over_many_forms() -> None:
    bank = _bank(per_act=40)
    _, exposure = assemble_forms(legislation_blueprint(), bank, 400, seed=7)
    for spec in legislation_blueprint().sections:
        counts = np.array([v for k, v in exposure.items() if k.startswith(spec.value)])
        share = 400 * spec.count / 40
        assert counts.sum() == 400 * spec.count
        assert counts.max() <= share * 1.15 and counts.min() >= share * 0.85


def test_prefers_unexposed_items() -> None:
    bp = Blueprint(sections=(SectionSpec("act", "ethics_code", 5),), pass_mark=0)
    bank = [BankItem(f"e{i}", {"act": "ethics_code"}, exposure=100 if i < 5 else 0) for i in range(10)]
    form = assemble_form(bp, bank, seed=3)
    assert sorted(form.item_ids) == [f"e{i}" for i in range(5, 10)]


def test_inactive_items_are_never_drawn_and_shortage_is_a_clear_error() -> None:
    bp = Blueprint(sections=(SectionSpec("act", "ethics_code", 3),), pass_mark=0)
    bank = [BankItem(f"e{i}", {"act": "ethics_code"}, status="retired" if i else "active") for i in range(5)]
    with pytest.raises(NotEnoughItems, match="act=ethics_code: 1 active item"):
        assemble_form(bp, bank, seed=0)


def test_option_permutation_maps_answers_back() -> None:
    bp = Blueprint(sections=(SectionSpec("t", "x", 3),), pass_mark=0, shuffle_options=True)
    bank = [
        BankItem("s", {"t": "x"}, item_type="single", n_options=4),
        BankItem("o", {"t": "x"}, item_type="ordering", n_options=3),
        BankItem("n", {"t": "x"}, item_type="numeric", n_options=0),
    ]
    form = assemble_form(bp, bank, seed=5)
    order = form.by_id["s"].option_order
    assert sorted(order) == [0, 1, 2, 3]
    shown_position_of_original_2 = order.index(2)
    assert unshuffle_response(order, shown_position_of_original_2) == 2
    assert unshuffle_response(order, [0, 1]) == [order[0], order[1]]
    assert form.by_id["n"].option_order == ()
    assert unshuffle_response((), 3.5) == 3.5


def test_options_keep_order_when_blueprint_says_so_except_ordering_items() -> None:
    bp = Blueprint(sections=(SectionSpec("t", "x", 2),), pass_mark=0, shuffle_options=False)
    bank = [BankItem("s", {"t": "x"}), BankItem("o", {"t": "x"}, item_type="ordering", n_options=6)]
    form = assemble_form(bp, bank, seed=9)
    assert form.by_id["s"].option_order == (0, 1, 2, 3)
    assert sorted(form.by_id["o"].option_order) == list(range(6))
    assert form.by_id["o"].option_order != tuple(range(6))
