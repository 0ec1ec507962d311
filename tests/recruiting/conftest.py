"""Builders for recruiting tests: a state body, an HR officer, candidates with profiles, vacancies."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from auth.principal import Grant, Principal, Role
from auth.service import AccountService, OrgService
from recruiting.models import Vacancy
from recruiting.profiles import MeritData, ProfileService
from recruiting.vacancies import VacancyData, VacancyService
from tests.auth_fixtures import make_body, make_user

__all__ = ["make_body", "make_user"]

_seq = itertools.count(1)
BLUEPRINT = [
    {"test": "legislation", "weight": 0.6, "pass_mark": 50, "max_score": 100},
    {"test": "personal_qualities", "weight": 0.4, "pass_mark": 40, "max_score": 100},
]


@dataclass(slots=True)
class World:
    """One state body with an HR officer and a commission of two."""

    session: AsyncSession
    body_id: int
    hr: Principal
    panel: list[Principal]
    auditor: Principal


async def new_user(session: AsyncSession, *, name: str = "", grants: tuple[Grant, ...] = ()) -> Principal:
    """An account with ``grants``, returned as the principal services receive."""
    n = next(_seq)
    user = await AccountService(session).create_user(
        email=f"user{n}-{datetime.now(UTC).timestamp():.0f}@example.kz",
        display_name=name or f"User {n}",
        grants=grants,
    )
    return Principal(user.id, user.email, frozenset(grants), "en")


async def make_world(session: AsyncSession) -> World:
    """Regions, a body, HR, two commission members and an auditor."""
    org = OrgService(session)
    await org.ensure_regions()
    body = await org.create_body(
        name_kk=f"Агенттік {next(_seq)}",
        name_ru="Агентство",
        name_en=f"Agency {next(_seq)}",
        region_code="AST",
    )
    hr = await new_user(session, grants=(Grant(Role.HR_OFFICER, body.id),))
    panel = [await new_user(session, grants=(Grant(Role.COMMISSION_MEMBER, body.id),)) for _ in range(2)]
    auditor = await new_user(session, grants=(Grant(Role.AUDITOR),))
    return World(session, body.id, hr, panel, auditor)


@pytest.fixture
async def world(db: AsyncSession) -> World:
    """A body with its staff, inside the rolled-back test transaction."""
    return await make_world(db)


def vacancy_data(world: World, **overrides: Any) -> VacancyData:
    """A valid vacancy of the world's body, open now."""
    now = datetime.now(UTC)
    fields: dict[str, Any] = {
        "body_id": world.body_id,
        "title": {"en": "Chief specialist, digital services", "ru": "Главный специалист"},
        "description": {"en": "Run the e-government service desk."},
        "category": "C-3",
        "region_code": "AST",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "requirements": {
            "education_level": "bachelor",
            "min_years": 2,
            "skills": ["SQL"],
            "languages": ["kk"],
        },
        "assessments": BLUEPRINT,
        "commission": [p.user_id for p in world.panel],
    }
    fields.update(overrides)
    return VacancyData(**fields)


async def open_vacancy(world: World, **overrides: Any) -> Vacancy:
    """A published vacancy."""
    service = VacancyService(world.session)
    vacancy = await service.create_vacancy(world.hr, vacancy_data(world, **overrides))
    return await service.move(world.hr, vacancy.id, "published")


PERSON = {
    "full_name": "Айгерім Сейтқалиқызы Нұрланова",
    "iin": "900515450128",
    "birth_date": "1990-05-15",
    "phone": "+7 701 234 5678",
    "email": "aigerim.nurlanova@mail.kz",
    "address": "Астана, ул. Кенесары 40",
}


async def make_candidate(
    session: AsyncSession,
    *,
    pii: dict[str, str] | None = None,
    gender: str | None = None,
    years: float = 5,
    education: str = "master",
    languages: tuple[str, ...] = ("kk", "ru"),
    skills: tuple[str, ...] = ("SQL", "Excel"),
) -> Principal:
    """A candidate with personal data in the vault, a merit profile and (optionally) a gender."""
    who = await new_user(session, grants=(Grant(Role.CANDIDATE),))
    profiles = ProfileService(session)
    await profiles.save_personal_data(who.user_id, pii or {"full_name": f"Candidate {who.user_id}"})
    await profiles.save_merit(
        who.user_id,
        MeritData(
            education_level=education,
            years_experience=years,
            skills=list(skills),
            languages=list(languages),
        ),
    )
    if gender is not None:
        await profiles.save_demographics(who.user_id, {"gender": gender})
    return who
