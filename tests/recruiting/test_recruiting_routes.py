"""Recruiting over HTTP: HR never sees identities, uploads checked by content, every route guarded."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

from docx import Document
from litestar.testing import AsyncTestClient

from app.settings import Settings
from auth.principal import Role
from tests.auth_fixtures import MakeBody, MakeUser
from tests.conftest import run_jobs
from tests.recruiting.conftest import PERSON

Client = AsyncTestClient
SECRETS = [PERSON["full_name"], "Нұрланова", PERSON["iin"], PERSON["email"], "234 5678", PERSON["birth_date"]]


def vacancy_body(body_id: int, **extra: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "body_id": body_id,
        "title": {"kk": "Бас маман", "ru": "Главный специалист", "en": "Chief specialist"},
        "description": {"en": "Digital services"},
        "category": "C-3",
        "region_code": "AST",
        "opens_at": (now - timedelta(days=1)).isoformat(),
        "closes_at": (now + timedelta(days=20)).isoformat(),
        "requirements": {"education_level": "bachelor", "min_years": 1, "skills": [], "languages": ["kk"]},
        "assessments": [{"test": "legislation", "weight": 1.0, "pass_mark": 50}],
        **extra,
    }


def cv_docx() -> bytes:
    doc = Document()
    doc.add_paragraph(f"{PERSON['full_name']}, ИИН {PERSON['iin']}, {PERSON['email']}, {PERSON['phone']}.")
    doc.add_paragraph("Five years of SQL reporting at an akimat.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


async def _published(client: Client, hr: dict[str, str], body_id: int) -> int:
    made = await client.post("/api/recruiting/hr/vacancies", json=vacancy_body(body_id), headers=hr)
    assert made.status_code == 201, made.text
    vid = int(made.json()["id"])
    assert (await client.post(f"/api/recruiting/hr/vacancies/{vid}/publish", headers=hr)).status_code == 200
    return vid


async def _candidate(client: Client, make_user: MakeUser, personal: dict[str, str]) -> dict[str, str]:
    _user, headers = await make_user(Role.CANDIDATE)
    profile = {
        "personal": personal,
        "merit": {
            "education_level": "master",
            "years_experience": 4,
            "skills": ["SQL"],
            "languages": ["kk", "ru"],
        },
        "demographics": {"gender": "female"},
    }
    saved = await client.put("/api/recruiting/profile", json=profile, headers=headers)
    assert saved.status_code == 200, saved.text
    return headers


async def test_hr_html_and_json_never_show_candidate_identity(
    client: Client, make_user: MakeUser, make_body: MakeBody, settings: Settings
) -> None:
    body = await make_body(region_code="AST")
    _hr_user, hr = await make_user(Role.HR_OFFICER, body.id)
    vid = await _published(client, hr, body.id)
    headers = await _candidate(client, make_user, dict(PERSON))
    motivation = f"Я {PERSON['full_name']}, тел. {PERSON['phone']}, ИИН {PERSON['iin']}, {PERSON['email']}."
    applied = await client.post(
        f"/api/recruiting/vacancies/{vid}/applications",
        data={"motivation": motivation},
        files={"cv": ("resume.docx", cv_docx(), "application/octet-stream")},
        headers=headers,
    )
    assert applied.status_code == 201, applied.text
    app_id, code = applied.json()["id"], applied.json()["code"]
    await run_jobs(settings)
    pages = [
        await client.get(f"/api/recruiting/hr/vacancies/{vid}/applicants", headers=hr),
        await client.get(f"/api/recruiting/hr/applications/{app_id}", headers=hr),
        await client.get(f"/hr/vacancies/{vid}", headers={**hr, "accept": "text/html"}),
        await client.get(f"/hr/applications/{app_id}", headers={**hr, "accept": "text/html"}),
        await client.get("/hr", headers=hr),
    ]
    for page in pages:
        assert page.status_code == 200, page.text
        for secret in SECRETS:
            assert secret not in page.text, (page.url, secret)
    assert code in pages[0].text and code in pages[2].text
    assert "SQL reporting" in pages[1].text and "[PERSON]" in pages[1].text
    assert "<svg" in pages[2].text


async def test_upload_is_checked_by_content_and_size_over_http(
    client: Client, make_user: MakeUser, make_body: MakeBody, settings: Settings
) -> None:
    body = await make_body(region_code="AST")
    _u, hr = await make_user(Role.HR_OFFICER, body.id)
    vid = await _published(client, hr, body.id)
    headers = await _candidate(client, make_user, {"full_name": "A B"})
    url = f"/api/recruiting/vacancies/{vid}/applications"
    exe = await client.post(
        url,
        data={"motivation": "Hi"},
        files={"cv": ("cv.pdf", b"MZ\x90\x00" * 10, "application/pdf")},
        headers=headers,
    )
    assert exe.status_code == 415 and exe.headers["content-type"].startswith("application/problem+json")
    big = b"x" * (settings.max_upload_bytes + 10)
    too_big = await client.post(
        url, data={"motivation": "Hi"}, files={"cv": ("cv.txt", big, "text/plain")}, headers=headers
    )
    assert too_big.status_code == 413
    ok = await client.post(
        url,
        data={"motivation": "Hi"},
        files={"cv": ("cv.pdf", b"plain text CV", "application/pdf")},
        headers=headers,
    )
    assert ok.status_code == 201, ok.text
    again = await client.post(
        url, data={"motivation": "Hi"}, files={"cv": ("cv.txt", b"CV", "text/plain")}, headers=headers
    )
    assert again.status_code == 409
    mine = await client.get("/api/recruiting/applications/mine", headers=headers)
    assert [s["status"] for s in mine.json()[0]["timeline"]] == ["submitted", "eligible"]


async def test_routes_refuse_the_wrong_role_and_the_wrong_body(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    body, other = await make_body(region_code="AST"), await make_body(region_code="ALA", name="Other")
    _u, hr = await make_user(Role.HR_OFFICER, body.id)
    _o, stranger = await make_user(Role.HR_OFFICER, other.id)
    _c, candidate = await make_user(Role.CANDIDATE)
    vid = await _published(client, hr, body.id)
    assert (await client.get(f"/api/recruiting/hr/vacancies/{vid}/applicants")).status_code == 401
    assert (
        await client.get(f"/api/recruiting/hr/vacancies/{vid}/applicants", headers=candidate)
    ).status_code == 403
    assert (
        await client.get(f"/api/recruiting/hr/vacancies/{vid}/applicants", headers=stranger)
    ).status_code == 403
    assert (await client.get("/api/recruiting/audit/fairness", headers=hr)).status_code == 403
    assert (await client.get("/api/recruiting/profile", headers=hr)).status_code == 403


async def test_public_search_and_pages_in_three_languages(
    client: Client, make_user: MakeUser, make_body: MakeBody
) -> None:
    body = await make_body(region_code="AST")
    _u, hr = await make_user(Role.HR_OFFICER, body.id)
    vid = await _published(client, hr, body.id)
    found = await client.get("/api/recruiting/vacancies", params={"q": "главный", "region": "AST"})
    assert found.status_code == 200 and [v["id"] for v in found.json()["items"]] == [vid]
    for lang, title in (("kk", "Бас маман"), ("ru", "Главный специалист"), ("en", "Chief specialist")):
        page = await client.get("/vacancies", headers={"accept-language": lang})
        assert page.status_code == 200 and title in page.text
    detail = await client.get(f"/vacancies/{vid}", headers={"accept-language": "ru"})
    assert detail.status_code == 200 and "Главный специалист" in detail.text


async def test_auditor_reads_fairness_and_reveal_log(client: Client, make_user: MakeUser) -> None:
    _a, auditor = await make_user(Role.AUDITOR)
    report = await client.get(
        "/api/recruiting/audit/fairness", params={"attribute": "gender"}, headers=auditor
    )
    assert report.status_code == 200 and report.json()[0]["stage"] == "eligible"
    assert (await client.get("/api/recruiting/audit/reveals", headers=auditor)).json() == []
    page = await client.get("/audit/recruiting", headers=auditor)
    assert page.status_code == 200
