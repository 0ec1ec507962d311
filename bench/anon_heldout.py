"""Generator of synthetic held-out PII documents (dev.jsonl format) to check generalization.

Name lists and templates here are written separately from the engine's gazetteers (different
surnames, many rarer first names, other sentence frames), so the scores measure rules, not recall
of a memorised list.

Usage: python bench/anon_heldout.py OUT.jsonl [--n 400] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from anon_heldout_parts import (
    EMPLOYERS,
    KK_MONTHS,
    PUBLIC,
    UNIS,
    Doc,
    Person,
    addr,
    dob,
    email,
    iin,
    lat,
    phone,
    years,
)  # fmt: skip


def cv_ru(rng: random.Random) -> Doc:
    p, rel = Person(rng), Person(rng)
    d = (
        Doc()
        .t("АНКЕТА КАНДИДАТА\n\nФ.И.О.: ")
        .p("PERSON", p.full())
        .t("\nДата рождения: ")
        .p("DATE_OF_BIRTH", dob(rng, p, "ru"))
    )
    d.t("\nИИН: ").p("IIN", iin(rng, p.y, p.m, p.d)).t("\nПол: ").p(
        "GENDER_MARKER", "женский" if p.female else "мужской"
    )
    d.t("\nСемейное положение: ").p(
        "MARITAL_STATUS", rng.choice(["замужем", "в разводе"] if p.female else ["женат", "холост"])
    )
    d.t("\nСупруг(а): ").p("PERSON", rel.full()).t(", ").p("DATE_OF_BIRTH", str(rel.y)).t(" г.р.")
    d.t("\nАдрес: ").p("ADDRESS", addr(rng, "ru")).t("\nМоб.: ").p("PHONE", phone(rng)).t("\nПочта: ").p(
        "EMAIL", email(rng, p)
    )
    d.t(
        f"\n\nОбразование: {rng.choice(UNIS)}, 2010–2014.\nОпыт: {rng.choice(EMPLOYERS)}, "
        f"БИН 0{rng.randint(1, 9)}0540{rng.randint(100000, 999999)}"
        ", стаж 8 лет."
    )
    d.t(
        f"\nДата заполнения: {rng.randint(1, 28):02d}.0{rng.randint(1, 9)}.2025."
        " Ознакомлен с Законом РК от 23.11.2015 № 416-V.\n"
    )
    return d


def letter_ru(rng: random.Random) -> Doc:
    p, ref = Person(rng), Person(rng)
    age = 2025 - p.y
    d = (
        Doc()
        .t("Уважаемая комиссия!\n\nМеня зовут ")
        .p("PERSON", f"{p.first} {p.sur}")
        .t(", мне ")
        .p(
            "AGE",
            f"{age} {years(age)}",
        )
    )
    d.t(
        f". Работаю в {rng.choice(EMPLOYERS)} уже 6 лет. "
        f"Как говорил {rng.choice(PUBLIC)}, служба — это честь. "
    )
    d.t("Я ").p(
        "NATIONALITY_ETHNICITY", rng.choice(["казашка", "русская"] if p.female else ["казах", "уйгур"])
    ).t(" по национальности и ")
    d.t("исповедую ").p("RELIGION", rng.choice(["ислам", "православие"])).t(". Как ").p(
        "GENDER_MARKER", "мать двоих детей" if p.female else "отец троих детей"
    )
    d.t(", ценю стабильность. Рекомендацию может дать мой руководитель ").p("PERSON", ref.short())
    d.t(", тел. ").p("PHONE", phone(rng)).t(". Мой профиль: ").p(
        "URL", f"t.me/{lat(p.first).lower()}_{lat(p.sur).lower()[:4]}"
    )
    d.t(". Вакансии смотрела на www.enbek.kz и egov.kz.\n\nС уважением,\n").p("PERSON", p.first).t("\n")
    return d


def letter_kk(rng: random.Random) -> Doc:
    p = Person(rng)
    d = (
        Doc()
        .t("Құрметті конкурстық комиссия!\n\nМенің атым – ")
        .p("PERSON", f"{p.sur} {p.first}")
        .t(". Мен ")
    )
    d.p("AGE", f"{2025 - p.y} жастамын").t(". Мен ").p(
        "DATE_OF_BIRTH", f"{p.y} жылы {p.d} {KK_MONTHS[p.m - 1]}да"
    ).t(" дүниеге келдім. ")
    d.t("Ұлтым – ").p("NATIONALITY_ETHNICITY", "қазақ").t(". Отбасылық жағдайым – ").p(
        "MARITAL_STATUS", rng.choice(["үйленген", "тұрмыс құрмаған", "ажырасқан"])
    )
    d.t(f". {rng.choice(UNIS)} бітірдім, 12 жыл тәжірибем бар. Абай атындағы университетте оқыдым. ")
    d.t("Мен ").p("GENDER_MARKER", "екі баланың анасы" if p.female else "үш баланың әкесі").t(
        " ретінде жауапкершілікті білемін. "
    )
    d.t("Байланыс: ").p("PHONE", phone(rng)).t(", ").p("EMAIL", email(rng, p)).t(".\nМекенжайым: ").p(
        "ADDRESS", addr(rng, "kk")
    )
    d.t(".\n\nҚұрметпен,\n").p("PERSON", f"{p.first} {p.sur}").t(f"\n{rng.randint(1, 28):02d}.03.2025\n")
    return d


def cv_en(rng: random.Random) -> Doc:
    p, ref = Person(rng), Person(rng)
    name = f"{lat(p.sur).upper()} {lat(p.first)}" if rng.random() < 0.5 else p.latin()
    d = (
        Doc()
        .t("RESUME\n\nPhoto: ")
        .p("PHOTO_REF", f"{lat(p.sur).lower()}_photo.jpg")
        .t("\nName: ")
        .p("PERSON", name)
    )
    d.t("\nBorn: ").p("DATE_OF_BIRTH", dob(rng, p, "en")).t("\nSex: ").p(
        "GENDER_MARKER", "F" if p.female else "M"
    )
    d.t("\nMarital status: ").p("MARITAL_STATUS", rng.choice(["married", "single", "divorced"])).t(
        "\nNationality: "
    ).p("NATIONALITY_ETHNICITY", "Kazakh")
    d.t("\nHome address: ").p("ADDRESS", addr(rng, "en")).t("\nTel: ").p("PHONE", phone(rng)).t(
        "\nE-mail: "
    ).p("EMAIL", email(rng, p))
    d.t("\nGitHub: ").p("URL", f"https://github.com/{lat(p.sur).lower()}{p.y % 100}")
    d.t("\n\nI am ").p("AGE", f"{2025 - p.y} years old").t(
        " and have 9 years of experience. I returned from "
    )
    d.p("GENDER_MARKER", "maternity leave" if p.female else "parental leave").t(" in 2023.\n")
    d.t(
        "EXPERIENCE\n2016 – present — Nadezhda Public Foundation, Astana, analyst"
        "\nEDUCATION\nAl-Farabi Kazakh National University, 2012\n"
    )
    d.t("\nREFERENCES\n").p("PERSON", f"{lat(ref.first)[0]}. {lat(ref.sur)}").t(", head of department, ").p(
        "PHONE", phone(rng)
    ).t("\n")
    return d


def reco_ru(rng: random.Random) -> Doc:
    p, boss = Person(rng), Person(rng)
    acc = {"а": "у", "я": "ю"}
    first_acc = (
        p.first[:-1] + acc[p.first[-1]]
        if p.female and p.first[-1] in acc
        else (p.first if p.female else p.first + "а")
    )
    sur_acc = (
        p.sur[:-1] + "у"
        if p.sur.endswith(("ова", "ева", "ина"))
        else (p.sur + "а" if p.sur.endswith(("ов", "ев", "ин")) else p.sur)
    )
    d = Doc().t("РЕКОМЕНДАТЕЛЬНОЕ ПИСЬМО\n\nНастоящим рекомендую ").p("PERSON", f"{sur_acc} {first_acc}")
    d.t(" на должность главного специалиста. С 2019 года ").p("PERSON", p.first).t(
        f" работает в {rng.choice(EMPLOYERS)} (счёт № 4{rng.randint(10**10, 10**11 - 1)}). "
    )
    d.t("Приказ № 45 от 12.04.2021. Отмечу, что ").p("PERSON", p.first).t(
        " — ответственный сотрудник.\n\n"
    ).p("PERSON", boss.short())
    d.t(f"\nРуководитель отдела\n{rng.randint(1, 28):02d}.05.2025\n")
    return d


def message_mixed(rng: random.Random) -> Doc:
    p = Person(rng)
    d = (
        Doc()
        .t("Сәлеметсіз бе! Здравствуйте, я ")
        .p("PERSON", p.full())
        .t(", ")
        .p("DATE_OF_BIRTH", str(p.y))
        .t(" года рождения. ")
    )
    num = iin(rng, p.y, p.m, p.d)
    d.t("Подала документы на egov.kz, номер заявки 1414-2025-0087. Мой ИИН ").p(
        "IIN", " ".join(num[i : i + 3] for i in range(0, 12, 3))
    )
    d.t(". Прошу связаться: ").p("PHONE", phone(rng)).t(" или ").p(
        "URL", f"@{lat(p.first).lower()}_{p.y % 100}"
    )
    d.t(". Справку ЕНТ (балл 112) приложу. Рахмет!\n")
    return d


TEMPLATES = (
    ("ru", cv_ru),
    ("ru", letter_ru),
    ("kk", letter_kk),
    ("en", cv_en),
    ("ru", reco_ru),
    ("mixed", message_mixed),
)


def generate(n: int = 400, seed: int = 7) -> list[dict[str, Any]]:
    """Generate n labelled documents."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        lang, fn = TEMPLATES[i % len(TEMPLATES)]
        d = fn(rng)
        docs.append(
            {"id": f"heldout-{seed}-{i:05d}", "lang": lang, "text": "".join(d.parts), "spans": d.spans}
        )
    return docs


def main(argv: list[str] | None = None) -> None:
    """CLI: write a generated set to a JSONL file."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    with open(args.out, "w", encoding="utf-8") as fh:
        for doc in generate(args.n, args.seed):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
