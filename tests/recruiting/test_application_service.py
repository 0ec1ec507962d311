"""Applications: one per vacancy, random pseudonyms, CV type judged by content, eligibility reasons."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from app.settings import Settings
from recruiting.applications import CODE_ALPHABET, ApplicationService
from recruiting.errors import Conflict, UploadProblem
from recruiting.models import Application, ApplicationText, StatusChange
from recruiting.uploads import detect_kind
from tests.recruiting.conftest import PERSON, World, make_candidate, open_vacancy
from workers.uow import commit


def pdf_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, text)
    c.save()
    return buf.getvalue()


def docx_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph(text)
    doc.save(buf)
    return buf.getvalue()


async def _count(world: World) -> int:
    return int((await world.session.execute(select(func.count()).select_from(Application))).scalar_one())


async def test_duplicate_application_is_refused(world: World) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    service = ApplicationService(world.session)
    await service.submit_application(who.user_id, vacancy.id, motivation="I want to serve.")
    with pytest.raises(Conflict, match="already applied"):
        await service.submit_application(who.user_id, vacancy.id, motivation="Again.")
    assert await _count(world) == 1


async def test_pseudonym_differs_per_vacancy(world: World) -> None:
    first, second = await open_vacancy(world), await open_vacancy(world)
    who = await make_candidate(world.session)
    service = ApplicationService(world.session)
    a = await service.submit_application(who.user_id, first.id, motivation="Motivated.")
    b = await service.submit_application(who.user_id, second.id, motivation="Motivated.")
    assert a.code != b.code
    assert len(a.code) == 10 and set(a.code) <= set(CODE_ALPHABET)


@pytest.mark.parametrize(
    ("maker", "kind"),
    [(pdf_bytes, "pdf"), (docx_bytes, "docx"), (lambda t: t.encode(), "txt")],
)
async def test_cv_text_is_extracted_by_detected_type(
    world: World, maker: Callable[[str], bytes], kind: str
) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    app = await ApplicationService(world.session).submit_application(
        who.user_id, vacancy.id, motivation="Hello.", cv=maker("Ten years of SQL reporting")
    )
    texts = await world.session.get(ApplicationText, app.id)
    assert texts is not None and texts.cv_kind == kind and "SQL reporting" in texts.cv_text


async def test_upload_type_is_judged_by_content_not_name(world: World) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    with pytest.raises(UploadProblem) as err:
        await ApplicationService(world.session).submit_application(
            who.user_id, vacancy.id, motivation="Hello.", cv=png
        )
    assert err.value.status_code == 415
    assert detect_kind(b"%PDF-1.7 fake") == "pdf" and detect_kind(b"PK\x03\x04junk") is None
    assert await _count(world) == 0


async def test_oversized_upload_is_refused_and_nothing_is_written(world: World, settings: Settings) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    big = b"a" * (settings.max_upload_bytes + 1)
    with pytest.raises(UploadProblem) as err:
        await ApplicationService(world.session).submit_application(
            who.user_id, vacancy.id, motivation="Hello.", cv=big
        )
    assert err.value.status_code == 413
    assert await _count(world) == 0


async def test_corrupt_pdf_is_a_clear_422(world: World) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    with pytest.raises(UploadProblem) as err:
        await ApplicationService(world.session).submit_application(
            who.user_id, vacancy.id, motivation="Hello.", cv=b"%PDF-1.4\n garbage"
        )
    assert err.value.status_code == 422
    assert await _count(world) == 0


async def test_eligibility_gives_a_reason_for_each_failed_rule(world: World) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session, years=1, education="vocational", languages=("ru",), skills=())
    app = await ApplicationService(world.session).submit_application(
        who.user_id, vacancy.id, motivation="Hi."
    )
    assert app.status == "ineligible" and app.eligible is False
    reasons = " ".join(app.eligibility_reasons)
    assert len(app.eligibility_reasons) == 4
    assert "bachelor" in reasons and "at least 2" in reasons and "SQL" in reasons and "kk" in reasons


async def test_eligible_candidate_is_screened_in_and_the_timeline_recorded(world: World) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    app = await ApplicationService(world.session).submit_application(
        who.user_id, vacancy.id, motivation="Hi."
    )
    steps = (
        await world.session.execute(
            select(StatusChange.to_status)
            .where(StatusChange.application_id == app.id)
            .order_by(StatusChange.id)
        )
    ).scalars()
    assert app.status == "eligible" and list(steps) == ["submitted", "eligible"]


async def test_invalid_status_transition_is_refused(world: World) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    service = ApplicationService(world.session)
    app = await service.submit_application(who.user_id, vacancy.id, motivation="Hi.")
    with pytest.raises(Conflict, match="cannot go from eligible to selected"):
        await service.change_status(app, "selected", actor_id=world.hr.user_id)
    await service.withdraw(who.user_id, app.id)
    with pytest.raises(Conflict):
        await service.change_status(app, "eligible", actor_id=world.hr.user_id)


def _mails(settings: Settings, code: str) -> list[str]:
    folder = settings.var_dir / "mail"
    texts = [p.read_text() for p in folder.glob("*.eml")] if folder.exists() else []
    return [t for t in texts if code in t]


async def test_status_change_is_mailed_to_the_candidate_after_commit(
    world: World, settings: Settings
) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session, pii=dict(PERSON))
    service = ApplicationService(world.session)
    app = await service.submit_application(who.user_id, vacancy.id, motivation="Hi.")
    assert _mails(settings, app.code) == []
    await commit(world.session)
    assert any(PERSON["email"] in m and "screening" in m for m in _mails(settings, app.code))


async def test_a_rolled_back_change_is_never_mailed(world: World, settings: Settings) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    service = ApplicationService(world.session)
    code = (await service.submit_application(who.user_id, vacancy.id, motivation="Hi.")).code
    await world.session.rollback()
    await commit(world.session)
    assert _mails(settings, code) == []


async def test_free_texts_are_anonymized(world: World) -> None:
    vacancy = await open_vacancy(world)
    who = await make_candidate(world.session)
    text = "Меня зовут Айгерім Нұрланова, мой телефон +7 701 234 5678, ИИН 900515450128."
    service = ApplicationService(world.session)
    app = await service.submit_application(who.user_id, vacancy.id, motivation=text, cv=text.encode())
    assert app.motivation_anon is None
    await service.anonymize_application(app.id)
    for redacted in (app.motivation_anon, app.cv_anon):
        assert redacted is not None
        assert "900515450128" not in redacted and "234 5678" not in redacted and "Нұрланова" not in redacted
