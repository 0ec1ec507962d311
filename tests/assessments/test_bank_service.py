"""The item bank: idempotent import, versioning of shown items, JSON/CSV export round trips, analysis."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.analysis import AnalysisService, language_dif
from assessments.bank import SEED_DIR, BankError, ItemBankService
from assessments.exposure import count_exposure
from assessments.models import AssessmentTest, Item
from assessments.service import SittingService
from auth.principal import Role
from tests.assessments.helpers import form_items, load_bank, make_person, right_response, wrong_response


async def _count(db: AsyncSession) -> int:
    return int((await db.execute(select(func.count()).select_from(Item))).scalar_one())


async def test_importing_the_seed_banks_twice_changes_nothing(db: AsyncSession) -> None:
    bank = ItemBankService(db)
    first = await bank.load_seed()
    total = await _count(db)
    second = await bank.load_seed()
    seeded = {
        "legislation",
        "personal_qualities",
        "digital_literacy",
        "digital_literacy_adaptive",
        "written_reasoning",
    }
    assert {r.test for r in first} == seeded  # the adaptive test draws from the digital-literacy bank
    assert sum(r.created for r in first) == total and total > 300
    assert all(r.created == r.versioned == r.updated == 0 for r in second)
    assert await _count(db) == total
    tests = (await db.execute(select(AssessmentTest.slug))).scalars().all()
    assert sorted(tests) == sorted(seeded)


async def test_editing_a_shown_item_creates_a_new_version_and_keeps_the_old(db: AsyncSession) -> None:
    await load_bank(db)
    person = await make_person(db)
    ts = await SittingService(db).start_session(person.id, "legislation", language="ru")
    await count_exposure(db, ts.test_id)  # the job that runs after the start commits
    shown = await db.get(Item, int(ts.form[0]["item"]))
    assert shown is not None and shown.exposure == 1
    raw = {
        "key": shown.key,
        "type": shown.type,
        "tags": shown.tags,
        "answer": shown.answer,
        "status": "active",
    }
    changed = raw | {"content": shown.content | {"en": {"stem": "Edited?", "options": ["a", "b", "c", "d"]}}}
    new, outcome = await ItemBankService(db).save_item("legislation", changed | {"status": "draft"})
    assert outcome == "versioned" and new.version == shown.version + 1 and new.id != shown.id
    old = await db.get(Item, shown.id)
    assert old is not None and old.status == "retired" and old.content["en"]["stem"] != "Edited?"
    fixed = changed | {"status": "draft", "answer": {"correct": (shown.answer["correct"] + 1) % 4}}
    draft, outcome = await ItemBankService(db).save_item("legislation", fixed)
    assert (draft.id, outcome) == (new.id, "updated")  # a draft never shown: changed in place
    await ItemBankService(db).set_status(new.id, "active")
    relive = {"correct": (shown.answer["correct"] + 2) % 4}
    live, outcome = await ItemBankService(db).save_item("legislation", fixed | {"answer": relive})
    assert outcome == "versioned" and live.id != new.id  # active items may be on a form already


async def test_bad_items_are_refused_with_a_clear_message(db: AsyncSession) -> None:
    await load_bank(db)
    with pytest.raises(BankError, match="unknown type"):
        await ItemBankService(db).save_item(
            "legislation", {"key": "X-1", "type": "essay?", "content": {"ru": {}}}
        )
    with pytest.raises(BankError, match="needs 'test'"):
        await ItemBankService(db).import_bank({"items": []})


async def test_json_and_csv_exports_import_back_unchanged(db: AsyncSession) -> None:
    bank = ItemBankService(db)
    await bank.import_bank(json.loads((SEED_DIR / "digital_literacy.json").read_text(encoding="utf-8")))
    exported = await bank.export_bank("digital_literacy")
    csv_text = await bank.export_csv("digital_literacy")
    assert len(exported["items"]) == await _count(db)
    again = await bank.import_bank(exported)
    assert again.unchanged == len(exported["items"])
    via_csv = await bank.import_csv("digital_literacy", csv_text)
    assert via_csv.created == via_csv.versioned == 0 and via_csv.unchanged == len(exported["items"])


async def test_item_report_and_calibration_use_the_submitted_sittings(db: AsyncSession) -> None:
    await load_bank(db)
    admin = await make_person(db, Role.ADMIN)
    for k in range(24):
        person = await make_person(db)
        service = SittingService(db)
        ts = await service.start_session(person.id, "legislation", language="ru")
        for seq, (entry, item) in enumerate(await form_items(db, ts), start=1):
            good = (seq * 7 + k * 3) % 10 < 3 + k % 7  # abilities differ from candidate to candidate
            response = right_response(entry, item) if good else wrong_response(entry, item)
            await service.save_answer(ts.id, item.id, response, seq, candidate_id=person.id)
        await service.submit_session(ts.id, candidate_id=person.id)
    report = await AnalysisService(db).item_report("legislation")
    assert report.sessions == 24 and report.items  # alpha is undefined when every form differs
    assert all(0.0 <= (r.p or 0.0) <= 1.0 for r in report.items)
    assert sum(r.n for r in report.items) == 24 * 55
    calibrated = await AnalysisService(db).calibrate_test("legislation", model="rasch", actor=admin.id)
    assert calibrated == len(report.items)
    some = await db.get(Item, report.items[0].item_id)
    assert some is not None and some.irt is not None and some.irt["model"] == "rasch"


def test_language_dif_flags_an_item_that_is_harder_in_one_language_version() -> None:
    rng = np.random.default_rng(7)
    n, items = 400, 12
    languages = ["kk" if k % 2 else "ru" for k in range(n)]
    ability = rng.normal(size=n)
    p = 1 / (1 + np.exp(-(ability[:, None] - np.linspace(-1, 1, items)[None, :])))
    p[[k for k, lang in enumerate(languages) if lang == "ru"], 0] *= 0.35  # a translation error in item 0
    scores = (rng.random((n, items)) < p).astype(float)
    result = language_dif(scores, languages)
    assert result is not None
    delta, classes = result
    assert classes[0] == "C" and delta[0] < -1.5
    assert (classes[1:] != "C").all()
    assert language_dif(scores[:15], languages[:15]) is None  # too few of each group
