"""Money is consistent (issue 12, item 4): a price below the list is a discount under the same
limit; an issued invoice keeps asking for the deal's amount (a change of lines makes its next
version, refused once money came in); payments and refunds are registered by the positions with
that right, never by the manager whose pay they raise."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from otdel.algorithm.models import RefusalReason, RuleSettings
from otdel.billing.models import Invoice, Payment
from otdel.billing.services import PaymentNotAllowed, payment_register, refund_register
from otdel.deals.rules import discount_refusal, effective_discount
from otdel.deals.services import (
    DealRefused,
    deal_add_item,
    deal_create,
    deal_lose,
    deal_remove_item,
)
from otdel.documents.models import Document
from otdel.documents.services import document_issue
from otdel.org.models import Position
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")
DAY = date(2026, 11, 20)


@pytest.fixture
def deal(people, shop, client_company):
    deal = deal_create(
        company=client_company, owner=people.hunter1, title="Освещение", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(10), acting_user=people.hunter1)
    return deal


@pytest.fixture
def invoice(people, deal):
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    return Invoice.objects.get(deal=deal)


@pytest.fixture
def accountant(db):
    return UserFactory(username="accountant", position=Position.ACCOUNTANT)


@pytest.mark.parametrize(
    ("listed", "price", "discount", "effective"),
    [
        (1200, 1200, 0, 0),
        (1200, 1140, 0, 5),
        (1200, 1200, 5, 5),
        (1000, 950, 10, Decimal("14.5")),
        (1200, 1300, 0, Decimal("-8.333")),
        (433890, 1, 0, Decimal("99.9998")),
    ],
)
def test_the_effective_discount_counts_the_price_and_the_percentage(
    listed, price, discount, effective
):
    result = effective_discount(Decimal(listed), Decimal(price), Decimal(discount))
    assert abs(result - Decimal(effective)) < Decimal("0.001")


@pytest.mark.parametrize(
    ("asked", "listed", "price", "refused"),
    [
        (5, 1200, 1200, None),
        (6, 1200, 1200, "A discount of 6% is above your limit of 5%"),
        (-1, 1200, 1200, "A discount of -1% is above your limit of 5%"),
        (0, 1200, 1140, None),
        (0, 1200, 1100, "is a discount of 8.33%, above your limit of 5%"),
        (0, None, 1, None),
    ],
)
def test_a_discount_is_refused_above_the_limit_however_it_is_given(asked, listed, price, refused):
    listed = Decimal(listed) if listed is not None else None
    why = discount_refusal(Decimal(5), Decimal(asked), listed, Decimal(price))
    assert why is None if refused is None else refused in (why or "")


def test_a_price_below_the_list_is_a_discount_under_the_same_limit(people, deal, shop):
    lamp = shop[0]
    with pytest.raises(DealRefused, match="discount of 99.92%, above your limit of 5"):
        deal_add_item(
            deal=deal,
            product=lamp,
            quantity=Decimal(1),
            unit_price=Decimal("1.00"),
            acting_user=people.hunter1,
        )
    with pytest.raises(DealRefused, match="above your limit of 5"):  # 3 % off 1,170: 5.43 %
        deal_add_item(
            deal=deal,
            product=lamp,
            quantity=Decimal(1),
            unit_price=Decimal(1170),
            discount_percent=Decimal(3),
            acting_user=people.hunter1,
        )
    assert deal.items.count() == 1
    item = deal_add_item(
        deal=deal,
        product=lamp,
        quantity=Decimal(1),
        unit_price=Decimal(1140),
        acting_user=people.hunter1,
    )
    assert item.amount == Decimal("1140.00")  # 5 %: the limit itself


def test_the_api_refuses_a_price_far_below_the_list(people, deal, shop):
    response = client_for(people.hunter1).post(
        f"/api/v1/deals/{deal.pk}/lines/",
        {"product": shop[1].pk, "quantity": "1", "unit_price": "1.00"},
        content_type="application/json",
    )
    assert response.status_code == 409 and "лимит" in response.json()["detail"]  # the limit
    assert deal.items.count() == 1


def test_a_line_changed_after_the_invoice_makes_its_next_version(people, deal, invoice, shop):
    deal_add_item(deal=deal, product=shop[1], quantity=Decimal(1), acting_user=people.hunter1)
    deal.refresh_from_db()
    invoice.refresh_from_db()
    assert deal.amount == invoice.amount == Decimal("14500.00")
    versions = Document.objects.filter(deal=deal, kind="invoice").order_by("version")
    assert [(d.number, d.version) for d in versions] == [(invoice.number, 1), (invoice.number, 2)]
    assert versions[0].data["totals"][-1][1].replace("\xa0", " ") in ("12,000.00", "12 000,00")
    deal_remove_item(item=deal.items.last(), acting_user=people.hunter1)
    deal.refresh_from_db()
    invoice.refresh_from_db()
    assert deal.amount == invoice.amount == Decimal("12000.00")
    assert Document.objects.filter(deal=deal, kind="invoice").count() == 3


def test_once_money_came_in_the_lines_are_frozen(people, deal, invoice, shop):
    payment_register(invoice=invoice, amount=Decimal(100), paid_on=DAY, acting_user=people.head)
    with pytest.raises(DealRefused, match="lines are frozen"):
        deal_add_item(deal=deal, product=shop[1], quantity=Decimal(1), acting_user=people.hunter1)
    with pytest.raises(DealRefused, match="lines are frozen"):
        deal_remove_item(item=deal.items.get(), acting_user=people.hunter1)
    deal.refresh_from_db()
    invoice.refresh_from_db()
    assert deal.amount == invoice.amount == Decimal("12000.00") and deal.items.count() == 1
    assert invoice.paid <= invoice.amount


def test_the_last_line_of_an_invoiced_deal_stays(people, deal, invoice):
    with pytest.raises(DealRefused, match="at least one line"):
        deal_remove_item(item=deal.items.get(), acting_user=people.hunter1)


def test_the_deals_manager_cannot_register_money_on_it(people, invoice):
    with pytest.raises(PaymentNotAllowed, match="never by the deal's manager"):
        payment_register(
            invoice=invoice, amount=Decimal(100), paid_on=DAY, acting_user=people.hunter1
        )
    assert not Payment.objects.exists()


def test_the_head_the_owner_and_an_accountant_register_payments_and_refunds(
    people, invoice, accountant
):
    for user in (people.head, people.owner, accountant):
        payment_register(invoice=invoice, amount=Decimal(100), paid_on=DAY, acting_user=user)
    refund_register(invoice=invoice, amount=Decimal(50), paid_on=DAY, acting_user=accountant)
    invoice.refresh_from_db()
    assert invoice.paid == Decimal(250)


def test_the_clients_hunter_may_not_even_when_his_position_could(people, deal, invoice):
    deal.company.hunter = people.head
    deal.company.save()
    with pytest.raises(PaymentNotAllowed):
        payment_register(invoice=invoice, amount=Decimal(100), paid_on=DAY, acting_user=people.head)
    with pytest.raises(PaymentNotAllowed):
        refund_register(invoice=invoice, amount=Decimal(1), paid_on=DAY, acting_user=people.head)


def test_the_right_is_set_in_the_rules_of_the_method(people, invoice, accountant):
    rules = RuleSettings.load()
    rules.payment_positions = [Position.ACCOUNTANT]
    rules.save()
    with pytest.raises(PaymentNotAllowed, match="Accountant"):
        payment_register(invoice=invoice, amount=Decimal(100), paid_on=DAY, acting_user=people.head)
    payment_register(invoice=invoice, amount=Decimal(100), paid_on=DAY, acting_user=accountant)


def test_the_deal_page_hides_the_payment_form_and_refuses_the_post(people, deal, invoice):
    hunter = client_for(people.hunter1)
    page = hunter.get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert 'data-testid="payment-form"' not in page
    post = hunter.post(
        reverse("deals:payment_add", args=[invoice.pk]), {"amount": "100", "paid_on": "2026-11-20"}
    )
    assert post.status_code == 403 and not Payment.objects.exists()
    head = client_for(people.head)
    assert (
        'data-testid="payment-form"'
        in head.get(reverse("deals:detail", args=[deal.pk])).content.decode()
    )
    head.post(
        reverse("deals:payment_add", args=[invoice.pk]), {"amount": "100", "paid_on": "2026-11-20"}
    )
    assert Payment.objects.get().recorded_by == people.head


def test_the_api_answers_403_with_the_reason(people, invoice):
    url = f"/api/v1/invoices/{invoice.pk}/payments/"
    data = {"amount": "100", "paid_on": "2026-11-20"}
    refused = client_for(people.hunter1).post(url, data, content_type="application/json")
    assert refused.status_code == 403
    assert any(name in refused.json()["detail"] for name in ("Accountant", "Бухгалтер"))
    assert not Payment.objects.exists()
    paid = client_for(people.head).post(url, data, content_type="application/json")
    assert paid.status_code == 200 and paid.json()["paid"] == "100.00"


def test_an_accountant_reads_invoiced_deals_and_registers_their_money_but_edits_nothing(
    people, base, invoice, accountant
):
    client = client_for(accountant)
    deal_page = client.get(reverse("deals:detail", args=[invoice.deal_id]))
    assert deal_page.status_code == 200
    assert invoice.deal.company.pk in {
        c["id"] for c in client.get("/api/v1/companies/").json()["results"]
    }
    assert client.get(f"/api/v1/companies/{base.of_hunter1.pk}/").status_code == 404  # no invoice
    paid = client.post(
        f"/api/v1/invoices/{invoice.pk}/payments/",
        {"amount": "100.00", "paid_on": DAY.isoformat()},
        content_type="application/json",
    )
    assert paid.status_code == 200 and paid.json()["paid"] == "100.00"
    company = invoice.deal.company
    edit = client.patch(
        f"/api/v1/companies/{company.pk}/", {"note": "x"}, content_type="application/json"
    )
    assert edit.status_code == 403


def test_a_new_version_of_the_invoice_keeps_its_due_date(people, shop, deal, invoice):
    overdue = date(2026, 10, 23)
    Invoice.objects.filter(pk=invoice.pk).update(issued_on=date(2026, 10, 18), due_on=overdue)
    deal_add_item(deal=deal, product=shop[1], quantity=Decimal(1), acting_user=people.hunter1)
    invoice.refresh_from_db()
    assert (invoice.issued_on, invoice.due_on) == (date(2026, 10, 18), overdue)
    assert invoice.amount == deal.items.aggregate(total=Sum("amount"))["total"]


def test_the_accountant_follows_every_invoice_he_registers_money_for(people, invoice, accountant):
    page = client_for(accountant).get(reverse("billing:receivables")).content.decode()
    assert str(people.hunter1) in page  # the manager whose client owes


def test_a_deal_with_money_received_is_not_lost_before_the_refund(people, invoice, accountant):
    payment_register(invoice=invoice, amount=Decimal(100), paid_on=DAY, acting_user=accountant)
    reason = RefusalReason.objects.first()
    with pytest.raises(DealRefused, match="refund"):
        deal_lose(deal=invoice.deal, reason=reason, note="", acting_user=people.hunter1)
    refund_register(invoice=invoice, amount=Decimal(100), paid_on=DAY, acting_user=accountant)
    assert (
        deal_lose(deal=invoice.deal, reason=reason, note="", acting_user=people.hunter1).status
        == "lost"
    )
