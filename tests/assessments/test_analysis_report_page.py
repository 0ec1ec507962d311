"""The item-analysis page over HTTP: reliability on random forms, the kk/ru DIF flag, options, two charts."""

from __future__ import annotations

import math
import random
import re
from datetime import UTC, datetime
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.i18n import catalog
from assessments.analysis import DIF_FLAG, AnalysisService, ItemReport
from assessments.bank import ItemBankService, parse_blueprint
from assessments.forms import BankItem, assemble_form
from assessments.grading import score_json, score_sitting
from assessments.models import Answer, TestSession
from auth.principal import Role
from tests.assessments.helpers import make_person, shown_position
from tests.auth_fixtures import MakeUser
from workers import runtime
from workers.uow import commit

Client = AsyncTestClient[Any]
SLUG = "analysis-check"
FIXED, ROTATING, ROTATING_SHOWN = 5, 12, 6  # the fixed section also shows one numeric item
BIASED, MISKEYED = "AN-FIX-1", "AN-FIX-2"  # harder in Russian; stronger candidates pick option B
NUMERIC, NUMERIC_KEY = "AN-NUM-6", 25


def _item(key: str, section: str) -> dict[str, Any]:
    numeric = key == NUMERIC
    options = [] if numeric else ["a", "b", "c", "d"]
    return {
        "key": key,
        "type": "numeric" if numeric else "single",
        "tags": {"s": section},
        "content": {lang: {"stem": f"{key} ({lang})?", "options": options} for lang in ("kk", "ru")},
        "answer": {"value": NUMERIC_KEY, "tolerance": 0} if numeric else {"correct": 0},
    }


BANK = {
    "test": SLUG,
    "title": {"en": "Analysis check"},
    "blueprint": {
        "sections": [
            {"tag": "s", "value": "fixed", "count": FIXED + 1},
            {"tag": "s", "value": "rotating", "count": ROTATING_SHOWN},
        ],
        "pass_mark": 5,
        "time_limit_minutes": 20,
        "languages": ["kk", "ru"],
    },
    "items": [_item(f"AN-FIX-{n}", "fixed") for n in range(1, FIXED + 1)]
    + [_item(NUMERIC, "fixed")]
    + [_item(f"AN-ROT-{n:02d}", "rotating") for n in range(1, ROTATING + 1)],
}


def _choice(key: str, theta: float, language: str, rng: random.Random) -> int:
    """The original option a simulated candidate picks (0 is the key); the number for the numeric item."""
    if key == MISKEYED:
        return 1 if theta > 0.3 else (0 if rng.random() < 0.7 else 2)
    difficulty = (int(key.rsplit("-", 1)[1]) % 7) / 3 - 1
    if key == BIASED and language == "ru":
        difficulty += 3.0
    right = rng.random() < 1 / (1 + math.exp(-1.7 * (theta - difficulty)))
    if key == NUMERIC:
        return NUMERIC_KEY if right else NUMERIC_KEY + rng.choice([5, 50])
    return 0 if right else rng.choice([1, 2, 3])


async def _sittings(db: AsyncSession, count: int = 60) -> None:
    """``count`` submitted sittings, half in Kazakh and half in Russian, of simulated candidates.

    Built as stored rows with the real form assembly and scoring: sitting them through SittingService
    would run the integrity analysis after every submit, which this report does not read.
    """
    rng = random.Random(20)
    test = await ItemBankService(db).test_by_slug(SLUG)
    blueprint = parse_blueprint(test.blueprint)
    items = {i.id: i for i in await ItemBankService(db).list_items(SLUG)}
    bank = [
        BankItem(str(i.id), i.tags, "active", 0, i.type, len(i.content["kk"]["options"]))
        for i in items.values()
    ]
    now = datetime.now(UTC)
    for n in range(count):
        person = await make_person(db)
        language, theta = ("kk", "ru")[n % 2], rng.gauss(0, 1)
        drawn = assemble_form(blueprint, bank, seed=n)
        form = [
            {"item": int(f.item_id), "section": f.section, "order": list(f.option_order)} for f in drawn.items
        ]
        answers = {
            int(e["item"]): shown_position(e, _choice(items[int(e["item"])].key, theta, language, rng))
            for e in form
        }
        result, _ = score_sitting(form, items, answers, blueprint)
        ts = TestSession(
            candidate_id=person.id,
            test_id=test.id,
            form=form,
            language=language,
            started_at=now,
            deadline_at=now,
            submitted_at=now,
            status="submitted",
            score=score_json(result),
            passed=result.passed,
        )
        db.add(ts)
        await db.flush()
        db.add_all(
            Answer(session_id=ts.id, item_id=item_id, response=response, seq=seq, saved_at=now)
            for seq, (item_id, response) in enumerate(answers.items(), start=1)
        )
    await db.flush()


def _rect(html: str, key: str) -> str:
    """The <rect> of ``key``'s bar in the chart that starts ``html``."""
    found = re.search(rf'<rect class="([^"]+)"[^>]*><title>{key}: (-?[0-9.]+)', html)
    assert found, key
    return found.group(1)


def _check_report(report: ItemReport) -> None:
    rows = {r.key: r for r in report.items}
    assert report.reliability is not None and report.reliability.alpha is not None
    assert 0 < report.reliability.alpha < 1 and report.alpha == report.reliability.alpha
    assert report.reliability.items_per_form == FIXED + 1 + ROTATING_SHOWN < len(rows)  # nobody saw all
    assert [s.section for s in report.section_reliability] == ["s=fixed", "s=rotating"]
    biased = rows[BIASED]
    assert biased.dif_class == "C" and biased.dif_delta is not None and biased.dif_delta < -1.5
    assert all((DIF_FLAG in r.flags) == (r.dif_class == "C") for r in report.items)
    miskeyed = rows[MISKEYED]
    assert miskeyed.rpb is not None and miskeyed.rpb < 0 and "negative_discrimination" in miskeyed.flags
    assert [o.key for o in miskeyed.options] == [True, False, False, False]
    assert miskeyed.options[1].above_key and not miskeyed.options[2].above_key
    assert rows[NUMERIC].options == [] and rows[NUMERIC].option_share == []  # a number is not an option


async def test_analysis_page_shows_reliability_dif_flag_options_and_discrimination_chart(
    client: Client, make_user: MakeUser, committed: AsyncEngine
) -> None:
    async with runtime.session() as db:
        await ItemBankService(db).import_bank(BANK)
        await _sittings(db)
        await commit(db)
    async with runtime.session() as db:
        report = await AnalysisService(db).item_report(SLUG)
    _check_report(report)
    ids = {r.key: r.item_id for r in report.items}
    assert report.reliability is not None and report.reliability.alpha is not None
    _, auditor = await make_user(Role.AUDITOR)
    page = await client.get(
        f"/assessments/admin/tests/{SLUG}/analysis", headers=auditor | {"accept": "text/html"}
    )
    assert page.status_code == 200
    html = page.text
    assert f'id="reliability">{report.reliability.alpha:.2f}</strong>' in html
    assert "s=rotating" in html and "Whole form" in html
    assert f'<tr class="dif"><td><a href="/assessments/admin/items/{ids[BIASED]}">{BIASED}</a>' in html
    assert "harder in Russian" in html
    p_chart, rpb_chart = html.split('id="chart-p-title"')[1], html.split('id="chart-rpb-title"')[1]
    assert "dif" in _rect(p_chart, BIASED).split() and "dif" in _rect(rpb_chart, BIASED).split()
    assert "negative" in _rect(rpb_chart, MISKEYED).split()
    assert "negative" not in _rect(p_chart, MISKEYED).split()
    assert re.search(rf"Negative discrimination: [^<]*{MISKEYED}", rpb_chart)
    assert re.search(rf"DIF kk/ru: [^<]*{BIASED}", rpb_chart)
    miskeyed_row = html.split(f">{MISKEYED}</a>")[1].split("</tr>")[0]
    assert re.search(r'<li class="[^"]*above-key[^"]*">B:', miskeyed_row)
    api = await client.get(f"/api/assessments/tests/{SLUG}/analysis", headers=auditor)
    assert api.json()["reliability"]["alpha"] == report.reliability.alpha
    client.cookies.set("adal_lang", "ru")
    russian = await client.get(
        f"/assessments/admin/tests/{SLUG}/analysis", headers=auditor | {"accept": "text/html"}
    )
    assert catalog("ru")[DIF_FLAG] in russian.text and catalog("ru")["harder in Russian"] in russian.text
