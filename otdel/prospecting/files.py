"""Reading a prospect list as people bring it: CSV (UTF-8 or Windows-1251; `;`, `,` or tab) or
XLSX, with a header row. Whatever is wrong is said in words that name the file, row or column;
a file that cannot be read at all raises FileRejected, a row that cannot be used is kept with
its reason, so that rows in = rows accounted for."""

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError  # noqa: S405 - the exception only

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_BYTES = 20 * 1024 * 1024
# An XLSX is a zip: 34 KB of it once expanded to a 32 MB sheet that took minutes to read. A real
# list of 100,000 companies is about 40 MB of sheet XML, compressed 5 to 15 times; a sheet
# compressed over MAX_RATIO times is made to expand, not to be read.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 300_000
MAX_COLUMNS = 200
# Reading stops here, whatever the file: the longest real list takes a few seconds.
MAX_SECONDS = 120
_FORMULA = re.compile(r"^\s*(=|[+\-@]\s*[A-Za-zА-Яа-я_]+\()")
# Characters a Windows-1251 decoding of a file in another encoding (KOI8-R, UTF-16 without
# BOM, ...) produces, but company lists in Russian, Romanian or English hardly ever contain.
_UNLIKELY = set("ЂЃѓЉЊЌЋЏђљњќћџЈј¤¦‰")

# Header spellings of each field, folded (the first is the field's own name).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "company",
        "company name",
        "компания",
        "наименование",
        "название",
        "организация",
        "клиент",
        "denumire",
        "firma",
    ),
    "tax_id": ("tax_id", "tax id", "inn", "инн", "cui", "cif", "vat", "унп", "бин"),
    "phones": ("phones", "phone", "телефон", "телефоны", "тел", "тел.", "telefon", "tel"),
    "emails": ("emails", "email", "e-mail", "почта", "эл. почта", "электронная почта", "mail"),
    "website": ("website", "site", "сайт", "web", "www", "url"),
    "address": ("address", "адрес", "adresa", "город", "city"),
    "category": ("category", "категория", "отрасль", "рубрика", "industry", "sector"),
    "segment": ("segment", "сегмент"),
    "contact": ("contact", "контакт", "контактное лицо", "фио", "persoana de contact"),
}
REQUIRED = ("name",)


class FileRejected(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""
    # Row number (as the user counts, header = 1) -> why it cannot be used.
    row_errors: dict[int, str] = field(default_factory=dict)


def check_size(filename: str, size: int) -> None:
    """Refuse a file over the limit; callers with an upload check before reading it."""
    if size > MAX_BYTES:
        raise FileRejected(
            _("The file %(file)s is %(size).1f MB; the limit is %(limit)d MB.")
            % {"file": filename, "size": size / 2**20, "limit": MAX_BYTES // 2**20}
        )


def read_table(data: bytes, filename: str) -> Table:
    if not data:
        raise FileRejected(_("The file %(file)s is empty.") % {"file": filename})
    check_size(filename, len(data))
    if data[:4] == b"PK\x03\x04":
        table = _read_xlsx(data, filename)
    elif _binary(data):
        raise FileRejected(_("%(file)s is not a CSV or Excel (XLSX) file.") % {"file": filename})
    else:
        table = _read_csv(data, filename)
    if not table.headers:
        raise FileRejected(_("The file %(file)s has no header row.") % {"file": filename})
    _refuse_nul(table, filename)
    _mark_formulas(table)
    return table


def _binary(data: bytes) -> bool:
    """A picture, an archive or a program: NUL bytes from its start. A text table with one NUL
    in a row is read, and refused naming that row."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has a NUL in every Latin letter
        return False
    head = data[:4096]
    return b"\x00" in head[:16] or head.count(b"\x00") > len(head) // 100


def _refuse_nul(table: Table, filename: str) -> None:
    """A NUL character is binary data, never a company's name, and the database refuses it: the
    file is refused with the first row that has one (header = row 1)."""
    for number, row in enumerate([table.headers, *table.rows], start=1):
        if any("\x00" in cell for cell in row):
            raise FileRejected(
                _(
                    "Row %(row)d of %(file)s holds a NUL character (binary data): "
                    "this is not a text table. Save it again as CSV or XLSX."
                )
                % {"row": number, "file": filename}
            )


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # One row pasted from elsewhere must not turn the whole file into Windows-1251: its
        # bytes become U+FFFD and _read_csv names the row.
        return data.decode("utf-8-sig", errors="replace"), "utf-8"
    # Both decode any bytes; real words (lower case, Capitalised or UPPER) tell which is right.
    candidates = [(data.decode(name, errors="replace"), name) for name in ("cp1251", "koi8_r")]
    text, encoding = max(candidates, key=lambda c: _plausibility(c[0]))
    letters = [c for c in text if c.isalpha()]
    unlikely = sum(1 for c in text if c in _UNLIKELY or c == "\ufffd")
    if not letters or unlikely > 0.02 * len(letters) or _plausibility(text) < 0.6:
        raise FileRejected(
            _(
                "Cannot tell the encoding of %(file)s: save it as UTF-8 or Windows-1251 CSV, or as XLSX."
            )
            % {"file": filename}
        )
    return text, encoding


def _mostly_utf8(data: bytes) -> bool:
    """Whether most lines with non-ASCII bytes are valid UTF-8: a line of Windows-1251 Cyrillic
    practically never is, so a file where only some lines fail is UTF-8 with broken rows."""
    lines = [line for line in data.splitlines() if not line.isascii()]
    valid = 0
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        valid += 1
    return valid > 0 and 2 * valid >= len(lines)


_CYRILLIC_WORD = re.compile(r"[а-яёА-ЯЁ]+")
_PLAIN_WORD = re.compile(r"^(?:[А-ЯЁ]?[а-яё]+|[А-ЯЁ]+)$")


def _plausibility(text: str) -> float:
    """The share of Cyrillic words written as words are: 1.0 for text, low for mojibake."""
    words = _CYRILLIC_WORD.findall(text)
    if not words:
        return 1.0
    return sum(1 for w in words if _PLAIN_WORD.match(w)) / len(words)


def _read_csv(data: bytes, filename: str) -> Table:
    text, encoding = _decode(data, filename)
    sample = "\n".join(text.splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t"}
        delimiter = max(counts, key=lambda d: counts[d])
    rows = [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise FileRejected(_("The file %(file)s has no rows.") % {"file": filename})
    if len(rows) > MAX_ROWS + 1:
        raise _too_many_rows(filename)
    table = Table(headers=rows[0], rows=rows[1:], encoding=encoding, delimiter=delimiter)
    for number, row in enumerate(table.rows, start=2):
        if any("\ufffd" in cell for cell in row):
            table.row_errors[number] = _(
                "row %(row)d is not in UTF-8 like the rest of the file: retype its characters"
            ) % {"row": number}
    return table


def _too_many_rows(filename: str) -> FileRejected:
    return FileRejected(
        _("%(file)s has over %(limit)s rows: split it into several lists.")
        % {"file": filename, "limit": f"{MAX_ROWS:,}".replace(",", "\u00a0")}
    )


def _check_zip(data: bytes, filename: str) -> None:
    """Refuse a zip that would expand far beyond what a table of its size holds, before
    openpyxl reads a byte of it."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as error:
        raise FileRejected(
            _("%(file)s is not an Excel (XLSX) file that can be read.") % {"file": filename}
        ) from error
    expanded = sum(member.file_size for member in members)
    inflated = any(
        member.file_size > 10 * 2**20
        and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if expanded > MAX_UNCOMPRESSED or inflated:
        raise FileRejected(
            _(
                "%(file)s expands to %(size)d MB when opened, far more than a list of its size "
                "holds: save the sheet again in Excel, or as CSV."
            )
            % {"file": filename, "size": expanded // 2**20}
        )


def _read_xlsx(data: bytes, filename: str) -> Table:
    _check_zip(data, filename)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as error:
        raise FileRejected(
            _("%(file)s is not an Excel (XLSX) file that can be read.") % {"file": filename}
        ) from error
    sheet = workbook.worksheets[0]
    started = time.monotonic()
    rows = []
    try:
        # Columns past MAX_COLUMNS are not read: no list has that many, and a cell far to the
        # right would make every row that wide.
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(["" if value is None else str(value).strip() for value in row])
            if len(rows) > MAX_ROWS + 1:
                raise _too_many_rows(filename)
            if len(rows) % 1000 == 0 and time.monotonic() - started > MAX_SECONDS:
                raise FileRejected(
                    _(
                        "%(file)s takes over %(seconds)d seconds to read; reading stopped at "
                        "row %(row)d. Save it again in Excel, or as CSV."
                    )
                    % {"file": filename, "seconds": MAX_SECONDS, "row": len(rows)}
                )
    except ParseError as error:
        raise FileRejected(
            _("Row %(row)d of %(file)s cannot be read: the sheet is broken (%(error)s).")
            % {"row": len(rows) + 1, "file": filename, "error": error}
        ) from error
    finally:
        workbook.close()
    # iter_rows pads every row to max_col: the table is as wide as its widest filled row.
    width = max(
        (len(row) - next((i for i, c in enumerate(reversed(row)) if c), len(row)) for row in rows),
        default=0,
    )
    rows = [row[:width] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise FileRejected(_("The file %(file)s has no rows.") % {"file": filename})
    return Table(headers=rows[0], rows=rows[1:], encoding="xlsx")


def _mark_formulas(table: Table) -> None:
    """A formula (=HYPERLINK(...) and the like) is never data: its row is refused, named."""
    for index, row in enumerate(table.rows, start=2):
        for column, cell in enumerate(row):
            if _FORMULA.match(cell):
                header = table.headers[column] if column < len(table.headers) else str(column + 1)
                table.row_errors[index] = _(
                    "a formula in column “%(column)s” is not data: %(cell)s"
                ) % {"column": header, "cell": cell[:60]}
                break


def fold(header: str) -> str:
    """A header or a word as it is compared: case, ё, underscores and spaces do not count."""
    return " ".join(header.casefold().replace("ё", "е").replace("_", " ").split())


def guess_mapping(
    headers: list[str], spellings: dict[str, tuple[str, ...]] = COLUMN_SYNONYMS
) -> dict[str, int]:
    """Field -> column index, from the header spellings (the first spelling that the file has
    wins); unknown columns are left out. Other imports hand in their own spellings."""
    folded = [fold(h) for h in headers]
    mapping: dict[str, int] = {}
    for fieldname, synonyms in spellings.items():
        for spelling in synonyms:
            target = fold(spelling)
            if target in folded and folded.index(target) not in mapping.values():
                mapping[fieldname] = folded.index(target)
                break
    return mapping


def check_mapping(mapping: dict[str, int], headers: list[str]) -> None:
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise FileRejected(
            _("No column for the company name. Columns found: %(columns)s.")
            % {"columns": ", ".join(f"“{h}”" for h in headers) or "—"}
        )
