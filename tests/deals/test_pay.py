"""A month's pay from real deals and payments (issue 7): a mid-month hire, a plan changed
mid-month, a refund, and a hand-off inside the month, computed by hand in the comments."""

import json
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from otdel.billing.services import payment_register, refund_register
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from otdel.pay.models import MonthPlan, PayAssignment, PayScheme
from otdel.pay.selectors import pay_of, payroll
from tests.conftest import client_for

NOVEMBER, END = date(2026, 11, 1), date(2026, 11, 30)


def _paid_deal(people, company, owner, lines, paid_on):
    deal = deal_create(company=company, owner=owner, title="Сделка", acting_user=owner)
    for product, quantity, discount in lines:
        deal_add_item(
            deal=deal,
            product=product,
            quantity=Decimal(quantity),
            acting_user=people.head,
            discount_percent=Decimal(discount),
        )
    document_issue(deal=deal, kind="invoice", acting_user=owner)
    invoice = deal.invoices.get()
    payment_register(
        invoice=invoice, amount=invoice.amount, paid_on=paid_on, acting_user=people.head
    )
    return invoice


@pytest.fixture
def month(people, shop, client_company):
    lamp, install = shop
    scheme = PayScheme.objects.create(
        name="Охотник",
        base_salary=30000,
        new_percent=10,
        repeat_percent=3,
        hunter_share_percent=2,
        bonus_steps=[[100, 10000]],
    )
    PayAssignment.objects.create(user=people.hunter1, scheme=scheme, since=date(2026, 11, 16))
    MonthPlan.objects.create(user=people.hunter1, since=date(2026, 10, 1), revenue=100000)
    MonthPlan.objects.create(user=people.hunter1, since=date(2026, 11, 16), revenue=40000)
    invoice = _paid_deal(
        people, client_company, people.hunter1, [(lamp, 50, 5), (install, 8, 0)], date(2026, 11, 20)
    )  # 77,000
    refund_register(
        invoice=invoice, amount=Decimal(7000), paid_on=date(2026, 11, 25), acting_user=people.head
    )
    client_company.owner, client_company.hunter = people.farmer1, people.hunter1
    client_company.handed_off_at = timezone.make_aware(datetime(2026, 11, 26, 12))
    client_company.save()
    _paid_deal(
        people, client_company, people.farmer1, [(lamp, 10, 0)], date(2026, 11, 28)
    )  # 12,000


def test_the_hunters_month_computed_by_hand(people, month):
    # base 30,000 x 15/30 days (hired on the 16th) = 15,000
    # new sales 77,000 - 7,000 refunded = 70,000 x 10 % = 7,000
    # plan (100,000 x 15 + 40,000 x 15) / 30 = 70,000; done 70,000 = 100 %: bonus 10,000
    # handed-off client paid 12,000 to the farmer on the 28th: 2 % = 240
    pay = pay_of(people.hunter1, NOVEMBER, END)
    lines = {line.label: line.amount for line in pay.now.lines}
    assert lines == {
        "base": Decimal(15000),
        "new sales": Decimal(7000),
        "hunter share": Decimal(240),
        "plan bonus": Decimal(10000),
    }
    assert pay.now.total == Decimal(32240)
    assert pay_of(people.farmer1, NOVEMBER, END) is None  # no pay scheme: no payslip


def test_the_payroll_of_several_is_each_ones_pay_alone(people, month):
    # The payroll reads everyone's facts at once: the farmer's sale to the client hunter1 handed
    # off is the farmer's (a repeat sale: 3 % of 12,000), hunter1 keeps only his 2 % share of it.
    scheme = PayScheme.objects.get(name="Охотник")
    PayAssignment.objects.create(user=people.farmer1, scheme=scheme, since=date(2026, 11, 1))
    together = payroll(NOVEMBER, END, [people.farmer1, people.hunter1, people.hunter2])
    assert [pay.user for pay in together] == [people.farmer1, people.hunter1]
    for pay in together:
        alone = pay_of(pay.user, NOVEMBER, END)
        assert (pay.now, pay.with_pipeline) == (alone.now, alone.with_pipeline)
    farmer = {line.label: line.amount for line in together[0].now.lines}
    assert farmer == {"base": Decimal(30000), "repeat sales": Decimal(360)}
    assert together[1].now.total == Decimal(32240)


def test_payroll_command_and_the_managers_page(people, month, tmp_path):
    out = StringIO()
    call_command(
        "payroll", "--month", "2026-11", "--json", "--xlsx", str(tmp_path / "p.xlsx"), stdout=out
    )
    result = json.loads(out.getvalue())
    assert result["month"] == "2026-11" and result["total"] == "32240.00"
    assert [p["login"] for p in result["people"]] == ["hunter1"]
    assert (tmp_path / "p.xlsx").stat().st_size > 0
    page = client_for(people.hunter1).get(reverse("pay:mine") + "?month=2026-11")
    assert page.context["pay"].now.total == Decimal(32240)
    assert "Базовый оклад" in page.content.decode() or "Base salary" in page.content.decode()
    assert client_for(people.hunter1).get(reverse("pay:payroll")).status_code == 403
    head = client_for(people.head).get(reverse("pay:payroll") + "?month=2026-11&format=xlsx")
    assert head["Content-Type"].startswith("application/vnd.openxmlformats")
