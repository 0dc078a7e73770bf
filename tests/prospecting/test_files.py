"""Reading prospect lists as people bring them, and saying clearly what is wrong."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from otdel.prospecting import files
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


def _sheet_xlsx(sheet_xml: str) -> bytes:
    """An XLSX written by hand, for sheets no spreadsheet program would write."""
    xlsx = zipfile.ZipFile(io.BytesIO(as_xlsx([["x"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for member in xlsx.infolist():
            body = xlsx.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                body = sheet_xml.encode()
            out.writestr(member.filename, body)
    return buffer.getvalue()


def _sheet(rows: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def test_an_xlsx_that_expands_a_hundred_times_is_refused_before_it_is_read():
    # 12 MB of empty cells in a few kilobytes: a bomb, not a list.
    empty = '<row r="1">' + '<c r="A1"/>' * (12 * 2**20 // 11) + "</row>"
    data = _sheet_xlsx(_sheet(empty))
    assert len(data) < 100_000
    with pytest.raises(FileRejected, match=r"bomb.xlsx expands to 12 MB when opened"):
        read_table(data, "bomb.xlsx")


def test_an_xlsx_over_the_row_limit_is_refused_naming_the_limit(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 50)
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>Co {i}</t></is></c></row>'
        for i in range(1, 60)
    )
    with pytest.raises(FileRejected, match="long.xlsx has over 50 rows: split it"):
        read_table(_sheet_xlsx(_sheet(rows)), "long.xlsx")
    with pytest.raises(FileRejected, match="long.csv has over 50 rows"):
        read_table("\n".join(f"Co {i}" for i in range(60)).encode(), "long.csv")


def test_reading_an_xlsx_stops_at_the_time_limit_naming_the_row(monkeypatch):
    monkeypatch.setattr(files, "MAX_SECONDS", -1)
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>Co {i}</t></is></c></row>'
        for i in range(1, 1500)
    )
    with pytest.raises(
        FileRejected, match="takes over -1 seconds to read; reading stopped at row 1000"
    ):
        read_table(_sheet_xlsx(_sheet(rows)), "slow.xlsx")


def test_a_cell_far_to_the_right_does_not_widen_every_row():
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
        '<c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Гамма</t></is></c></row>'
    )
    table = read_table(_sheet_xlsx(_sheet(rows)), "wide.xlsx")
    assert table.headers == ["Name"]
    assert table.rows == [["Гамма"]]


def test_a_nul_anywhere_refuses_the_file_naming_its_row():
    lines = ["Наименование;ИНН"] + [f"Компания {i};" for i in range(400)]
    lines[300] = "Компания\x00 300;"
    data = "\n".join(lines).encode()
    assert data.index(b"\x00") > 4096
    with pytest.raises(FileRejected, match="Row 301 of list.csv holds a NUL character"):
        read_table(data, "list.csv")
    # XML cannot hold a NUL: the sheet itself is broken.
    with pytest.raises(FileRejected, match="list.xlsx is not an Excel"):
        read_table(
            _sheet_xlsx(
                _sheet(
                    '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
                    '<row r="2"><c r="A2" t="inlineStr"><is><t>a&#0;b</t></is></c></row>'
                )
            ),
            "list.xlsx",
        )


def test_one_row_not_in_utf8_is_named_and_the_rest_read_as_utf8():
    data = (
        "Наименование;ИНН\nООО Ромашка;\n".encode()
        + "ООО Ёлка;\n".encode("cp1251")
        + "АО Берёза;\n".encode()
    )
    table = read_table(data, "list.csv")
    assert table.encoding == "utf-8"
    assert table.rows[0] == ["ООО Ромашка", ""]
    assert table.rows[2] == ["АО Берёза", ""]
    assert table.row_errors == {
        3: "row 3 is not in UTF-8 like the rest of the file: retype its characters"
    }
