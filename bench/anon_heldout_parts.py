"""Building blocks of the synthetic held-out generator: word lists, fake people, contact formats.

The lists are deliberately different from the engine's gazetteers (other surnames, rarer first names).
"""

from __future__ import annotations

import random
from typing import Any


def _w(words: str) -> list[str]:
    return words.split()


KK_M = _w(
    "Ерқанат Нұрасыл Бекасыл Мейірбек Қуат Ғалымжан Елдос Жандарбек Төлеген Ербақыт"
    " Сүндет Нұрдос Әлішер Бағлан Дидар Ерсайын Азат Жалғас Қайсар Ерзат"
)
KK_F = _w(
    "Айкөркем Гүлназ Ақерке Нұрсәуле Әйгерім Мөлдіргүл Жансая Бибігүл Ақниет Дариға"
    " Нәзира Аяулым Гүлбану Сәбина Ләйлә Анеля"
)
RU_M = _w("Аркадий Вениамин Мирон Прохор Тихон Гордей Всеволод Ефим Лука Савелий Демид Захар")
RU_F = _w("Василиса Есения Ульяна Алиса Таисия Ангелина Злата Варвара Милена Кира")
KK_SUR = _w(
    "Жолдасбеков Сыздықов Тоқтарбаев Әлімжанов Бекболатов Қасенов Мырзахметов Оразбаев Ниязов"
    " Сейітқалиев Досмағамбетов Тәжібаев Құрманғалиев Байменов Исин"
)
KK_SUR_PLAIN = _w("Құттықожа Бекмағамбет Жұмаділ Сейітқали Әбдіқадыр Орынбасар Сәрсенбі")
RU_SUR = _w("Воробьёв Лебедев Кузнецов Широков Третьяков Зуев Миронов Голубев Рябов Дорофеев Панин Горбунов")
OTHER_SUR = _w("Тян Гончаренко Литвинчук Шульц Нигматуллин Юсупов Ахунов")
CITIES = _w("Алматы Астана Шымкент Актобе Атырау Уральск Семей Жезказган Балхаш Рудный")
STREETS = ["Сейфуллина", "Достык", "Ауэзова", "Жандосова", "Тимирязева", "Кабанбай батыра", "Сарыарка"]
EMPLOYERS = [
    "ТОО «Арман Групп»", "АО «Казпочта»", "Общественный фонд «Надежда»", "ГУ «Управление образования»",
    "КГУ «Центр занятости населения»", "АО «KEGOC»", "ТОО «Бақыт Трейд»",
]  # fmt: skip
UNIS = [
    "КазНУ им. аль-Фараби", "ЕНУ имени Л.Н. Гумилева", "Абай атындағы ҚазҰПУ",
    "КарУ им. академика Е.А. Букетова", "Университет имени Сулеймана Демиреля",
]  # fmt: skip
PUBLIC = ["Абай Кунанбаев", "Касым-Жомарт Токаев", "Бауыржан Момышулы", "Лев Толстой", "Ли Куан Ю"]
RU_MONTHS = _w("января февраля марта апреля мая июня июля августа сентября октября ноября декабря")
KK_MONTHS = _w("қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан")
EN_MONTHS = _w("January February March April May June July August September October November December")
_LAT = dict(
    zip(
        "абвгғдеёжзийіклмнңоөпрстуұүфхһцчшщъыьэюяә",
        [
            "a",
            "b",
            "v",
            "g",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "n",
            "o",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "u",
            "u",
            "f",
            "kh",
            "h",
            "ts",
            "ch",
            "sh",
            "sch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "a",
        ],
        strict=True,
    )
) | {"қ": "k"}


def lat(s: str) -> str:
    """Passport-style Latin transliteration."""
    out = "".join(_LAT.get(c.lower(), c) if c.lower() in _LAT else c for c in s)
    return out[:1].upper() + out[1:]


def iin(rng: random.Random, y: int, m: int, d: int) -> str:
    """A random IIN with a valid control digit."""
    while True:
        body = f"{y % 100:02d}{m:02d}{d:02d}{rng.choice('3456')}{rng.randint(0, 9999):04d}"
        nums = [int(c) for c in body]
        c = sum(n * w for n, w in zip(nums, range(1, 12), strict=True)) % 11
        if c == 10:
            c = sum(n * w for n, w in zip(nums, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], strict=True)) % 11
        if c != 10:
            return body + str(c)


class Doc:
    """Accumulates text and gold spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[dict[str, Any]] = []
        self.pos = 0

    def t(self, s: str) -> Doc:
        self.parts.append(s)
        self.pos += len(s)
        return self

    def p(self, label: str, s: str) -> Doc:
        self.spans.append({"start": self.pos, "end": self.pos + len(s), "label": label})
        return self.t(s)


class Person:
    """A fake person with name forms."""

    def __init__(self, rng: random.Random) -> None:
        self.female = rng.random() < 0.5
        kind = rng.choice(["kk", "kk", "kk", "ru", "other"])
        self.first = rng.choice(
            (KK_F if self.female else KK_M) if kind == "kk" else (RU_F if self.female else RU_M)
        )
        father = rng.choice(KK_M + RU_M[:4])
        if kind == "kk" and rng.random() < 0.3:
            self.sur = rng.choice(KK_SUR_PLAIN)
        else:
            base = rng.choice(KK_SUR if kind == "kk" else RU_SUR if kind == "ru" else OTHER_SUR)
            fem = base.endswith(("ов", "ев", "ёв", "ин")) and self.female
            self.sur = base + "а" if fem else base
        if kind == "kk" and rng.random() < 0.5:
            self.patr = (
                father + (" қызы" if self.female else " ұлы")
                if rng.random() < 0.3
                else father + ("қызы" if self.female else "ұлы")
            )
        else:
            stem = father[:-1] + "е" if father.endswith("й") else father + "о"
            self.patr = stem + ("вна" if self.female else "вич")
        self.y, self.m, self.d = rng.randint(1965, 2003), rng.randint(1, 12), rng.randint(1, 28)

    def full(self) -> str:
        return f"{self.sur} {self.first} {self.patr}"

    def short(self) -> str:
        return f"{self.first[0]}.{self.patr[0]}. {self.sur}"

    def latin(self) -> str:
        return f"{lat(self.first)} {lat(self.sur)}"


def years(age: int) -> str:
    if age % 10 == 1 and age != 11:
        return "год"
    return "года" if 2 <= age % 10 <= 4 and not 12 <= age <= 14 else "лет"


def phone(rng: random.Random) -> str:
    a, b, c, d = (
        rng.choice(["701", "702", "705", "707", "747", "771", "775", "778"]),
        rng.randint(100, 999),
        rng.randint(10, 99),
        rng.randint(10, 99),
    )
    return rng.choice(
        [
            f"+7 {a} {b} {c} {d}",
            f"8({a}){b}-{c}-{d}",
            f"+7{a}{b}{c}{d}",
            f"8 {a} {b}\n{c} {d}",
            f"+7 ({a}) {b}-{c}-{d}",
            f"8-{a}-{b}-{c}-{d}",
            f"8 (7172) {c}-{d}-{rng.randint(10, 99)}",
        ]
    )


def email(rng: random.Random, p: Person) -> str:
    user = rng.choice([f"{lat(p.first).lower()}.{lat(p.sur).lower()}", f"{lat(p.sur).lower()}{p.y % 100}"])
    dom = rng.choice(["mail.ru", "gmail.com", "inbox.kz", "yahoo.com"])
    return rng.choice([f"{user}@{dom}", f"{user}(at){dom}", f"{user} [at] {dom.replace('.', ' [dot] ')}"])


def dob(rng: random.Random, p: Person, lang: str) -> str:
    if lang == "kk":
        return rng.choice([f"{p.y} жылғы {p.d} {KK_MONTHS[p.m - 1]}", f"{p.d:02d}.{p.m:02d}.{p.y} ж."])
    if lang == "en":
        return rng.choice([f"{EN_MONTHS[p.m - 1]} {p.d}, {p.y}", f"{p.d} {EN_MONTHS[p.m - 1]} {p.y}"])
    return rng.choice(
        [
            f"{p.d} {RU_MONTHS[p.m - 1]} {p.y} года",
            f"{p.d:02d}.{p.m:02d}.{p.y}",
            f"{p.d:02d}/{p.m:02d}/{p.y} г.",
        ]
    )


def addr(rng: random.Random, lang: str) -> str:
    city, st, h, f = rng.choice(CITIES), rng.choice(STREETS), rng.randint(1, 200), rng.randint(1, 300)
    if lang == "en":
        return f"{h} {lat(st)} St., apt. {f}, {lat(city)}"
    if lang == "kk":
        return f"{city} қ., {st} көшесі, {h} үй, {f} пәтер"
    return rng.choice(
        [
            f"г. {city}, ул. {st}, д. {h}, кв. {f}",
            f"{rng.randint(100000, 199999)}, г. {city}, пр. {st} {h}-{f}",
        ]
    )
