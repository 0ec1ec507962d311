"""Builders for the assessments tests: a loaded bank, people, right and wrong answers."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from assessments.bank import SEED_DIR, ItemBankService
from assessments.models import Item, TestSession
from auth.models import User
from auth.principal import Grant, Role
from auth.service import AccountService

_counter = itertools.count(1)


async def load_bank(session: AsyncSession, name: str = "legislation") -> None:
    """Import one seed bank."""
    data = json.loads((SEED_DIR / f"{name}.json").read_text(encoding="utf-8"))
    await ItemBankService(session).import_bank(data)


async def make_person(
    session: AsyncSession, role: Role = Role.CANDIDATE, name: str = "Aigerim Sadykova"
) -> User:
    """A user with one national role."""
    n = next(_counter)
    return await AccountService(session).create_user(
        email=f"person{n}-{id(session)}@example.kz", display_name=name, grants=[Grant(role)]
    )


def shown_position(entry: dict[str, Any], original: int) -> int:
    """Where the option ``original`` is shown on this form."""
    order = entry.get("order") or []
    return order.index(original) if order else original


def right_response(entry: dict[str, Any], item: Item) -> Any:
    """The fully correct response as the candidate would give it (shown positions)."""
    if item.type == "single":
        return shown_position(entry, int(item.answer["correct"]))
    if item.type == "sjt":
        scores = item.answer["scores"]
        return shown_position(entry, scores.index(max(scores)))
    if item.type == "multiple":
        return [shown_position(entry, i) for i in item.answer["correct"]]
    if item.type == "ordering":
        return [shown_position(entry, i) for i in item.answer["order"]]
    if item.type == "numeric":
        return item.answer["value"]
    raise AssertionError(item.type)


def wrong_response(entry: dict[str, Any], item: Item) -> Any:
    """A wrong single-choice response (shown position)."""
    assert item.type == "single"
    wrong = (int(item.answer["correct"]) + 1) % 4
    return shown_position(entry, wrong)


async def form_items(session: AsyncSession, ts: TestSession) -> list[tuple[dict[str, Any], Item]]:
    """The form entries of a sitting with their items, in display order."""
    out = []
    for entry in ts.form:
        item = await session.get(Item, int(entry["item"]))
        assert item is not None
        out.append((entry, item))
    return out


ROOT = Path(__file__).resolve().parents[2]
