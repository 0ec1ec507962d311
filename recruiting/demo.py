"""``adal demo`` for recruiting: vacancies across bodies and regions, a few hundred applications."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.principal import Grant, Principal, Role
from auth.service import AccountService, OrgService
from recruiting.applications import ApplicationService
from recruiting.models import Application, Vacancy
from recruiting.profiles import MeritData, ProfileService
from recruiting.rules import EDUCATION_ORDER
from recruiting.scoring import ScoringService
from recruiting.stages import StageService
from recruiting.vacancies import VacancyData, VacancyService

DEMO_PASSWORD = "adal-demo-2026"  # noqa: S105 - printed by `adal demo`, demo data only
CANDIDATES = 200
PANEL_BODY = "Akimat of Almaty"
AUTH_DEMO = {
    "hr": "hr@demo.adal.kz",
    "commission": "commission@demo.adal.kz",
    "candidate": "candidate@demo.adal.kz",
}
_BODIES = (
    ("Цифрлық даму министрлігі", "Министерство цифрового развития", "Ministry of Digital Development", "AST"),
    ("Әділет министрлігі", "Министерство юстиции", "Ministry of Justice", "AST"),
    ("Алматы қаласының әкімдігі", "Акимат города Алматы", "Akimat of Almaty", "ALA"),
    ("Шымкент қаласының әкімдігі", "Акимат города Шымкент", "Akimat of Shymkent", "SHY"),
    ("Қарағанды облысының әкімдігі", "Акимат Карагандинской области", "Akimat of Karaganda Region", "KAR"),
)
_POSTS = (
    ("Бас маман", "Главный специалист", "Chief specialist", "C-3"),
    ("Жетекші маман", "Ведущий специалист", "Leading specialist", "C-4"),
    ("Басқарма басшысы", "Руководитель управления", "Head of unit", "B-4"),
    ("Сарапшы", "Эксперт", "Expert", "D-2"),
    ("Департамент директоры", "Директор департамента", "Director of department", "A-1"),
)
_SKILLS = ("SQL", "Excel", "Python", "project management", "public procurement", "law drafting", "GIS")
_NAMES = ("Айгерім", "Нұрлан", "Дина", "Ерлан", "Асель", "Тимур", "Мадина", "Арман", "Жанар", "Самат")
_SURNAMES = ("Ахметов", "Сейтқали", "Омарова", "Жұмабаев", "Ким", "Иванова", "Бекова", "Серікұлы")


async def _bodies(session: AsyncSession) -> list[Any]:
    org = OrgService(session)
    await org.ensure_regions()
    out = []
    for kk, ru, en, region in _BODIES:
        body = await org.body_by_name(en)
        out.append(body or await org.create_body(name_kk=kk, name_ru=ru, name_en=en, region_code=region))
    return out


async def _staff(
    session: AsyncSession, email: str, grants: tuple[Grant, ...], *, password: str | None = DEMO_PASSWORD
) -> Principal:
    accounts = AccountService(session)
    user = await accounts.by_email(email) or await accounts.create_user(
        email=email,
        password=password,
        display_name=email.split("@")[0],
        grants=grants,
        email_verified=True,
    )
    return Principal(user.id, user.email, frozenset(grants), "ru")


async def _hr_of(session: AsyncSession, body: Any, n: int) -> Principal:
    """The HR officer of a demo body: auth's demo officer for its body, else hr<n>@adal.demo."""
    grants = (Grant(Role.HR_OFFICER, body.id),)
    auth_hr = await AccountService(session).by_email(AUTH_DEMO["hr"])
    if body.name_en == PANEL_BODY and auth_hr is not None:
        return Principal(auth_hr.id, auth_hr.email, frozenset(grants), "ru")
    return await _staff(session, f"hr{n}@adal.demo", grants)


async def _vacancies(
    session: AsyncSession, bodies: list[Any], panel: list[int]
) -> list[tuple[Principal, Vacancy]]:
    now, out = datetime.now(UTC), []
    for i, body in enumerate(bodies):
        hr = await _hr_of(session, body, i + 1)
        for j, (kk, ru, en, category) in enumerate(_POSTS):
            data = VacancyData(
                body_id=body.id,
                title={"kk": kk, "ru": ru, "en": en},
                description={"ru": f"{ru}: цифровые госуслуги.", "en": f"{en}: digital public services."},
                category=category,
                region_code=body.region_code,
                opens_at=now - timedelta(days=10),
                closes_at=now + timedelta(days=20 + j),
                requirements={
                    "education_level": "bachelor",
                    "min_years": j,
                    "skills": [_SKILLS[j]],
                    "languages": ["kk"],
                },
                assessments=[
                    {"test": "legislation", "weight": 0.5, "pass_mark": 55, "max_score": 100},
                    {"test": "personal_qualities", "weight": 0.3, "pass_mark": 40, "max_score": 100},
                    {"test": "digital_literacy", "weight": 0.2, "pass_mark": 30, "max_score": 100},
                ],
                commission=panel if body.name_en == PANEL_BODY else [],
                senior=category.startswith(("A", "B")),
            )
            service = VacancyService(session)
            vacancy = await service.create_vacancy(hr, data)
            out.append((hr, await service.move(hr, vacancy.id, "published")))
    return out


async def _panel(session: AsyncSession, body_id: int) -> list[int]:
    """Two commission members for the panel body, plus auth's demo member when present."""
    grants = (Grant(Role.COMMISSION_MEMBER, body_id),)
    ids = [(await _staff(session, f"commission{k}@adal.demo", grants)).user_id for k in (1, 2)]
    member = await AccountService(session).by_email(AUTH_DEMO["commission"])
    if member is not None:
        await AccountService(session).grant_role(
            user_id=member.id, role=Role.COMMISSION_MEMBER, body_id=body_id, actor="demo"
        )
        ids.append(member.id)
    return ids


async def _candidate(session: AsyncSession, rng: random.Random, n: int) -> int:
    """Candidate ``n`` (the last one is auth's demo candidate when present) with a full profile."""
    auth_candidate = await AccountService(session).by_email(AUTH_DEMO["candidate"])
    if n == CANDIDATES and auth_candidate is not None:
        email = auth_candidate.email
    else:
        email = "candidate@adal.demo" if n == 0 else f"candidate{n}@adal.demo"
    who = await _staff(session, email, (Grant(Role.CANDIDATE),), password=DEMO_PASSWORD if n == 0 else None)
    profiles = ProfileService(session)
    name = f"{rng.choice(_NAMES)} {rng.choice(_SURNAMES)}"
    await profiles.save_personal_data(
        who.user_id,
        {
            "full_name": name,
            "email": email,
            "phone": f"+7 70{rng.randint(0, 9)} {rng.randint(100, 999)} 4{n:03d}",
        },
    )
    merit = MeritData(
        education_level=rng.choice(EDUCATION_ORDER[1:]),
        years_experience=rng.randint(0, 15),
        skills=rng.sample(_SKILLS, 3),
        languages=["kk", "ru"] + (["en"] if rng.random() < 0.4 else []),
    )
    await profiles.save_merit(who.user_id, merit)
    await profiles.save_demographics(
        who.user_id,
        {"gender": rng.choice(("female", "male")), "age_band": rng.choice(("18-29", "30-44", "45+"))},
    )
    return who.user_id


async def seed(session: AsyncSession, settings: Settings) -> list[str]:
    """Seed recruiting once (idempotent: skipped when demo vacancies exist); return what to print."""
    del settings
    if (await session.execute(select(func.count()).select_from(Vacancy))).scalar_one() > 0:
        return ["Recruiting demo already present."]
    rng = random.Random(2026)
    bodies = await _bodies(session)
    almaty = next(b for b in bodies if b.name_en == PANEL_BODY)
    panel = await _panel(session, almaty.id)
    await _staff(session, "recruiting.auditor@adal.demo", (Grant(Role.AUDITOR),))
    posts = await _vacancies(session, bodies, panel)
    local = [p for p in posts if p[1].body_id == almaty.id]
    apps, scoring = ApplicationService(session), ScoringService(session)
    for n in range(CANDIDATES + 1):
        user_id = await _candidate(session, rng, n)
        for _hr, vacancy in [local[0], local[3]] if n == CANDIDATES else rng.sample(posts, 2):
            application = await apps.submit_application(user_id, vacancy.id, motivation=_motivation(rng))
            await apps.anonymize_application(application.id)
        for test in ("legislation", "personal_qualities", "digital_literacy"):
            score = round(min(100.0, max(0.0, rng.gauss(62, 15))), 1)
            payload = {"candidate_id": user_id, "test": test, "score": score, "passed": score >= 50}
            await scoring.record_result({**payload, "session_id": None, "theta": None})
    await _advance(session, local[:3])
    count = (await session.execute(select(func.count()).select_from(Application))).scalar_one()
    return [
        f"Recruiting: {len(posts)} vacancies, {count} applications from {CANDIDATES + 1} candidates.",
        f"  candidate@adal.demo, hr1@adal.demo … hr{len(bodies)}@adal.demo, commission1@adal.demo, "
        f"recruiting.auditor@adal.demo — password {DEMO_PASSWORD}",
        f"  {AUTH_DEMO['hr']} runs the {PANEL_BODY} competitions; {AUTH_DEMO['candidate']} applied to two.",
    ]


def _motivation(rng: random.Random) -> str:
    return rng.choice(
        (
            "Хочу применить опыт в цифровизации госуслуг на благо граждан.",
            "Азаматтарға сапалы қызмет көрсету үшін тәжірибемді пайдаланғым келеді.",
            "I have led data projects in an akimat and want to improve public services.",
        )
    )


async def _advance(session: AsyncSession, posts: list[tuple[Principal, Vacancy]]) -> None:
    """Rank every vacancy; close the first ones and shortlist their interviews."""
    scoring = ScoringService(session)
    for hr, vacancy in posts:
        await VacancyService(session).move(hr, vacancy.id, "closed")
    for vacancy_id in (await session.execute(select(Vacancy.id))).scalars().all():
        await scoring.rerank_vacancy(vacancy_id)
    for hr, vacancy in posts:
        stages = StageService(session)
        if not vacancy.senior and (await stages.shortlist(hr, vacancy.id, "interview", apply=False)).taken:
            await stages.shortlist(hr, vacancy.id, "interview", apply=True)
