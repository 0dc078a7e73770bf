"""Exports are safe against formula injection and respect who sees what."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from otdel.exports import safe_cell
from tests.conftest import client_for
from tests.factories import CompanyFactory


def test_safe_cell_quotes_formula_starts_only():
    assert safe_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    for start in "+-@\t\r":
        assert safe_cell(start + "1") == "'" + start + "1"
    assert safe_cell("Ромашка") == "Ромашка"
    assert safe_cell(42) == 42


def test_csv_and_xlsx_exports_disarm_formulas(people):
    CompanyFactory(legal_name='=HYPERLINK("http://evil","click")', owner=people.hunter1, section="")
    client = client_for(people.hunter1)
    csv_text = client.get(reverse("base:company_export_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    response = client.get(reverse("base:company_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("http://evil","click")']
