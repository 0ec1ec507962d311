"""The item bank: tests, blueprints, item versions, JSON/CSV import and export (docs/item-format.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.models import ITEM_STATUSES, AssessmentTest, Item
from assessments.scoring import ITEM_TYPES, Blueprint, SectionSpec

SEED_DIR = Path(__file__).resolve().parent / "seed"
LANGS = ("kk", "ru", "en")
APPEAL_DAYS = 3
_BLUEPRINT_FIELDS = (
    "pass_mark",
    "mark_basis",
    "time_limit_minutes",
    "shuffle_items",
    "shuffle_options",
    "valid_days",
    "retake_after_days",
    "mode",
    "bank",
)
# name: (lowest, highest, whole number); adaptive blueprints only
_ADAPTIVE_FIELDS: dict[str, tuple[float, float, bool]] = {
    "se_target": (0.05, 0.99, False),  # the prior's SD is 1: any answer brings the SE below it
    "min_items": (1, 200, True),
    "max_items": (1, 200, True),
    "randomesque": (1, 50, True),
    "pass_theta": (-4.0, 4.0, False),
}


class BankError(ClientException):
    """The uploaded bank or item is malformed."""


def parse_blueprint(data: Mapping[str, Any]) -> Blueprint:
    """The scoring engine's Blueprint from a stored blueprint JSON; malformed settings raise BankError."""
    sections = tuple(
        SectionSpec(str(s["tag"]), str(s["value"]), int(s["count"]), int(s.get("min_correct", 0)))
        for s in data.get("sections", [])
    )
    extra = {k: data[k] for k in _BLUEPRINT_FIELDS if k in data}
    bank = extra.get("bank")
    if "bank" in extra and not (isinstance(bank, str) and 0 < len(bank.strip()) <= 64):
        raise BankError("blueprint 'bank' names an item bank: 1 to 64 characters")
    mode = extra.get("mode", "fixed")
    if mode == "adaptive":
        extra |= _adaptive_settings(data, sections)
    elif mode != "fixed":
        raise BankError(f"blueprint 'mode' is 'fixed' or 'adaptive', not {mode!r}")
    elif stray := [k for k in _ADAPTIVE_FIELDS if k in data]:
        raise BankError(f'{", ".join(stray)}: only for an adaptive blueprint ("mode": "adaptive")')
    elif "pass_mark" not in data:
        raise BankError("a blueprint needs a 'pass_mark'")
    blueprint = Blueprint(sections=sections, **extra)
    if blueprint.max_items < blueprint.min_items:
        raise BankError("blueprint 'max_items' must not be below 'min_items'")
    return blueprint


def _adaptive_settings(data: Mapping[str, Any], sections: tuple[SectionSpec, ...]) -> dict[str, Any]:
    """The checked settings of an adaptive blueprint (which passes by theta, not by a mark)."""
    if sections:
        raise BankError("an adaptive blueprint chooses items by information: remove its 'sections'")
    if "pass_mark" in data or "mark_basis" in data:
        raise BankError("an adaptive blueprint passes by 'pass_theta', not by 'pass_mark'")
    if "pass_theta" not in data:
        raise BankError("an adaptive blueprint needs 'pass_theta', the ability a pass requires")
    out: dict[str, Any] = {"pass_mark": 0.0}
    for name, (low, high, whole) in _ADAPTIVE_FIELDS.items():
        if name not in data:
            continue
        value = data[name]
        number = isinstance(value, int) if whole else isinstance(value, int | float)
        if isinstance(value, bool) or not number or not low <= value <= high:
            kind = "a whole number" if whole else "a number"
            raise BankError(f"blueprint {name!r} must be {kind} from {low:g} to {high:g}, not {value!r}")
        out[name] = value
    return out


def appeal_days(data: Mapping[str, Any]) -> int:
    """Days after a result during which a candidate may appeal."""
    return int(data.get("appeal_days", APPEAL_DAYS))


@dataclass(slots=True)
class ImportReport:
    """What an import did."""

    test: str
    created: int = 0
    versioned: int = 0
    updated: int = 0
    unchanged: int = 0


def _validate_item(raw: Mapping[str, Any]) -> None:
    key = raw.get("key")
    if not key or not isinstance(key, str):
        raise BankError("every item needs a text 'key'")
    if raw.get("type") not in ITEM_TYPES:
        raise BankError(f"{key}: unknown type {raw.get('type')!r}")
    content = raw.get("content")
    if not isinstance(content, dict) or not any(lang in content for lang in LANGS):
        raise BankError(f"{key}: content needs at least one of {', '.join(LANGS)}")
    if not isinstance(raw.get("answer"), dict):
        raise BankError(f"{key}: 'answer' must be an object")
    if raw.get("status", "active") not in ITEM_STATUSES:
        raise BankError(f"{key}: unknown status {raw.get('status')!r}")


def _same(item: Item, raw: Mapping[str, Any]) -> bool:
    return (
        item.type == raw["type"]
        and item.content == raw["content"]
        and item.answer == raw["answer"]
        and item.tags == dict(raw.get("tags", {}))
    )


class ItemBankService:
    """Tests, blueprints and versioned items."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def test_by_slug(self, slug: str) -> AssessmentTest:
        """The test called ``slug``."""
        test = (
            await self.session.execute(select(AssessmentTest).where(AssessmentTest.slug == slug))
        ).scalar_one_or_none()
        if test is None:
            raise NotFoundException(f"No test called {slug!r}.")
        return test

    async def tests_drawing_from(self, bank: str) -> list[int]:
        """Ids of the tests that give items of ``bank``: its own test and those naming it as their bank."""
        rows = await self.session.execute(
            select(AssessmentTest.id, AssessmentTest.slug, AssessmentTest.blueprint)
        )
        return [r.id for r in rows.all() if (r.blueprint or {}).get("bank", r.slug) == bank]

    async def list_tests(self) -> list[AssessmentTest]:
        """Every test, by slug."""
        return list(
            (await self.session.execute(select(AssessmentTest).order_by(AssessmentTest.slug))).scalars()
        )

    async def latest(self, key: str) -> Item | None:
        """The newest version of the item ``key``."""
        query = select(Item).where(Item.key == key).order_by(Item.version.desc()).limit(1)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def get_item(self, item_id: int) -> Item:
        """One item version by id."""
        item = await self.session.get(Item, item_id)
        if item is None:
            raise NotFoundException(f"No item {item_id}.")
        return item

    async def list_items(self, bank: str, *, status: str | None = None, search: str = "") -> list[Item]:
        """The newest version of each item of a bank, optionally by status or key/stem text."""
        newest = (
            select(Item.key, func.max(Item.version).label("v")).where(Item.bank == bank).group_by(Item.key)
        ).subquery()
        query = select(Item).join(newest, (Item.key == newest.c.key) & (Item.version == newest.c.v))
        if status:
            query = query.where(Item.status == status)
        items = list((await self.session.execute(query.order_by(Item.key))).scalars())
        if search:
            needle = search.casefold()
            items = [
                i for i in items if needle in i.key.casefold() or needle in json.dumps(i.content).casefold()
            ]
        return items

    async def save_item(
        self, bank: str, raw: Mapping[str, Any], *, default_status: str = "draft"
    ) -> tuple[Item, str]:
        """Create or change an item: a shown item gets a new version (the old retires); says what happened."""
        _validate_item(raw)
        current = await self.latest(raw["key"])
        status = str(raw.get("status", current.status if current else default_status))
        if current is not None and _same(current, raw):
            if current.status != status:
                current.status = status
                return current, "updated"
            return current, "unchanged"
        # In place only while it cannot have been shown: never counted and not active (only active items
        # are drawn; counters lag a start by up to a minute).
        if (
            current is not None
            and current.exposure == 0
            and current.status != "active"
            and current.bank == bank
        ):
            current.type, current.content, current.answer = raw["type"], raw["content"], raw["answer"]
            current.tags, current.status = dict(raw.get("tags", {})), status
            current.explanation = dict(raw.get("explanation", {}))
            return current, "updated"
        item = Item(
            bank=bank,
            key=raw["key"],
            version=(current.version + 1) if current else 1,
            type=raw["type"],
            tags=dict(raw.get("tags", {})),
            status=status,
            content=raw["content"],
            answer=raw["answer"],
            explanation=dict(raw.get("explanation", {})),
            exposure=0,
            voided=False,
            created_at=datetime.now(UTC),
        )
        if current is not None:
            current.status = "retired"
        self.session.add(item)
        await self.session.flush()
        return item, "created" if current is None else "versioned"

    async def set_status(self, item_id: int, status: str) -> Item:
        """Move an item version through draft → pilot → active → retired."""
        if status not in ITEM_STATUSES:
            raise BankError(f"unknown status {status!r}")
        item = await self.get_item(item_id)
        item.status = status
        await self.session.flush()
        return item

    async def import_bank(self, data: Mapping[str, Any], *, default_status: str = "active") -> ImportReport:
        """Import one bank file (test, title, blueprint, items); repeated imports change nothing."""
        slug = data.get("test")
        if not slug or not isinstance(data.get("items"), list):
            raise BankError("a bank file needs 'test' and a list of 'items'")
        await self._upsert_test(str(slug), data)
        report = ImportReport(str(slug))
        for raw in data["items"]:
            _item, what = await self.save_item(str(slug), raw, default_status=default_status)
            setattr(report, what, getattr(report, what) + 1)
        await self.session.flush()
        return report

    async def _upsert_test(self, slug: str, data: Mapping[str, Any]) -> AssessmentTest:
        test = (
            await self.session.execute(select(AssessmentTest).where(AssessmentTest.slug == slug))
        ).scalar_one_or_none()
        blueprint = data.get("blueprint")
        if test is None:
            if blueprint is None:
                raise BankError(f"new test {slug!r} needs a 'blueprint'")
            parse_blueprint(blueprint)
            test = AssessmentTest(
                slug=slug, title=dict(data.get("title") or {"en": slug}), blueprint=blueprint
            )
            test.languages = list(blueprint.get("languages", LANGS))
            self.session.add(test)
        else:
            if blueprint is not None:
                parse_blueprint(blueprint)
                test.blueprint = dict(blueprint)
                test.languages = list(blueprint.get("languages", LANGS))
            if data.get("title"):
                test.title = dict(data["title"])
        await self.session.flush()
        return test

    async def load_seed(self, paths: Iterable[Path] | None = None) -> list[ImportReport]:
        """Load the seed banks shipped with Adal (idempotent)."""
        files = sorted(paths) if paths is not None else sorted(SEED_DIR.glob("*.json"))
        return [await self.import_bank(json.loads(p.read_text(encoding="utf-8"))) for p in files]

    async def export_bank(self, slug: str) -> dict[str, Any]:
        """The bank of ``slug`` in the exchange format (newest version of each item)."""
        test = await self.test_by_slug(slug)
        items = await self.list_items(slug)
        return {
            "test": slug,
            "title": test.title,
            "blueprint": test.blueprint,
            "items": [_item_json(i) for i in items],
        }

    async def import_csv(self, slug: str, text: str) -> ImportReport:
        """Import items of an existing test from CSV (see ``export_csv`` for the columns)."""
        await self.test_by_slug(slug)
        items = [_item_from_row(row) for row in csv.DictReader(io.StringIO(text))]
        return await self.import_bank({"test": slug, "items": items})

    async def export_csv(self, slug: str) -> str:
        """The bank of ``slug`` as CSV: key, type, status, tags, answer, then stem/options per language."""
        items = (await self.export_bank(slug))["items"]
        out = io.StringIO()
        columns = ["key", "type", "status", "tags", "answer"]
        columns += [f"{part}_{lang}" for lang in LANGS for part in ("stem", "options")]
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for it in items:
            row = {
                "key": it["key"],
                "type": it["type"],
                "status": it["status"],
                "tags": json.dumps(it["tags"], ensure_ascii=False),
                "answer": json.dumps(it["answer"], ensure_ascii=False),
            }
            for lang in LANGS:
                version = it["content"].get(lang) or {}
                row[f"stem_{lang}"] = version.get("stem", "")
                row[f"options_{lang}"] = json.dumps(version.get("options", []), ensure_ascii=False)
            writer.writerow(row)
        return out.getvalue()


def _item_json(item: Item) -> dict[str, Any]:
    return {
        "key": item.key,
        "type": item.type,
        "status": item.status,
        "tags": item.tags,
        "content": item.content,
        "answer": item.answer,
        "explanation": item.explanation,
    }


def _item_from_row(row: Mapping[str, str]) -> dict[str, Any]:
    try:
        content: dict[str, Any] = {}
        for lang in LANGS:
            if row.get(f"stem_{lang}"):
                options = json.loads(row.get(f"options_{lang}") or "[]")
                content[lang] = {"stem": row[f"stem_{lang}"], "options": options}
        return {
            "key": row["key"],
            "type": row["type"],
            "status": row.get("status") or "draft",
            "tags": json.loads(row.get("tags") or "{}"),
            "answer": json.loads(row["answer"]),
            "content": content,
        }
    except (KeyError, json.JSONDecodeError) as exc:
        raise BankError(f"malformed CSV row {row.get('key', '?')}: {exc}") from exc
