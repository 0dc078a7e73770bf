"""Reading prospect lists as people bring them, and saying clearly what is wrong."""

import io

import pytest
from openpyxl import Workbook

from otdel.prospecting.files import (
    MAX_BYTES,
    FileRejected,
    check_mapping,
    guess_mapping,
    read_table,
)

ROWS = [
    ["Наименование", "ИНН", "Телефон", "Сайт"],
    ["ООО «Ромашка»", "7707083893", "8 (495) 123-45-67", "romashka.ru"],
    ["АО Ёлка", "", "+7 812 765 43 21", ""],
]


def as_csv(rows, delimiter: str, encoding: str) -> bytes:
    return "\n".join(delimiter.join(row) for row in rows).encode(encoding)


def as_xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "encoding", "seen"),
    [
        (";", "utf-8", "utf-8"),
        (",", "cp1251", "cp1251"),
        ("\t", "utf-8-sig", "utf-8"),
        (";", "utf-16", "utf-16"),
    ],
)
def test_csv_in_every_usual_encoding_and_delimiter(delimiter, encoding, seen):
    table = read_table(as_csv(ROWS, delimiter, encoding), "list.csv")
    assert (table.encoding, table.delimiter) == (seen, delimiter)
    assert table.headers == ROWS[0]
    assert table.rows == ROWS[1:]


def test_koi8_r_is_told_from_windows_1251_by_its_words():
    rows = [["Наименование", "ИНН"], ["ООО Ромашка", "7707083893"], ["Ёлка", ""]]
    table = read_table(as_csv(rows, ";", "koi8_r"), "old.csv")
    assert (table.encoding, table.rows[0][0]) == ("koi8_r", "ООО Ромашка")


def test_xlsx():
    table = read_table(as_xlsx(ROWS), "list.xlsx")
    assert table.rows[0][0] == "ООО «Ромашка»"
    assert len(table.rows) == 2


def test_mapping_is_guessed_from_russian_and_english_headers():
    assert guess_mapping(ROWS[0]) == {"name": 0, "tax_id": 1, "phones": 2, "website": 3}
    assert guess_mapping(["Company", "E-mail", "Contact"]) == {"name": 0, "emails": 1, "contact": 2}


def test_missing_name_column_names_the_columns_found():
    with pytest.raises(FileRejected, match="No column for the company name. Columns found: “ИНН”"):
        check_mapping(guess_mapping(["ИНН", "Телефон"]), ["ИНН", "Телефон"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a CSV or Excel"),
        (b"PK\x03\x04 broken zip", "is not an Excel"),
        (b"\n\n\n", "has no rows"),
        ("Ђ‰Ћ;ЏЉ\nЊЋ;Ђ‰".encode("cp1251"), "Cannot tell the encoding"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(data, message):
    with pytest.raises(FileRejected, match=message):
        read_table(data, "list.csv")


def test_a_50_mb_file_is_refused_before_reading():
    with pytest.raises(FileRejected, match=r"is 50.0 MB; the limit is 20 MB"):
        read_table(b"x" * (50 * 2**20), "big.csv")
    assert MAX_BYTES == 20 * 2**20


def test_a_formula_cell_refuses_its_row_by_name():
    rows = [*ROWS, ['=HYPERLINK("http://evil","click")', "", "", ""]]
    for data, name in ((as_csv(rows, ";", "utf-8"), "list.csv"), (as_xlsx(rows), "list.xlsx")):
        table = read_table(data, name)
        assert table.row_errors == {
            4: 'a formula in column “Наименование” is not data: =HYPERLINK("http://evil","click")'
        }


def test_a_phone_with_a_plus_is_not_a_formula():
    table = read_table(as_csv(ROWS, ";", "utf-8"), "list.csv")
    assert table.row_errors == {}
