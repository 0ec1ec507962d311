"""Form assembly from a blueprint with item exposure control.

Each section draws ``count`` active items whose tag matches. Two rules keep every item's exposure
close to its fair share (``count / section bank size`` of all forms):

* a Sympson–Hetter-like cap: items already on more than ``(1 + slack)`` times their share of the
  forms assembled so far sit out, as long as enough others remain;
* among the rest, weighted sampling without replacement (Efraimidis–Spirakis keys) with weight
  ``1 / (1 + exposure / share)``, so less-seen items are preferred.

The draw is deterministic for a given seed and bank. Item order and option order are shuffled per
the blueprint; ``option_order[k]`` is the original index of the option shown at position ``k`` and
``unshuffle_response`` maps a candidate's answer back to original indices before scoring.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assessments.scoring import Blueprint, SectionSpec

# Options of these types are shown in a permuted order; ordering items are always shuffled
# (their task is to restore the order), the others only when the blueprint asks.
CHOICE_TYPES = frozenset({"single", "multiple", "sjt"})


class NotEnoughItems(ValueError):
    """A blueprint section has fewer active items in the bank than it needs."""

    def __init__(self, section: str, available: int, needed: int) -> None:
        super().__init__(
            f"section {section}: {available} active item(s) in the bank, the blueprint needs {needed}"
        )
        self.section = section
        self.available = available
        self.needed = needed


@dataclass(frozen=True, slots=True)
class BankItem:
    """An item of the bank as assembly sees it."""

    item_id: str
    tags: Mapping[str, str]
    status: str = "active"
    exposure: int = 0
    item_type: str = "single"
    n_options: int = 4


@dataclass(frozen=True, slots=True)
class AssembledItem:
    """One item placed on a form, with the permutation of its options."""

    item_id: str
    section: str
    option_order: tuple[int, ...]


@dataclass(slots=True)
class AssembledForm:
    """A drawn form: items in display order."""

    items: list[AssembledItem]
    seed: int
    by_id: dict[str, AssembledItem] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {it.item_id: it for it in self.items}

    @property
    def item_ids(self) -> list[str]:
        """Item ids in display order."""
        return [it.item_id for it in self.items]


def unshuffle_response(option_order: Sequence[int], response: Any) -> Any:
    """Map a response given in shown positions back to original option indices."""
    if not option_order or response is None:
        return response
    if isinstance(response, list | tuple):
        return [option_order[int(i)] for i in response]
    if isinstance(response, int) and not isinstance(response, bool):
        return option_order[response]
    return response


def _section_pool(bank: Sequence[BankItem], spec: SectionSpec, taken: set[str]) -> list[BankItem]:
    pool = [
        it
        for it in bank
        if it.status == "active" and it.tags.get(spec.tag) == spec.value and it.item_id not in taken
    ]
    pool.sort(key=lambda it: it.item_id)  # input order must not change the draw
    if len(pool) < spec.count:
        raise NotEnoughItems(spec.label, len(pool), spec.count)
    return pool


def _draw(pool: list[BankItem], count: int, rng: np.random.Generator, slack: float) -> list[BankItem]:
    exposure = np.array([it.exposure for it in pool], dtype=float)
    forms_so_far = exposure.sum() / count
    share = count / len(pool)
    cap = math.ceil((forms_so_far + 1) * share * (1 + slack)) + 1
    eligible = exposure <= cap
    if eligible.sum() < count:
        # Not enough under the cap: the least exposed items are the eligible ones.
        eligible = exposure <= np.sort(exposure)[count - 1]
    expected = max(forms_so_far * share, 1.0)
    weight = 1.0 / (1.0 + exposure / expected)
    keys = np.where(eligible, np.log(rng.random(len(pool))) / weight, -np.inf)
    chosen = np.argsort(-keys, kind="stable")[:count]
    return [pool[i] for i in chosen]


def option_order(item: BankItem, shuffle: bool, rng: np.random.Generator) -> tuple[int, ...]:
    """The shown order of an item's options: ``order[k]`` is the original index shown at position k."""
    if item.n_options <= 0 or item.item_type not in CHOICE_TYPES | {"ordering"}:
        return ()
    if item.item_type == "ordering" or shuffle:
        return tuple(int(i) for i in rng.permutation(item.n_options))
    return tuple(range(item.n_options))


def assemble_form(
    blueprint: Blueprint, bank: Sequence[BankItem], *, seed: int, slack: float = 0.1
) -> AssembledForm:
    """Draw one form from the bank: per-section items by exposure, shuffled items and options."""
    rng = np.random.default_rng(seed)
    taken: set[str] = set()
    placed: list[AssembledItem] = []
    drawn: list[BankItem] = []
    for spec in blueprint.sections:
        pool = _section_pool(bank, spec, taken)
        for item in _draw(pool, spec.count, rng, slack):
            taken.add(item.item_id)
            drawn.append(item)
            placed.append(AssembledItem(item.item_id, spec.label, ()))
    orders = [option_order(it, blueprint.shuffle_options, rng) for it in drawn]
    placed = [AssembledItem(p.item_id, p.section, o) for p, o in zip(placed, orders, strict=True)]
    if blueprint.shuffle_items:
        placed = [placed[i] for i in rng.permutation(len(placed))]
    return AssembledForm(placed, seed)


def assemble_forms(
    blueprint: Blueprint, bank: Sequence[BankItem], n_forms: int, *, seed: int, slack: float = 0.1
) -> tuple[list[AssembledForm], dict[str, int]]:
    """Draw ``n_forms`` forms in a row, updating exposure after each; returns forms and final exposure."""
    exposure = {it.item_id: it.exposure for it in bank}
    seeds = np.random.default_rng(seed).integers(0, 2**63 - 1, size=n_forms)
    forms: list[AssembledForm] = []
    for form_seed in seeds:
        current = [
            BankItem(it.item_id, it.tags, it.status, exposure[it.item_id], it.item_type, it.n_options)
            for it in bank
        ]
        form = assemble_form(blueprint, current, seed=int(form_seed), slack=slack)
        for item_id in form.item_ids:
            exposure[item_id] += 1
        forms.append(form)
    return forms, exposure
