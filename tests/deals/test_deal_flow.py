"""A deal from the proposal to the closing documents (issue 5): lines and discounts, numbered
documents with every version kept, invoices, partial and full payments, refunds, closing."""

from datetime import date
from decimal import Decimal

import pytest

from otdel.billing.models import Invoice, Payment
from otdel.billing.services import payment_register, refund_register
from otdel.deals.models import DealItem, DealStatus
from otdel.deals.services import DealRefused, deal_add_item, deal_create
from otdel.documents.models import Document, DocumentKind
from otdel.documents.services import document_issue, document_mark_signed
from otdel.stages import config

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def deal(people, shop, client_company):
    lamp, install = shop
    deal = deal_create(
        company=client_company,
        owner=people.hunter1,
        title="Освещение склада",
        acting_user=people.hunter1,
    )
    deal_add_item(
        deal=deal,
        product=lamp,
        quantity=Decimal(50),
        acting_user=people.hunter1,
        discount_percent=Decimal(5),
    )
    deal_add_item(deal=deal, product=install, quantity=Decimal(8), acting_user=people.hunter1)
    deal.refresh_from_db()
    return deal


def test_a_deal_prices_its_lines_from_the_price_list(deal, client_company):
    # 50 x 1,200 less 5 % = 57,000; 8 x 2,500 = 20,000
    assert list(deal.items.values_list("amount", flat=True)) == [
        Decimal("57000.00"),
        Decimal("20000.00"),
    ]
    assert deal.amount == Decimal("77000.00")
    assert deal.state == config.current().first("deal")
    client_company.refresh_from_db()
    assert client_company.state == "contact_2"  # a deal record alone is not the deal stage
    assert (
        deal.events.filter(kind="created").exists() and deal.events.filter(kind="line").count() == 2
    )


def test_a_discount_above_the_position_limit_is_refused_and_the_head_may_give_more(
    people, deal, shop
):
    lamp, _install = shop
    with pytest.raises(DealRefused, match="above your limit of 5"):
        deal_add_item(
            deal=deal,
            product=lamp,
            quantity=Decimal(1),
            acting_user=people.hunter1,
            discount_percent=Decimal("7.5"),
        )
    assert deal.items.count() == 2
    item = deal_add_item(
        deal=deal,
        product=lamp,
        quantity=Decimal(1),
        acting_user=people.head,
        discount_percent=Decimal(10),
    )
    assert item.amount == Decimal("1080.00")


@pytest.mark.parametrize(
    ("quantity", "price", "message"),
    [(Decimal(1), Decimal(-1), "cannot be negative"), (Decimal(0), None, "above zero")],
)
def test_bad_lines_are_refused_and_nothing_is_written(people, deal, shop, quantity, price, message):
    with pytest.raises(DealRefused, match=message):
        deal_add_item(
            deal=deal,
            product=shop[0],
            quantity=quantity,
            unit_price=price,
            acting_user=people.hunter1,
        )
    assert DealItem.objects.filter(deal=deal).count() == 2


def test_documents_are_numbered_per_series_and_year_and_every_version_is_kept(people, deal):
    proposal = document_issue(deal=deal, kind=DocumentKind.PROPOSAL, acting_user=people.hunter1)
    invoice = document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    year = date.today().year
    assert (proposal.number, invoice.number) == (f"КП-{year}-0001", f"СЧ-{year}-0001")
    assert bytes(invoice.pdf).startswith(b"%PDF")
    assert invoice.data["totals"][-1][1].replace("\xa0", " ") in ("77,000.00", "77 000,00")
    again = document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    assert (again.number, again.version) == (invoice.number, 2)
    assert Document.objects.filter(kind="invoice").count() == 2  # the first version is kept
    assert Invoice.objects.get().amount == Decimal("77000.00")


def test_partial_then_full_payment_then_signed_act_close_the_deal(people, deal, client_company):
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    invoice = Invoice.objects.get()
    payment_register(
        invoice=invoice,
        amount=Decimal("30000"),
        paid_on=date(2026, 11, 20),
        acting_user=people.head,
    )
    with pytest.raises(DealRefused, match="more than invoice"):
        payment_register(
            invoice=invoice,
            amount=Decimal("47000.01"),
            paid_on=date(2026, 11, 21),
            acting_user=people.head,
        )
    assert Payment.objects.count() == 1
    payment_register(
        invoice=invoice,
        amount=Decimal("47000"),
        paid_on=date(2026, 11, 21),
        acting_user=people.head,
    )
    deal.refresh_from_db()
    assert deal.state == config.current().first("support") and deal.status == DealStatus.OPEN
    act = document_issue(deal=deal, kind=DocumentKind.ACT, acting_user=people.hunter1)
    document_mark_signed(document=act, acting_user=people.hunter1)
    deal.refresh_from_db()
    client_company.refresh_from_db()
    assert deal.status == DealStatus.WON and deal.closed_at is not None
    assert client_company.state == config.current().first("client")


def test_a_signed_act_waits_for_the_money(people, deal):
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    act = document_issue(deal=deal, kind=DocumentKind.ACT, acting_user=people.hunter1)
    document_mark_signed(document=act, acting_user=people.hunter1)
    deal.refresh_from_db()
    assert deal.status == DealStatus.OPEN  # signed but not paid
    payment_register(
        invoice=Invoice.objects.get(),
        amount=Decimal("77000"),
        paid_on=date(2026, 11, 22),
        acting_user=people.head,
    )
    deal.refresh_from_db()
    assert deal.status == DealStatus.WON


def test_refunds_never_exceed_what_was_paid(people, deal):
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    invoice = Invoice.objects.get()
    payment_register(
        invoice=invoice,
        amount=Decimal("10000"),
        paid_on=date(2026, 11, 20),
        acting_user=people.head,
    )
    with pytest.raises(DealRefused, match="more than was paid"):
        refund_register(
            invoice=invoice,
            amount=Decimal("10000.01"),
            paid_on=date(2026, 11, 21),
            acting_user=people.head,
        )
    refund_register(
        invoice=invoice, amount=Decimal("4000"), paid_on=date(2026, 11, 21), acting_user=people.head
    )
    invoice.refresh_from_db()
    assert invoice.paid == Decimal("6000.00") and invoice.outstanding == Decimal("71000.00")


def test_an_invoice_cannot_be_issued_for_an_empty_deal(people, shop, client_company):
    empty = deal_create(
        company=client_company, owner=people.hunter1, title="Пусто", acting_user=people.hunter1
    )
    with pytest.raises(DealRefused, match="products of the deal first"):
        document_issue(deal=empty, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    assert not Document.objects.exists() and not Invoice.objects.exists()


def test_the_support_checklist_follows_the_deal(people, deal):
    from otdel.deals.services import shipment_register
    from otdel.documents.selectors import support_checklist

    def done():
        return {item.label: item.done for item in support_checklist(deal)}

    assert not any(done().values())
    contract = document_issue(deal=deal, kind=DocumentKind.CONTRACT, acting_user=people.hunter1)
    document_mark_signed(document=contract, acting_user=people.hunter1)
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    payment_register(
        invoice=Invoice.objects.get(),
        amount=Decimal("77000"),
        paid_on=date(2026, 11, 20),
        acting_user=people.head,
    )
    shipment_register(
        deal=deal,
        shipped_on=date(2026, 11, 21),
        note="ТК «Деловые линии»",
        acting_user=people.hunter1,
    )
    assert done() == {
        "Contract signed": True,
        "Invoice issued": True,
        "Paid in full": True,
        "Shipped": True,
        "Closing document (act or transfer document) signed": False,
    }
    deal.refresh_from_db()
    assert deal.status == DealStatus.OPEN  # a signed contract does not close the deal
    with pytest.raises(DealRefused, match="contract and the closing documents"):
        document_mark_signed(
            document=Document.objects.get(kind="invoice"), acting_user=people.hunter1
        )


def test_a_product_manager_sees_the_companies_with_deals_in_his_products(people, deal, shop):
    from otdel.base.selectors import editable_companies, visible_companies
    from otdel.catalog.models import ProductGroup

    lamps = ProductGroup.objects.create(name="Лампы")
    assert not visible_companies(people.pm1).filter(pk=deal.company_id).exists()
    people.pm1.product_groups.add(lamps)
    shop[0].group = lamps
    shop[0].save()
    assert visible_companies(people.pm1).filter(pk=deal.company_id).exists()
    assert not editable_companies(people.pm1).filter(pk=deal.company_id).exists()
