import codecs
import io

import openpyxl
import pytest

from training.roster import (
    MAX_ROSTER_BYTES,
    RosterFormatError,
    RosterRow,
    RowError,
    generate_roster,
    parse_roster,
)

HEADER_RU = "Табельный номер;ФИО;Орган;Подразделение;Должность;Эл. почта"
GOOD = "1001;Ахметова Айгүл Серікқызы;Министерство финансов;Отдел кадров;Эксперт;a.akhmetova@gov.kz"


def _parse(text: str, encoding: str = "utf-8") -> list[RosterRow | RowError]:
    return list(parse_roster(text.encode(encoding), "staff.csv"))


def test_roster_parses_russian_headers_and_normalises_email():
    rows = _parse(f"{HEADER_RU}\n{GOOD.replace('a.akhmetova', 'A.Akhmetova')}\n")
    expected = RosterRow(
        2, "1001", "Ахметова Айгүл Серікқызы", "Министерство финансов", "Отдел кадров", "Эксперт",
        "a.akhmetova@gov.kz",
    )  # fmt: skip
    assert rows == [expected]


def test_roster_reports_bad_rows_with_row_numbers():
    text = "\n".join(
        [
            HEADER_RU,
            GOOD,
            "1002;;Орган;;Эксперт;x@gov.kz",
            "1003;Иванов Иван;Орган;;Эксперт;not-an-email",
            "1001;Петров Пётр;Орган;;Эксперт;p@gov.kz",
            f"1004;{'Я' * 201};Орган;;Эксперт;q@gov.kz",
            "1005;Серікбаев Ерлан;Орган;;Маман;e.serikbaev@gov.kz",
        ]
    )
    results = _parse(text)
    errors = {(e.row_number, e.field, e.code) for e in results if isinstance(e, RowError)}
    assert errors == {
        (3, "full_name", "required"),
        (4, "email", "bad_email"),
        (5, "personnel_number", "duplicate"),
        (6, "full_name", "too_long"),
    }
    assert [r.personnel_number for r in results if isinstance(r, RosterRow)] == ["1001", "1005"]


def test_roster_handles_utf8_bom_and_comma_delimiter():
    text = (
        "personnel_number,full_name,body,department,position,email\n7,Дана Нұрланова,Body,,Analyst,d@gov.kz\n"
    )
    rows = list(parse_roster(codecs.BOM_UTF8 + text.encode(), "staff.csv"))
    assert isinstance(rows[0], RosterRow) and rows[0].full_name == "Дана Нұрланова"


def test_roster_handles_cp1251():
    rows = _parse(f"{HEADER_RU}\n8;Смирнова Ольга Игоревна;Акимат;Отдел;Специалист;o@gov.kz\n", "cp1251")
    assert isinstance(rows[0], RosterRow) and rows[0].full_name == "Смирнова Ольга Игоревна"


def test_roster_accepts_kazakh_headers_and_skips_blank_lines():
    header = "Табель нөмірі,Аты-жөні,Мемлекеттік орган,Бөлім,Лауазымы,Электрондық пошта"
    rows = _parse(f"{header}\n\n9,Асқар Оспанов,Орган,Бөлім,Бас маман,a@gov.kz\n,,,,,\n")
    assert len(rows) == 1 and isinstance(rows[0], RosterRow) and rows[0].row_number == 3


def test_roster_rejects_file_missing_required_columns():
    with pytest.raises(RosterFormatError, match="email"):
        _parse("ФИО;Орган;Должность;Табельный номер\n1;a;b;c\n")


def test_roster_rejects_oversized_and_legacy_files():
    with pytest.raises(RosterFormatError):
        list(parse_roster(b"x" * (MAX_ROSTER_BYTES + 1), "big.csv"))
    with pytest.raises(RosterFormatError, match="xls"):
        list(parse_roster(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.xls"))


def test_roster_parses_xlsx_with_numeric_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Personnel number", "Full name", "Body", "Department", "Position", "E-mail"])
    sheet.append([1234.0, "Ержан Қасымов", "Body", None, "Expert", "e@gov.kz"])
    sheet.append([1235, "Ержан Қасымов", "Body", None, "Expert", "bad@"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(parse_roster(buffer.getvalue(), "staff.xlsx"))
    assert isinstance(rows[0], RosterRow) and rows[0].personnel_number == "1234"
    assert rows[1] == RowError(3, "email", "'bad@' is not a valid email", "bad_email")


def test_roster_rejects_corrupt_zip():
    with pytest.raises(RosterFormatError):
        list(parse_roster(b"PK\x03\x04garbage", "staff.xlsx"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_generated_roster_round_trips_without_errors(fmt):
    data = generate_roster(200, ["Министерство юстиции", "Акимат Алматы"], seed=3, fmt=fmt)
    rows = list(parse_roster(data, f"demo.{fmt}"))
    assert len(rows) == 200 and all(isinstance(r, RosterRow) for r in rows)
    assert len({r.personnel_number for r in rows if isinstance(r, RosterRow)}) == 200
    again = generate_roster(200, ["Министерство юстиции", "Акимат Алматы"], seed=3, fmt=fmt)
    assert list(parse_roster(again, f"demo.{fmt}")) == rows
