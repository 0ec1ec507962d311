"""Staff roster parsing (CSV/XLSX) and synthetic roster generation: a pure engine."""

from __future__ import annotations

import codecs
import csv
import io
import random
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Final, Literal

import msgspec
import openpyxl

MAX_ROSTER_BYTES: Final = 25 * 1024 * 1024
MAX_ROSTER_ROWS: Final = 100_000
# Uncompressed ceiling for an XLSX archive: a guard against zip bombs.
MAX_XLSX_UNCOMPRESSED_BYTES: Final = 400 * 1024 * 1024

FIELDS: Final = ("personnel_number", "full_name", "body", "department", "position", "email")
REQUIRED_FIELDS: Final = frozenset({"personnel_number", "full_name", "body", "position", "email"})
MAX_LENGTHS: Final = {
    "personnel_number": 32,
    "full_name": 200,
    "body": 255,
    "department": 255,
    "position": 255,
    "email": 254,
}

_SYNONYMS: Final = {
    "personnel_number": "personnel_number|personnel number|personnel no|employee id|employee number|"
    "staff number|табельный номер|таб номер|табельный №|таб. №|табельный|табель нөмірі|"
    "табельдік нөмір|қызметкер нөмірі",
    "full_name": "full_name|full name|name|фио|ф.и.о.|фамилия имя отчество|аты-жөні|толық аты-жөні|"
    "тегі аты әкесінің аты|таә",
    "body": "body|government body|organisation|organization|орган|государственный орган|госорган|"
    "организация|мемлекеттік орган|ұйым",
    "department": "department|division|unit|подразделение|структурное подразделение|отдел|департамент|"
    "управление|бөлім|бөлімше|құрылымдық бөлімше|басқарма",
    "position": "position|job title|title|должность|лауазым|лауазымы",
    "email": "email|e-mail|email address|эл. почта|электронная почта|почта|эл. пошта|электрондық пошта|пошта",
}
_EMAIL_RE: Final = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


class RosterRow(msgspec.Struct, frozen=True):
    """One valid staff member from a roster file."""

    row_number: int
    personnel_number: str
    full_name: str
    body: str
    department: str
    position: str
    email: str


class RowError(msgspec.Struct, frozen=True):
    """One problem in one row; `code` is a stable key for translated messages."""

    row_number: int
    field: str
    message: str
    code: str = "invalid"


class RosterFormatError(ValueError):
    """The file as a whole cannot be read as a roster."""


def _header_key(text: str) -> str:
    text = text.casefold().replace("ё", "е").replace("№", "номер")
    return "".join(ch for ch in text if ch.isalnum())


_HEADER_INDEX: Final = {
    _header_key(name): field for field, names in _SYNONYMS.items() for name in names.split("|")
}


def parse_roster(data: bytes, filename: str) -> Iterator[RosterRow | RowError]:
    """Stream valid rows and per-row errors from CSV/XLSX bytes; whole-file faults raise RosterFormatError."""
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterFormatError(f"{filename}: file exceeds {MAX_ROSTER_BYTES // (1024 * 1024)} MB")
    if data.startswith(b"PK"):
        records = _xlsx_records(data, filename)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterFormatError(f"{filename}: legacy .xls is not supported; save as .xlsx or .csv")
    else:
        records = _csv_records(data)
    return _validate(records, filename)


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Russian-locale Windows saves "CSV" as cp1251.
        return data.decode("cp1251", errors="replace")


def _csv_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from enumerate(reader, start=1)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _xlsx_records(data: bytes, filename: str) -> Iterator[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RosterFormatError(f"{filename}: not a readable .xlsx workbook") from exc
    if unpacked > MAX_XLSX_UNCOMPRESSED_BYTES:
        workbook.close()
        raise RosterFormatError(f"{filename}: workbook is too large when unpacked")
    try:
        sheet = workbook.worksheets[0]
        # Declared dimensions are often missing or wrong in exported files; read what is there.
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _map_header(record: list[str], filename: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(record):
        field = _HEADER_INDEX.get(_header_key(title))
        if field is None:
            continue
        if field in columns:
            raise RosterFormatError(f"{filename}: more than one column maps to '{field}'")
        columns[field] = index
    missing = sorted(REQUIRED_FIELDS - columns.keys(), key=FIELDS.index)
    if missing:
        raise RosterFormatError(f"{filename}: missing column(s): {', '.join(missing)}")
    return columns


def _validate(records: Iterable[tuple[int, list[str]]], filename: str) -> Iterator[RosterRow | RowError]:
    columns: dict[str, int] | None = None
    seen: dict[str, int] = {}
    data_rows = 0
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if columns is None:
            columns = _map_header(record, filename)
            continue
        data_rows += 1
        if data_rows > MAX_ROSTER_ROWS:
            raise RosterFormatError(f"{filename}: more than {MAX_ROSTER_ROWS} rows")
        yield from _check_row(number, record, columns, seen)
    if columns is None:
        raise RosterFormatError(f"{filename}: no header row found")


def _check_row(
    number: int, record: list[str], columns: dict[str, int], seen: dict[str, int]
) -> Iterator[RosterRow | RowError]:
    values = {field: " ".join(record[i].split()) if i < len(record) else "" for field, i in columns.items()}
    errors: list[RowError] = []
    for field in FIELDS:
        value = values.setdefault(field, "")
        if not value:
            if field in REQUIRED_FIELDS:
                errors.append(RowError(number, field, f"{field} is required", "required"))
        elif len(value) > MAX_LENGTHS[field]:
            message = f"{field} is longer than {MAX_LENGTHS[field]} characters"
            errors.append(RowError(number, field, message, "too_long"))
    email = values["email"].lower()
    if email and not _EMAIL_RE.match(email):
        errors.append(RowError(number, "email", f"'{values['email']}' is not a valid email", "bad_email"))
    number_key = values["personnel_number"]
    if number_key:
        first = seen.setdefault(number_key, number)
        if first != number:
            message = f"personnel number {number_key} already used in row {first}"
            errors.append(RowError(number, "personnel_number", message, "duplicate"))
    if errors:
        yield from errors
        return
    yield RosterRow(
        row_number=number,
        personnel_number=number_key,
        full_name=values["full_name"],
        body=values["body"],
        department=values["department"],
        position=values["position"],
        email=email,
    )


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


# Demo data: surnames are stored in their masculine form; feminine forms are derived.
_KZ_SURNAMES: Final = _names(
    "Абенов|Ахметов|Байжанов|Бекболатов|Есенов|Жақсылықов|Жұмабаев|Қасымов|Мұхамедиев|Нұрланов|"
    "Оспанов|Сәрсенбаев|Серікбаев|Төлеуов|Тұрсынов|Шәріпов|Ысқақов|Әбдірахманов|Құнанбаев|Ержанов"
)
_RU_SURNAMES: Final = _names("Иванов|Петров|Смирнов|Кузнецов|Попов|Соколов|Лебедев|Новиков|Морозов|Волков")
_KZ_MALE: Final = _names("Айбек|Асқар|Бауыржан|Дәурен|Ерлан|Нұрсұлтан|Серік|Талғат|Ержан|Мұрат|Қайрат")
_KZ_FEMALE: Final = _names("Айгүл|Әсел|Гүлнар|Дана|Жанар|Мадина|Сәуле|Айнұр|Камила|Ақмарал|Динара")
_RU_MALE: Final = _names("Александр|Дмитрий|Сергей|Андрей|Алексей|Максим|Игорь|Олег")
_RU_FEMALE: Final = _names("Елена|Ольга|Наталья|Татьяна|Ирина|Анна|Мария|Светлана")
_DEPARTMENTS: Final = _names(
    "Управление кадровой работы|Департамент цифровизации|Юридическое управление|Финансовый департамент|"
    "Отдел документооборота|Бөлім: мемлекеттік қызметтер|Управление стратегического планирования"
)
_POSITIONS: Final = _names(
    "Главный специалист|Ведущий специалист|Эксперт|Руководитель управления|Заместитель директора|"
    "Бас маман|Жетекші маман|Главный эксперт"
)
_TRANSLIT: Final = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdeziyklmnoprstufhcye", strict=True)),
        **{"ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i"},
        **{"ё": "e", "ж": "zh", "ч": "ch", "ш": "sh", "щ": "sch", "ю": "yu", "я": "ya", "ъ": "", "ь": ""},
    }
)


def _person(rng: random.Random) -> tuple[str, str]:
    kazakh = rng.random() < 0.75
    female = rng.random() < 0.5
    surname = rng.choice(_KZ_SURNAMES if kazakh else _RU_SURNAMES)
    father = rng.choice(_KZ_MALE if kazakh else _RU_MALE)
    if female:
        surname += "а"
        first = rng.choice(_KZ_FEMALE if kazakh else _RU_FEMALE)
    else:
        first = rng.choice(_KZ_MALE if kazakh else _RU_MALE)
    if kazakh and rng.random() < 0.3:
        patronymic = father + ("қызы" if female else "ұлы")
    elif father.endswith(("й", "ь")):
        patronymic = father[:-1] + ("евна" if female else "евич")
    else:
        patronymic = father + ("овна" if female else "ович")
    latin = f"{first[0]}.{surname}".lower().translate(_TRANSLIT)
    return f"{surname} {first} {patronymic}", latin


def generate_roster(
    n: int, bodies: Iterable[str], seed: int, *, fmt: Literal["csv", "xlsx"] = "csv"
) -> bytes:
    """Build a realistic roster of `n` staff as CSV (UTF-8 BOM, `;`) or XLSX bytes."""
    rng = random.Random(seed)
    body_list = list(bodies)
    header = ["Табельный номер", "ФИО", "Орган", "Подразделение", "Должность", "Эл. почта"]
    start = rng.randrange(100_000, 900_000)
    rows = []
    for i in range(n):
        number = str(start + i)
        full_name, latin = _person(rng)
        email = f"{latin}{number[-4:]}@gov.kz"
        department, position = rng.choice(_DEPARTMENTS), rng.choice(_POSITIONS)
        rows.append([number, full_name, rng.choice(body_list), department, position, email])
    if fmt == "xlsx":
        return _xlsx_bytes(header, rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _xlsx_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    # Not write_only: that mode omits <dimension>, which makes read-only loading scan the sheet twice.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Roster"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
