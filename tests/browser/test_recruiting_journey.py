"""Recruiting in real Chromium: a candidate registers and applies with a CV full of personal data; HR sees
the ranked list and the profile without a trace of who the candidate is, decides, reveals the winner with a
reason, and the auditor finds the reveal in the audit log."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from docx import Document
from playwright.async_api import Browser, Page, Response
from sqlalchemy import func, select

from app.settings import Settings
from auth.models import User
from auth.principal import Grant, Principal, Role
from recruiting.applications import ApplicationService
from recruiting.models import Application, Reveal, Score
from recruiting.profiles import MeritData, ProfileService
from recruiting.scoring import RERANK_JOB, ScoringService
from recruiting.vacancies import VacancyData, VacancyService
from tests.auth_fixtures import MakeBody, MakeUser
from tests.browser.helpers import newest_mail_to, sign_in, sign_in_with_totp
from tests.conftest import run_jobs
from tests.recruiting.conftest import BLUEPRINT
from workers import runtime
from workers.jobs import enqueue_after_commit
from workers.uow import commit

pytestmark = pytest.mark.browser

PASSWORD = "Zhansaya-Adal-2026-secure"
PERSON = {
    "full_name": "Әбдірахманова Жансая Қайратқызы",
    "iin": "940321450172",  # born 1994-03-21, a woman of the 20th century; the control digit is valid
    "birth_date": "1994-03-21",
    "phone": "+7 701 555 12 34",
    "email": "zhansaya.abdirakhmanova@mail.kz",
    "address": "Алматы, ул. Жандосова 58, кв. 12",
}
SURNAME, GIVEN, PATRONYMIC = PERSON["full_name"].split()
# Everything that identifies her, as entered and as commonly reformatted; none may reach HR before the reveal.
SECRETS = [
    PERSON["full_name"],
    f"{GIVEN} {SURNAME}",
    SURNAME,
    GIVEN,
    PATRONYMIC,
    SURNAME.upper(),
    PERSON["iin"],
    "940321 450172",
    PERSON["email"],
    PERSON["email"].split("@")[0],
    PERSON["phone"],
    "+77015551234",
    "87015551234",
    "8 (701) 555-12-34",
    "8 701 555 12 34",
    "7015551234",
    "555 12 34",
    "555-12-34",
    PERSON["birth_date"],
    "21.03.1994",
    "21/03/1994",
    "21 марта 1994",
    "Жандосова 58",
]
REASON = "Приказ о назначении на должность № 117-к"


@dataclass(slots=True)
class Competition:
    """The committed set-up: a published vacancy of a body, its HR officer and an auditor."""

    vacancy_id: int
    hr: User
    auditor: User
    others: list[int]


async def _competition(make_user: MakeUser, make_body: MakeBody) -> Competition:
    """A published vacancy requiring the legislation test, and two other candidates who applied."""
    body = await make_body("AST", "Агентство по делам государственной службы")
    hr, _ = await make_user(Role.HR_OFFICER, body.id, email="hr.officer@gov.kz")
    auditor, _ = await make_user(Role.AUDITOR, email="auditor@gov.kz")
    panel = [await make_user(Role.COMMISSION_MEMBER, body.id) for _ in range(2)]
    others = [await make_user(Role.CANDIDATE) for _ in range(2)]
    hr_principal = Principal(hr.id, hr.email, frozenset({Grant(Role.HR_OFFICER, body.id)}), "ru")
    now = datetime.now(UTC)
    spec = VacancyData(
        body_id=body.id,
        title={"ru": "Главный специалист по цифровым услугам", "en": "Chief specialist, digital services"},
        description={"ru": "Сопровождение сервисов электронного правительства."},
        category="C-3",
        region_code="AST",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        requirements={"education_level": "bachelor", "min_years": 2, "skills": ["SQL"], "languages": ["kk"]},
        assessments=BLUEPRINT,
        commission=[u.id for u, _ in panel],
    )
    async with runtime.session() as session:
        vacancies = VacancyService(session)
        vacancy = await vacancies.create_vacancy(hr_principal, spec)
        await vacancies.move(hr_principal, vacancy.id, "published")
        profiles, applications = ProfileService(session), ApplicationService(session)
        for i, (user, _) in enumerate(others):
            await profiles.save_personal_data(user.id, {"full_name": f"Другой Кандидат {i}"})
            merit = MeritData(
                education_level="bachelor", years_experience=3, skills=["SQL"], languages=["kk"]
            )
            await profiles.save_merit(user.id, merit)
            cv = f"Другой Кандидат {i}. Опыт: аналитик, 3 года.".encode()
            await applications.submit_application(user.id, vacancy.id, motivation="Хочу работать.", cv=cv)
        await commit(session)
    return Competition(vacancy.id, hr, auditor, [u.id for u, _ in others])


def _cv(folder: Path) -> Path:
    """A DOCX résumé carrying every piece of her personal data, in other formats too."""
    doc = Document()
    doc.add_heading(f"Резюме: {PERSON['full_name']}", level=1)
    doc.add_paragraph(f"ИИН: {PERSON['iin']}. Дата рождения: 21.03.1994.")
    doc.add_paragraph(f"Телефон: 8 (701) 555-12-34, e-mail: {PERSON['email']}")
    doc.add_paragraph(f"Адрес: {PERSON['address']}")
    doc.add_paragraph("Опыт работы: 2018–2024 — ведущий аналитик данных, АО «Национальные информационные")
    doc.add_paragraph("технологии»: SQL, Python, отчётность по госуслугам; 2016–2018 — специалист ЦОН.")
    doc.add_paragraph("Образование: магистр информационных систем, ЕНУ им. Л. Н. Гумилёва, 2016.")
    doc.add_paragraph(f"Рекомендации: по запросу. С уважением, {GIVEN} {SURNAME}.")
    path = folder / "rezyume.docx"
    doc.save(str(path))
    return path


async def _candidate_registers_and_applies(
    page: Page, base: str, settings: Settings, vacancy_id: int, tmp_path: Path
) -> None:
    await page.goto(f"{base}/register")
    await page.fill("#display_name", PERSON["full_name"])
    await page.fill("#email", PERSON["email"])
    await page.fill("#password", PASSWORD)
    async with page.expect_navigation():
        await page.click("form[action='/register'] button[type=submit]")
    mail = await newest_mail_to(settings.var_dir / "mail", PERSON["email"])
    link = re.search(r"\S+/verify-email\?token=\S+", mail)
    assert link, mail
    confirmed = await page.goto(base + urlsplit(link.group(0)).path + "?" + urlsplit(link.group(0)).query)
    assert confirmed is not None and confirmed.status == 200
    await sign_in(page, base, PERSON["email"], password=PASSWORD, then="/my/profile")
    assert urlsplit(page.url).path == "/my/profile", page.url
    for name in ("full_name", "iin", "birth_date", "phone", "email", "address"):
        await page.fill(f"#{name}", PERSON[name])
    await page.select_option("#education_level", "master")
    await page.fill("#field_of_study", "Информационные системы")
    await page.fill("#years_experience", "8")
    await page.fill("#skills", "SQL, Python, Excel")
    await page.fill("#languages", "kk, ru, en")
    async with page.expect_navigation():
        await page.click("form[action='/my/profile'] button[type=submit]")
    assert "saved=true" in page.url
    assert await page.input_value("#iin") == PERSON["iin"]
    await page.goto(f"{base}/vacancies/{vacancy_id}")
    motivation = (
        f"Меня зовут {PERSON['full_name']}, мне 32 года. Восемь лет работаю с данными госуслуг и хочу "
        f"развивать цифровые сервисы агентства. Мой телефон {PERSON['phone']}, пишите на {PERSON['email']}."
    )
    await page.fill("#motivation", motivation)
    await page.set_input_files("#cv", str(_cv(tmp_path)))
    async with page.expect_navigation():
        await page.click(f"form[action='/vacancies/{vacancy_id}/apply'] button[type=submit]")
    assert urlsplit(page.url).path == "/my/applications", page.url


async def _eventually(check: Callable[[], Awaitable[bool]], *, tries: int = 150) -> None:
    """Wait until ``check()`` holds (work done by the server's own jobs or its worker), 0.2 s apart."""
    for _ in range(tries):
        if await check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("timed out waiting for the server's jobs")


async def _results_recorded(
    settings: Settings, vacancy_id: int, scores: dict[int, tuple[float, float]]
) -> None:
    """Assessment results arrive (legislation, personal qualities) and the vacancy is re-ranked."""
    async with runtime.session() as session:
        scoring, to_rerank = ScoringService(session), set()
        for user_id, (legislation, qualities) in scores.items():
            for test, score in (("legislation", legislation), ("personal_qualities", qualities)):
                payload = {"candidate_id": user_id, "test": test, "score": score, "passed": True}
                to_rerank |= set(await scoring.record_result({**payload, "session_id": None, "theta": 0.2}))
        assert to_rerank == {vacancy_id}
        enqueue_after_commit(session, RERANK_JOB, vacancy_id)
        await commit(session)
    await run_jobs(settings)


def _normalised(content_type: str, text: str) -> str:
    """JSON may escape non-ASCII letters; compare against its decoded form too."""
    if "json" in content_type:
        try:
            return text + json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


class Recorder:
    """Every text body (HTML, JSON, scripts, styles) a page receives from now on.

    A body must be read before the page navigates away, so HR moves through ``goto`` and ``submit``, which
    wait until everything received so far has been read.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.bodies: list[tuple[str, str]] = []
        self._pending: list[asyncio.Task[None]] = []
        page.on("response", lambda r: self._pending.append(asyncio.ensure_future(self._read(r))))

    async def _read(self, response: Response) -> None:
        kind = response.headers.get("content-type", "")
        if 300 <= response.status < 400 or not any(t in kind for t in ("html", "json", "text", "script")):
            return
        self.bodies.append((response.url, _normalised(kind, await response.text())))

    async def settle(self) -> None:
        await self.page.wait_for_load_state("load")
        await asyncio.gather(*self._pending)

    async def goto(self, url: str) -> int:
        answer = await self.page.goto(url)
        await self.settle()
        return answer.status if answer is not None else 0

    async def submit(self, selector: str) -> None:
        async with self.page.expect_navigation():
            await self.page.click(selector)
        await self.settle()

    async def leaks(self) -> list[tuple[str, str]]:
        await self.settle()
        return [(url, s) for url, body in self.bodies for s in SECRETS if s.lower() in body.lower()]


async def test_candidate_pii_never_reaches_hr_until_the_audited_reveal(
    page: Page,
    browser: Browser,
    live_server: str,
    settings: Settings,
    make_user: MakeUser,
    make_body: MakeBody,
    tmp_path: Path,
) -> None:
    base = live_server
    contest = await _competition(make_user, make_body)
    vid = contest.vacancy_id

    # The candidate, in her own browser: register, confirm the address, fill the profile, apply with a CV.
    await _candidate_registers_and_applies(page, base, settings, vid, tmp_path)
    async with runtime.session() as session:
        user_id = (await session.execute(select(User.id).where(User.email == PERSON["email"]))).scalar_one()
        app_id, code = (
            await session.execute(
                select(Application.id, Application.code).where(
                    Application.user_id == user_id, Application.vacancy_id == vid
                )
            )
        ).one()

    # Her assessment results are the best of the three; the vacancy is re-ranked and the texts anonymised.
    others = dict(zip(contest.others, [(80.0, 70.0), (65.0, 60.0)], strict=True))
    await _results_recorded(settings, vid, {user_id: (95.0, 90.0), **others})

    async def ready() -> bool:
        async with runtime.session() as session:
            ranked = await session.scalar(
                select(func.count()).select_from(Score).where(Score.vacancy_id == vid)
            )
            mine = await session.get(Application, app_id)
            return ranked == 3 and mine is not None and mine.anonymized_at is not None

    await _eventually(ready)  # ranked, and her texts anonymised

    # HR, in another browser context, with password and one-time code: the ranked list, the profile, the API.
    hr_context = await browser.new_context(locale="ru-RU")
    hr = await hr_context.new_page()
    assert contest.hr.totp_secret
    await sign_in_with_totp(hr, base, contest.hr.email, contest.hr.totp_secret, then="/hr/")
    seen = Recorder(hr)
    assert await seen.goto(f"{base}/hr/") == 200
    assert await seen.goto(f"{base}/hr/vacancies/{vid}") == 200
    assert await hr.locator("table tbody tr").count() == 3
    first = hr.locator("table tbody tr").first
    assert (await first.locator("td").first.inner_text()).strip() == "1"
    assert (await first.locator("a").inner_text()).strip() == code
    await seen.submit(f"table tbody tr a[href='/hr/applications/{app_id}']")
    assert urlsplit(hr.url).path == f"/hr/applications/{app_id}"
    profile = await hr.inner_text("main")
    assert code in profile and "Опыт работы" in profile and "SQL" in profile  # the anonymised CV is there
    assert all(tag in profile for tag in ("[PERSON]", "[IIN]", "[PHONE]", "[EMAIL]", "[DATE_OF_BIRTH]"))
    for url in (
        f"/api/recruiting/hr/vacancies/{vid}/applicants",
        f"/api/recruiting/hr/applications/{app_id}",
    ):
        assert await seen.goto(base + url) == 200, url
    await seen.goto(f"{base}/hr/vacancies/{vid}")

    # HR closes the applications, shortlists the top three for the interview and appoints her: page forms.
    await seen.submit("button[name=action][value=closed]")
    await seen.submit("button[name=action][value=interview]")
    await hr.fill("#selected", code)
    await seen.submit("button[name=action][value=decide]")
    assert urlsplit(hr.url).path == f"/hr/vacancies/{vid}" and await hr.locator("#selected").count() == 0
    async with runtime.session() as session:
        assert (await session.get(Application, app_id)).status == "selected"  # type: ignore[union-attr]
    await seen.goto(f"{base}/hr/applications/{app_id}")
    assert await hr.locator("#reason").count() == 1

    leaks = await seen.leaks()
    assert not leaks, f"personal data reached HR before the reveal: {leaks}"
    assert len({urlsplit(url).path for url, _ in seen.bodies}) >= 6

    # The reveal: a reason is required, and only now does HR see who she is.
    await hr.fill("#reason", REASON)
    await seen.submit(f"form[action='/hr/applications/{app_id}/reveal'] button[type=submit]")
    shown = await hr.inner_text("main")
    assert PERSON["full_name"] in shown and PERSON["iin"] in shown and code in shown
    revealed = {urlsplit(url).path for url, _secret in await seen.leaks()}  # the recorder does see PII
    assert revealed == {f"/hr/applications/{app_id}/reveal"}, revealed
    await hr_context.close()
    async with runtime.session() as session:
        reveals = (
            (await session.execute(select(Reveal).where(Reveal.application_id == app_id))).scalars().all()
        )
        assert [(r.actor_id, r.reason) for r in reveals] == [(contest.hr.id, REASON)]

    # The auditor signs in with a one-time code and finds the reveal, with its reason, in both logs.
    auditor_context = await browser.new_context(locale="ru-RU")
    auditor = await auditor_context.new_page()
    assert contest.auditor.totp_secret
    await sign_in_with_totp(
        auditor, base, contest.auditor.email, contest.auditor.totp_secret, then="/admin/audit"
    )
    assert urlsplit(auditor.url).path == "/admin/audit"
    row = auditor.locator("tbody tr", has_text="recruiting.identity_revealed")
    assert await row.count() == 1
    entry = await row.inner_text()
    assert str(contest.hr.id) in entry and f"recruiting_application:{app_id}" in entry and REASON in entry
    await auditor.goto(f"{base}/audit/recruiting/")
    reveal_row = auditor.locator("tr", has_text=REASON)
    assert await reveal_row.count() == 1 and code in await reveal_row.inner_text()
    await auditor_context.close()
