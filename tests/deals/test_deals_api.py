"""Deals, documents and payments through the API: the same services and refusals (issue 5)."""

from otdel.billing.models import Invoice
from tests.conftest import client_for


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_deal_lines_documents_payments(people, shop, client_company):
    lamp, install = shop
    client = client_for(people.hunter1)
    deal = post(client, "/api/v1/deals/", {"company": client_company.pk, "title": "Освещение"})
    assert deal.status_code == 201
    deal_id = deal.json()["id"]
    assert (
        post(
            client,
            f"/api/v1/deals/{deal_id}/lines/",
            {"product": lamp.pk, "quantity": "10", "discount_percent": "5"},
        ).status_code
        == 201
    )
    over = post(
        client,
        f"/api/v1/deals/{deal_id}/lines/",
        {"product": install.pk, "quantity": "1", "discount_percent": "30"},
    )
    assert over.status_code == 409 and "5" in over.json()["detail"]
    negative = post(
        client,
        f"/api/v1/deals/{deal_id}/lines/",
        {"product": install.pk, "quantity": "1", "unit_price": "-5"},
    )
    assert negative.status_code == 409
    assert client.get(f"/api/v1/deals/{deal_id}/").json()["amount"] == "11400.00"
    issued = post(client, f"/api/v1/deals/{deal_id}/documents/", {"kind": "invoice"})
    assert issued.status_code == 201 and issued.json()["number"].startswith("СЧ-")
    invoice = Invoice.objects.get()
    head = client_for(people.head)  # the deal's manager registers no money on it
    too_much = post(
        head,
        f"/api/v1/invoices/{invoice.pk}/payments/",
        {"amount": "11400.01", "paid_on": "2026-11-20"},
    )
    assert too_much.status_code == 409
    paid = post(
        head,
        f"/api/v1/invoices/{invoice.pk}/payments/",
        {"amount": "11400", "paid_on": "2026-11-20"},
    )
    assert paid.json()["paid"] == "11400.00"
    assert client_for(people.hunter2).get(f"/api/v1/deals/{deal_id}/").status_code == 404
    assert client_for(people.hunter2).get(f"/api/v1/invoices/{invoice.pk}/").status_code == 404
