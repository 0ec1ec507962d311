"""Candidate pages: the profile form and the apply form work through real forms with CSRF tokens."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from auth.principal import Role
from tests.auth_fixtures import MakeBody, MakeUser, csrf_of
from tests.recruiting.test_recruiting_routes import _candidate, vacancy_body

Client = AsyncTestClient


async def test_candidate_fills_profile_and_applies_through_pages(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body(region_code="AST")
    _h, hr = await make_user(Role.HR_OFFICER, body.id)
    vid = (await client.post("/api/recruiting/hr/vacancies", json=vacancy_body(body.id), headers=hr)).json()[
        "id"
    ]
    await client.post(f"/api/recruiting/hr/vacancies/{vid}/publish", headers=hr)
    _c, me = await make_user(Role.CANDIDATE)
    page = await client.get("/my/profile", headers=me)
    assert page.status_code == 200
    form = {
        "_csrf_token": csrf_of(page.text),
        "full_name": "Дана Ахметова",
        "iin": "900515450128",
        "education_level": "master",
        "years_experience": "3",
        "skills": "SQL, Excel",
        "languages": "kk, ru",
        "gender": "female",
    }
    saved = await client.post("/my/profile", data=form, headers=me, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    profile = (await client.get("/api/recruiting/profile", headers=me)).json()
    assert profile["personal"]["full_name"] == "Дана Ахметова" and profile["merit"]["skills"] == [
        "Excel",
        "SQL",
    ]
    detail = await client.get(f"/vacancies/{vid}", headers=me)
    applied = await client.post(
        f"/vacancies/{vid}/apply",
        data={"motivation": "Хочу служить.", "_csrf_token": csrf_of(detail.text)},
        files={"cv": ("cv.txt", b"Three years of SQL", "text/plain")},
        headers=me,
        follow_redirects=False,
    )
    assert applied.status_code == 303, applied.text
    client.cookies.set("adal_lang", "ru")
    mine = await client.get("/my/applications", headers=me)
    assert mine.status_code == 200 and "допущена" in mine.text


async def test_bad_profile_number_is_a_clear_problem(client: Client, make_user: MakeUser) -> None:
    _c, me = await make_user(Role.CANDIDATE)
    page = await client.get("/my/profile", headers=me)
    form = {"_csrf_token": csrf_of(page.text), "years_experience": "many", "education_level": "master"}
    answer = await client.post("/my/profile", data=form, headers=me, follow_redirects=False)
    assert answer.status_code == 422 and "number" in answer.text


async def test_hr_creates_and_publishes_a_vacancy_through_the_editor(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body(region_code="AST")
    _h, hr = await make_user(Role.HR_OFFICER, body.id)
    page = await client.get("/hr", headers=hr)
    assert page.status_code == 200
    form = {
        "_csrf_token": csrf_of(page.text),
        "body_id": str(body.id),
        "title_kk": "Заңгер",
        "title_ru": "Юрист",
        "category": "c-4",
        "region_code": "AST",
        "opens_at": "2026-01-01",
        "closes_at": "2099-01-01",
        "education_level": "bachelor",
        "min_years": "1",
        "languages": "kk",
        "weight_legislation": "0.7",
        "pass_legislation": "50",
        "weight_personal_qualities": "0.3",
        "pass_personal_qualities": "40",
    }
    made = await client.post("/hr/vacancies", data=form, headers=hr, follow_redirects=False)
    assert made.status_code == 303, made.text
    target = made.headers["location"]
    draft = await client.get(f"{target}/edit", headers=hr)
    assert draft.status_code == 200 and 'value="Юрист"' in draft.text and 'value="C-4"' in draft.text
    form |= {"_csrf_token": csrf_of(draft.text), "title_ru": "Юрист-консультант"}
    saved = await client.post(f"{target}/edit", data=form, headers=hr, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    editor = await client.get(target, headers=hr)
    publish = {"_csrf_token": csrf_of(editor.text), "action": "published"}
    moved = await client.post(f"{target}/action", data=publish, headers=hr, follow_redirects=False)
    assert moved.status_code == 303
    frozen = await client.post(f"{target}/edit", data=form, headers=hr, follow_redirects=False)
    assert frozen.status_code in (409, 422), frozen.status_code
    found = (await client.get("/api/recruiting/vacancies", params={"q": "консультант"})).json()
    assert found["total"] == 1 and found["items"][0]["category"] == "C-4"
    assert [a["test"] for a in found["items"][0]["assessments"]] == ["legislation", "personal_qualities"]


async def test_candidate_withdraws_from_the_page(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body(region_code="AST")
    _h, hr = await make_user(Role.HR_OFFICER, body.id)
    vid = (await client.post("/api/recruiting/hr/vacancies", json=vacancy_body(body.id), headers=hr)).json()[
        "id"
    ]
    await client.post(f"/api/recruiting/hr/vacancies/{vid}/publish", headers=hr)
    me = await _candidate(client, make_user, {"full_name": "A B"})
    url = f"/api/recruiting/vacancies/{vid}/applications"
    files = {"cv": ("cv.txt", b"CV", "text/plain")}
    app_id = (await client.post(url, data={"motivation": "Hi"}, files=files, headers=me)).json()["id"]
    page = await client.get("/my/applications", headers=me)
    assert f"/my/applications/{app_id}/withdraw" in page.text
    gone = await client.post(
        f"/my/applications/{app_id}/withdraw",
        data={"_csrf_token": csrf_of(page.text)},
        headers=me,
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert (await client.get("/api/recruiting/applications/mine", headers=me)).json()[0][
        "status"
    ] == "withdrawn"
