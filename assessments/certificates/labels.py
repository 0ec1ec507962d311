"""The fixed wording printed on certificates, in Kazakh, Russian and English."""

from __future__ import annotations

from typing import Final, Literal

Language = Literal["kk", "ru", "en"]
LabelKey = Literal[
    "platform",
    "certificate",
    "kind_result",
    "kind_course",
    "holder",
    "issued_on",
    "valid_until",
    "no_expiry",
    "number",
    "verify_at",
    "footnote",
]

LANGUAGES: Final = ("kk", "ru", "en")

_LABELS: Final[dict[str, dict[str, str]]] = {
    "kk": {
        "platform": "Мемлекеттік қызметке іріктеу және оқыту платформасы",
        "certificate": "Сертификат",
        "kind_result": "тестілеу нәтижесі туралы",
        "kind_course": "оқу курсын аяқтағаны туралы",
        "holder": "Сертификат иесі",
        "issued_on": "Берілген күні",
        "valid_until": "Жарамдылық мерзімі",
        "no_expiry": "мерзімсіз",
        "number": "Сертификат нөмірі",
        "verify_at": "Түпнұсқалығын тексеру",
        "footnote": "Сертификат электрондық түрде берілді. Түпнұсқалығын QR-код арқылы тексеруге болады.",
    },
    "ru": {
        "platform": "Платформа отбора и обучения на государственную службу",
        "certificate": "Сертификат",
        "kind_result": "о результатах тестирования",
        "kind_course": "о прохождении учебного курса",
        "holder": "Владелец сертификата",
        "issued_on": "Дата выдачи",
        "valid_until": "Действителен до",
        "no_expiry": "бессрочно",
        "number": "Номер сертификата",
        "verify_at": "Проверка подлинности",
        "footnote": "Сертификат выдан в электронном виде. Подлинность можно проверить по QR-коду.",
    },
    "en": {
        "platform": "Civil service recruitment and training platform",
        "certificate": "Certificate",
        "kind_result": "of test results",
        "kind_course": "of course completion",
        "holder": "Awarded to",
        "issued_on": "Issued on",
        "valid_until": "Valid until",
        "no_expiry": "no expiry",
        "number": "Certificate No.",
        "verify_at": "Verify at",
        "footnote": "Issued electronically. Its authenticity can be checked by the QR code.",
    },
}


def label(language: Language, key: LabelKey) -> str:
    """Return the printed wording for `key` in `language`."""
    return _LABELS[language][key]
