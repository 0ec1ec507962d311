"""Vacancies: validated categories and blueprints, body scope, publication and search."""

from __future__ import annotations

import pytest

from auth.principal import Grant, Role
from recruiting.errors import Conflict, Forbidden, Invalid
from recruiting.vacancies import VacancyService
from tests.recruiting.conftest import World, make_world, new_user, open_vacancy, vacancy_data


@pytest.mark.parametrize("category", ["A-1", "B-4", "C-3", "D-2", "E-1"])
async def test_known_post_categories_are_accepted(world: World, category: str) -> None:
    vacancy = await VacancyService(world.session).create_vacancy(
        world.hr, vacancy_data(world, category=category)
    )
    assert vacancy.category == category and vacancy.status == "draft"


@pytest.mark.parametrize("category", ["F-1", "A1", "c-3", "A-0", ""])
async def test_unknown_post_category_is_refused(world: World, category: str) -> None:
    with pytest.raises(Invalid, match="category"):
        await VacancyService(world.session).create_vacancy(world.hr, vacancy_data(world, category=category))


async def test_blueprint_with_unknown_test_is_refused(world: World) -> None:
    bad = [{"test": "astrology", "weight": 1, "pass_mark": 10}]
    with pytest.raises(Invalid, match="astrology"):
        await VacancyService(world.session).create_vacancy(world.hr, vacancy_data(world, assessments=bad))


async def test_hr_cannot_create_vacancy_for_another_body(world: World) -> None:
    other = await make_world(world.session)
    with pytest.raises(Forbidden):
        await VacancyService(world.session).create_vacancy(world.hr, vacancy_data(other))


async def test_hr_of_another_body_cannot_publish(world: World) -> None:
    service = VacancyService(world.session)
    vacancy = await service.create_vacancy(world.hr, vacancy_data(world))
    other = await make_world(world.session)
    stranger = await new_user(world.session, grants=(Grant(Role.HR_OFFICER, other.body_id),))
    with pytest.raises(Forbidden):
        await service.move(stranger, vacancy.id, "published")


async def test_published_vacancy_is_frozen_and_cannot_be_republished(world: World) -> None:
    vacancy = await open_vacancy(world)
    service = VacancyService(world.session)
    with pytest.raises(Conflict):
        await service.update_vacancy(world.hr, vacancy.id, vacancy_data(world))
    with pytest.raises(Conflict):
        await service.move(world.hr, vacancy.id, "published")


async def test_search_filters_by_text_region_category_and_body(world: World) -> None:
    tax = await open_vacancy(world, title={"en": "Tax inspector"}, category="D-2")
    await open_vacancy(world, title={"en": "Lawyer"}, category="C-3", region_code="ALA")
    await VacancyService(world.session).create_vacancy(
        world.hr, vacancy_data(world, title={"en": "Tax draft"})
    )
    service = VacancyService(world.session)
    found = await service.search(text="TAX", body_id=world.body_id)
    assert [v.id for v in found.items] == [tax.id] and found.total == 1
    assert (await service.search(region="ALA", body_id=world.body_id)).total == 1
    assert (await service.search(category="d-2", body_id=world.body_id)).total == 1
    assert (await service.search(text="100%_", body_id=world.body_id)).total == 0


async def test_search_pages_through_results(world: World) -> None:
    for i in range(7):
        await open_vacancy(world, title={"en": f"Analyst {i}"})
    service = VacancyService(world.session)
    first = await service.search(body_id=world.body_id, per_page=3)
    third = await service.search(body_id=world.body_id, per_page=3, page=3)
    assert first.total == 7 and len(first.items) == 3 and len(third.items) == 1
    assert not {v.id for v in first.items} & {v.id for v in third.items}
