"""Personal names versus public figures, institutions and common words."""

from recruiting.anonymize import find_pii


def _persons(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_pii(text) if s.label == "PERSON"]


def test_kazakh_patronymics_joined_and_separate() -> None:
    assert _persons("ФИО: Ахметов Нурлан Серікұлы") == ["Ахметов Нурлан Серікұлы"]
    assert _persons("Full name: Садыкова Меруерт Нұржан қызы (Meruert Sadykova)") == [
        "Садыкова Меруерт Нұржан қызы",
        "Meruert Sadykova",
    ]


def test_inflected_names_and_initials() -> None:
    text = "Настоящим рекомендую Ахметову Айгуль Маратовну. С 2020 года Айгуль работает у нас.\n\nА.Б. Иванов"
    assert _persons(text) == ["Ахметову Айгуль Маратовну", "Айгуль", "А.Б. Иванов"]


def test_latin_and_all_caps_names() -> None:
    assert _persons("Name: AKHMETOV Nurlan\nDate") == ["AKHMETOV Nurlan"]
    assert _persons("REFERENCES\nR. Alikhanuly, head of division") == ["R. Alikhanuly"]


def test_public_figures_and_named_universities_kept() -> None:
    text = (
        "Как писал Абай Кунанбаев, знание — основа. Ли Куан Ю говорил о службе.\n"
        "Касым-Жомарт Токаев отметил.\n"
        "Окончил КазНУ им. аль-Фараби и ЕНУ имени Л.Н. Гумилева, а также Абай атындағы ҚазҰПУ."
    )
    assert _persons(text) == []


def test_common_words_and_organisations_kept() -> None:
    text = (
        "Работала в ТОО «Арман Групп» и в фонде «Надежда». Любовь к профессии помогает.\n"
        "Nadezhda Public Foundation, Arman Group LLP."
    )
    assert _persons(text) == []


def test_signature_after_closing_formula() -> None:
    assert _persons("Спасибо за внимание.\n\nС надеждой на ответ,\nСамал\n") == ["Самал"]
