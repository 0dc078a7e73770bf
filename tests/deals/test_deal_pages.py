"""The deal pages (issue 5): a manager walks a deal from the proposal to the closing act; the
head sees what is owed; wrong input gets a message and writes nothing."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdel.billing.models import Invoice, Payment
from otdel.deals.models import Deal, DealItem
from otdel.documents.models import Document
from tests.conftest import client_for


def _new_deal(client, company) -> Deal:
    client.post(
        reverse("deals:create", args=[company.pk]), {"title": "Освещение склада", "probability": 60}
    )
    return Deal.objects.get()


def _line(client, deal, product, quantity, **extra):
    return client.post(
        reverse("deals:item_add", args=[deal.pk]),
        {"product": product.pk, "quantity": quantity, **extra},
        follow=True,
    )


def _issue(client, deal, kind):
    return client.post(
        reverse("deals:document_issue", args=[deal.pk]),
        {"kind": kind, "language": "ru"},
        follow=True,
    )


def _pay(client, invoice, amount, **extra):
    return client.post(
        reverse("deals:payment_add", args=[invoice.pk]),
        {"amount": amount, "paid_on": "2026-11-20", **extra},
        follow=True,
    )


def test_from_proposal_to_closing_through_the_pages(people, shop, client_company):
    lamp, install = shop
    client = client_for(people.hunter1)
    deal = _new_deal(client, client_company)
    _line(client, deal, lamp, 50, discount_percent=5)
    _line(client, deal, install, 8)
    for kind in ("proposal", "invoice", "act"):
        _issue(client, deal, kind)
    assert Document.objects.filter(deal=deal).count() == 3
    invoice = Invoice.objects.get()
    head = client_for(people.head)  # the deal's manager registers no money on it
    page = _pay(head, invoice, "30000").content.decode()
    assert "Платёж записан" in page or "Payment registered" in page
    _pay(head, invoice, "47000")
    act = Document.objects.get(kind="act")
    client.post(reverse("deals:document_sign", args=[act.pk]))
    deal.refresh_from_db()
    assert deal.status == "won"
    pdf = client.get(reverse("deals:document_pdf", args=[invoice.document_id]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    page = client.get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert "77" in page and "Монтаж освещения" in page


def test_wrong_input_is_explained_and_nothing_is_written(people, shop, client_company):
    lamp, _install = shop
    client = client_for(people.hunter1)
    deal = _new_deal(client, client_company)
    page = _line(client, deal, lamp, 1, discount_percent=20).content.decode()
    assert "20" in page and "5" in page and not DealItem.objects.exists()  # over the 5 % limit
    _line(client, deal, lamp, 1, unit_price="-10")
    assert not DealItem.objects.exists()
    _line(client, deal, lamp, 2)
    _issue(client, deal, "invoice")
    invoice = Invoice.objects.get()
    head = client_for(people.head)
    _pay(head, invoice, "2400.01")
    assert not Payment.objects.exists()  # above the invoice
    _pay(head, invoice, "100", refund="on")
    assert not Payment.objects.exists()  # a refund above what was paid


def test_someone_elses_deal_is_not_found(people, shop, client_company):
    deal = _new_deal(client_for(people.hunter1), client_company)
    assert (
        client_for(people.hunter2).get(reverse("deals:detail", args=[deal.pk])).status_code == 404
    )
    assert client_for(people.head).get(reverse("deals:detail", args=[deal.pk])).status_code == 200


def test_deal_page_queries_do_not_grow_with_the_deal(people, shop, client_company):
    lamp, install = shop
    client = client_for(people.hunter1)
    deal = _new_deal(client, client_company)
    _line(client, deal, lamp, 1)
    _issue(client, deal, "invoice")
    url = reverse("deals:detail", args=[deal.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(6):
        _line(client, deal, install if n % 2 else lamp, n + 1)
        _issue(client, deal, "proposal")
    _issue(client, deal, "invoice")
    _pay(client_for(people.head), Invoice.objects.get(), "100")
    _pay(client_for(people.head), Invoice.objects.get(), "100")
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small)


def test_the_head_sees_receivables_by_age_and_the_manager_his_overdue_payments(
    people, shop, client_company
):
    client = client_for(people.hunter1)
    deal = _new_deal(client, client_company)
    _line(client, deal, shop[0], 10)
    _issue(client, deal, "invoice")
    Invoice.objects.update(due_on=date.today() - timedelta(days=40))
    page = client_for(people.head).get(reverse("billing:receivables")).content.decode()
    assert "СЧ-" in page and str(people.hunter1.last_name) in page
    row = client_for(people.head).get(reverse("billing:receivables")).context["ageing"][0]
    assert row["d31_60"] == Decimal("12000.00") and row["total"] == Decimal("12000.00")
    work = client.get(reverse("control:my_work")).content.decode()
    assert 'data-testid="overdue-payments"' in work
    assert client_for(people.hunter2).get(reverse("billing:receivables")).context["ageing"] == []
