"""What each document of a deal says, read back from its PDF (and the DOCX copy) as a buyer
reads it (issue 14): one total, what is to pay, the amount in words, and both parties with
their legal form and tax ids."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.docx import render_docx, template_for
from otdel.documents.models import DocumentKind
from otdel.documents.services import document_issue
from tests.factories import CompanyFactory

SELLER = "Продавец: ООО «Отдел продаж», ИНН 7707083893, КПП 770701001"
# 50 lamps at 1 200,00 less 5 % and 8 hours at 2 500,00; VAT 20 % is inside both prices.
TOTAL = "77 000,00"
VAT = "12 833,33"
WORDS = "Сумма прописью: Семьдесят семь тысяч рублей 00 копеек"


def pdf_lines(document) -> list[str]:
    """The PDF's text line by line, with the grouping spaces printed as plain spaces."""
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(bytes(document.pdf))).pages)
    return [re.sub(r"[\s\xa0\u202f]+", " ", line).strip() for line in text.splitlines()]


def deal_of(people, shop, company):
    lamp, install = shop
    deal = deal_create(
        company=company, owner=people.hunter1, title="Освещение склада", acting_user=people.hunter1
    )
    deal_add_item(
        deal=deal,
        product=lamp,
        quantity=Decimal(50),
        discount_percent=Decimal(5),
        acting_user=people.hunter1,
    )
    deal_add_item(deal=deal, product=install, quantity=Decimal(8), acting_user=people.hunter1)
    return deal


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_document_prints_one_total_the_words_and_both_parties(
    people, shop, client_company, kind
):
    deal = deal_of(people, shop, client_company)
    document = document_issue(deal=deal, kind=kind, acting_user=people.hunter1)
    lines = pdf_lines(document)
    text = "\n".join(lines)
    assert f"№ {document.number} от" in text
    assert SELLER in lines
    assert "Покупатель: ООО «Светлый дом», ИНН 7736207543" in lines
    assert text.count("Итого") == 1
    assert f"Итого: {TOTAL}" in lines
    assert f"в том числе НДС: {VAT}" in lines
    assert WORDS in lines
    # The lines of the deal add up to the total printed.
    amounts = [line.rsplit(" ", 2) for line in lines if re.match(r"^\d+ (Лампа|Монтаж)", line)]
    printed = sum(Decimal(f"{a[-2]}{a[-1]}".replace(",", ".")) for a in amounts)
    assert f"{printed:,.2f}".replace(",", " ").replace(".", ",") == TOTAL
    assert (f"Всего к оплате: {TOTAL}" in lines) == (kind == DocumentKind.INVOICE)


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Индивидуальный предприниматель Сидоров С. С.", "ИП Сидоров С. С."),
        ("Alfa Trans S.R.L.", "Alfa Trans SRL"),
        ("Вектор Плюс", "Вектор Плюс"),
    ],
)
def test_the_buyer_is_printed_with_its_legal_form_as_people_write_it(people, shop, typed, printed):
    buyer = CompanyFactory(
        legal_name=typed, legal_form="", owner=people.hunter1, section="", tax_id="7736207543"
    )
    deal = deal_of(people, shop, buyer)
    document = document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    assert f"Покупатель: {printed}, ИНН 7736207543" in pdf_lines(document)


def test_an_english_invoice_prints_one_total_and_what_is_to_pay(people, shop, client_company):
    deal = deal_of(people, shop, client_company)
    document = document_issue(
        deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1, language="en"
    )
    lines = pdf_lines(document)
    assert sum(line.startswith("Total") for line in lines) == 1
    assert "Total: 77,000.00" in lines
    assert "To pay: 77,000.00" in lines
    assert "Buyer: ООО «Светлый дом», INN 7736207543" in lines


def test_the_docx_copy_says_the_same(people, shop, client_company):
    deal = deal_of(people, shop, client_company)
    document = document_issue(deal=deal, kind=DocumentKind.PROPOSAL, acting_user=people.hunter1)
    word = WordDocument(BytesIO(render_docx(template_for(document.kind), document.data)))
    text = re.sub(r"[\s\xa0\u202f]+", " ", "\n".join(p.text for p in word.paragraphs))
    assert text.count("Итого") == 1
    assert f"Итого: {TOTAL}" in text
    assert "Покупатель: ООО «Светлый дом», ИНН 7736207543" in text
    assert WORDS in text
