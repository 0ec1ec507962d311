"""Demo data: the seed item banks and finished sittings of simulated candidates, so reports have data."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from assessments.analysis import AnalysisService
from assessments.appeals import AppealService
from assessments.bank import ItemBankService
from assessments.models import Item, TestSession
from assessments.moderation import ModerationService
from assessments.service import SittingService
from auth.principal import Grant, Role
from auth.service import AccountService

SITTERS = 40
DEMO_CANDIDATE = "candidate@demo.adal.kz"
DEMO_ADMIN = "admin@demo.adal.kz"
NAMES = ("Айгерім", "Нұрлан", "Дана", "Ерлан", "Мадина", "Асхат", "Жанар", "Бауыржан", "Алия", "Тимур")
SURNAMES = ("Сәрсенова", "Ахметов", "Жұмабаева", "Омаров", "Қасымова", "Нұрланов", "Серікова", "Әбдіров")


def _shown(entry: dict[str, Any], original: int) -> int:
    order = entry.get("order") or []
    return order.index(original) if order else original


def simulated_response(entry: dict[str, Any], item: Item, right: bool, rng: random.Random) -> Any:
    """A plausible response (shown positions): the key when ``right``, else a wrong choice."""
    key, n = item.answer, len(entry.get("order") or [])
    if item.type == "single":
        choice = int(key["correct"]) if right else rng.choice([i for i in range(n) if i != key["correct"]])
        return _shown(entry, choice)
    if item.type == "sjt":
        scores = list(key["scores"])
        return _shown(entry, scores.index(max(scores)) if right else rng.randrange(n))
    if item.type == "multiple":
        picks = list(key["correct"]) if right else [rng.randrange(n)]
        return [_shown(entry, i) for i in picks]
    if item.type == "ordering":
        order = list(key["order"]) if right else rng.sample(range(n), n)
        return [_shown(entry, i) for i in order]
    if item.type == "numeric":
        return key["value"] if right else float(key["value"]) + 7
    return None


async def _sitter(session: AsyncSession, n: int) -> int:
    accounts = AccountService(session)
    email = f"sitter{n}@adal.demo"
    user = await accounts.by_email(email)
    if user is None:
        name = f"{NAMES[n % len(NAMES)]} {SURNAMES[n % len(SURNAMES)]}"
        user = await accounts.create_user(
            email=email, display_name=name, language="kk", grants=[Grant(Role.CANDIDATE)], email_verified=True
        )
    return user.id


async def _sit(
    session: AsyncSession, user_id: int, slug: str, when: datetime, theta: float, rng: random.Random
) -> TestSession:
    service = SittingService(session)
    ts = await service.start_session(user_id, slug, language=rng.choice(["kk", "ru"]), now=when)
    items = await service.items_of(ts)
    clock = when
    for seq, entry in enumerate(ts.form, start=1):
        item = items[int(entry["item"])]
        difficulty = (item.id * 37 % 100) / 40 - 1.25  # a fixed, item-specific difficulty
        right = rng.random() < 1 / (1 + math.exp(-(theta - difficulty) * 1.4))
        clock += timedelta(seconds=rng.uniform(15, 70))
        response = simulated_response(entry, item, right, rng)
        await service.save_answer(ts.id, item.id, response, seq, candidate_id=user_id, now=clock)
    return await service.submit_session(ts.id, candidate_id=user_id, now=clock + timedelta(seconds=30))


async def seed(session: AsyncSession, settings: Settings) -> list[str]:
    """Load the seed banks; once, sit two tests for 40 simulated candidates (reports need sittings)."""
    reports = await ItemBankService(session).load_seed()
    lines = [f"Assessments: item banks {', '.join(f'{r.test} ({r.created} new)' for r in reports)}."]
    if (await session.execute(select(TestSession.id).limit(1))).first() is not None:
        return lines
    rng = random.Random(2026)
    day = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=2)
    sittings: list[TestSession] = []
    for n in range(1, SITTERS + 1):
        user_id = await _sitter(session, n)
        theta = rng.gauss(0.0, 1.0)  # about 40 % pass, as in E-kyzmet seasons
        for slug in ("legislation", "digital_literacy"):
            sittings.append(await _sit(session, user_id, slug, day + timedelta(minutes=n), theta, rng))
    demo_candidate = await AccountService(session).by_email(DEMO_CANDIDATE)
    if (
        demo_candidate is not None
    ):  # the auth demo's candidate gets a passed legislation test and a certificate
        sittings.append(
            await _sit(session, demo_candidate.id, "legislation", day - timedelta(days=1), 3.0, rng)
        )
    moderation = ModerationService(session)
    for ts in {s.test_id: s for s in sittings}.values():
        await moderation.flag_sitting(ts.test_id, day.date().isoformat())
    failed = next(s for s in sittings if s.passed is False)
    await AppealService(session).file_appeal(
        failed.id,
        candidate_id=failed.candidate_id,
        kind="question",
        text="Сұрақтың екі жауабы да дұрыс сияқты.",
        item_id=int(failed.form[0]["item"]),
        now=failed.submitted_at,
    )
    passed = sum(1 for s in sittings if s.passed)
    lines.append(
        f"Assessments: {len(sittings)} finished sittings ({passed} passed), one open appeal;"
        f"{await _calibrate_for_adaptive(session)} "
        "sitters: sitter1@adal.demo … sitter40@adal.demo (no password: demo data only)."
    )
    return lines


async def _calibrate_for_adaptive(session: AsyncSession) -> str:
    """Calibrate the digital-literacy bank (2PL) on the sittings above: the adaptive test draws from it."""
    admin = await AccountService(session).by_email(DEMO_ADMIN)
    if admin is None:  # the auth demo made no admin to act: the adaptive test waits for a calibration
        return ""
    count = await AnalysisService(session).calibrate_test("digital_literacy", model="2pl", actor=admin.id)
    return f" {count} digital-literacy items calibrated for the adaptive test;"
