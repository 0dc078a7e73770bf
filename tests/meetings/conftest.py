import zoneinfo
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.billing.services import payment_register
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from otdel.plans.services import plan_approve, plan_create
from tests.factories import CompanyFactory
from tests.plans.test_plans import SPLIT, set_figures

# Wednesday of ISO week 2026-W47.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))
TODAY = date(2026, 11, 18)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded recordings go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def hunters_week(people, shop, now):
    """The hunters' week as a weekly meeting reads it: an approved plan with no fact yet (both
    behind), a deal with a contract and no invoice and one invoiced and unpaid (the black
    hole), one with no paper yet, one half paid and one paid in full (none of them in it), a
    company whose time runs out in two days, a D client hunter2 called twice; and the farmers'
    contracted deal without an invoice, another department's."""
    lamp, _install = shop
    plan = plan_create(kind="month", day=TODAY, acting_user=people.head)
    set_figures(plan, people, SPLIT)
    plan_approve(plan=plan, acting_user=people.head, today=TODAY)
    companies = {}
    for name, owner in (
        ("Без счёта", people.hunter1),
        ("Неоплата", people.hunter1),
        ("Без бумаг", people.hunter1),
        ("Частично", people.hunter1),
        ("Оплачено", people.hunter2),
        ("Фермерская", people.farmer1),
    ):
        company = CompanyFactory(
            legal_name=name, legal_form="", owner=owner, section="", state="contact_2"
        )
        deal = deal_create(company=company, owner=owner, title=f"Сделка {name}", acting_user=owner)
        deal_add_item(deal=deal, product=lamp, quantity=Decimal(1), acting_user=owner)
        companies[name] = company
        if name in ("Без счёта", "Фермерская"):
            document_issue(deal=deal, kind="contract", acting_user=owner)
        if name in ("Неоплата", "Частично", "Оплачено"):
            document_issue(deal=deal, kind="invoice", acting_user=owner)
        if name in ("Частично", "Оплачено"):
            invoice = deal.invoices.get()
            paid = invoice.amount if name == "Оплачено" else Decimal(100)
            payment_register(invoice=invoice, amount=paid, paid_on=TODAY, acting_user=people.head)
    companies["Истекает"] = CompanyFactory(
        legal_name="Истекает",
        legal_form="",
        owner=people.hunter2,
        section="",
        state="contact_1",
        claimed_at=NOW - timedelta(days=28),
        work_deadline=TODAY + timedelta(days=2),
    )
    companies["Класс D"] = CompanyFactory(
        legal_name="Класс D",
        legal_form="",
        owner=people.hunter2,
        section="",
        state="contact_2",
        abc_class="D",
    )
    for hours in (2, 40):
        Activity.objects.create(
            company=companies["Класс D"],
            kind="call",
            subject="Снова про скидку",
            assignee=people.hunter2,
            done_at=timezone.now() - timedelta(hours=hours),
        )
    return companies
