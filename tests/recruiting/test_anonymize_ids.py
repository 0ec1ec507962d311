"""IIN checksum, phones, e-mails and URLs."""

from recruiting.anonymize import Span, find_pii, is_valid_iin
from recruiting.anonymize.iin import iin_checksum_ok


def _labels(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in find_pii(text)]


def test_iin_checksum_accepts_valid_and_rejects_altered_digit() -> None:
    assert is_valid_iin("680411380141")
    assert not is_valid_iin("680411380142")
    assert not is_valid_iin("68041138014")


def test_iin_second_pass_weights_are_used() -> None:
    # First pass gives 10 for this body, so the control digit comes from the second weights.
    bodies = [f"9001013{n:04d}" for n in range(2000)]
    tens = [b for b in bodies if sum(int(c) * w for c, w in zip(b, range(1, 12), strict=True)) % 11 == 10]
    w2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
    usable = [b for b in tens if sum(int(c) * w for c, w in zip(b, w2, strict=True)) % 11 != 10]
    assert usable
    body = usable[0]
    second = sum(int(c) * w for c, w in zip(body, w2, strict=True)) % 11
    assert iin_checksum_ok(body + str(second))
    assert not iin_checksum_ok(body + str((second + 1) % 10))


def test_iin_found_with_spaces_and_bin_or_invoice_kept() -> None:
    assert _labels("ИИН: 680411 380141") == [("680411 380141", "IIN")]
    assert _labels("ИИН | 770 607 333 243 |") == [("770 607 333 243", "IIN")]
    # BIN of an employer (5th digit 4 -> not a month) and an invoice number stay visible.
    assert _labels("БИН организации: 040540012345, счёт № 123456789012.") == []


def test_phone_formats_including_line_break_inside() -> None:
    for phone in (
        "+7 701 123 45 67",
        "8(727)2-50-50-50",
        "+77011234567",
        "8 (7172) 55-12-34",
        "8-708-149-58-58",
    ):
        assert _labels(f"Тел.: {phone}.") == [(phone, "PHONE")]
    text = "Контакты для обратной связи.\n8 708 676\n55 61; next"
    assert _labels(text) == [("8 708 676\n55 61", "PHONE")]


def test_obfuscated_emails_are_found() -> None:
    assert _labels("пишите n.akhmetov90(собака)gmail.com.") == [("n.akhmetov90(собака)gmail.com", "EMAIL")]
    assert _labels("mail: aigul.s [at] mail [dot] kz") == [("aigul.s [at] mail [dot] kz", "EMAIL")]
    assert _labels("E-mail: aigul.serikovna@mail.kz") == [("aigul.serikovna@mail.kz", "EMAIL")]


def test_personal_urls_found_institutional_sites_kept() -> None:
    text = (
        "Профиль: https://github.com/nakhmetov, t.me/nurlan_akh, @nurlan_akhm.\nСайты: egov.kz, www.enbek.kz."
    )
    found = [t for t, label in _labels(text) if label == "URL"]
    assert found == ["https://github.com/nakhmetov", "t.me/nurlan_akh", "@nurlan_akhm"]


def test_photo_reference() -> None:
    assert _labels("РЕЗЮМЕ\n\n[Фото 3×4]\nФото: akhmetov_photo.jpg") == [
        ("[Фото 3×4]", "PHOTO_REF"),
        ("akhmetov_photo.jpg", "PHOTO_REF"),
    ]


def test_span_is_frozen_value() -> None:
    assert Span(1, 2, "PHONE") == Span(1, 2, "PHONE")
