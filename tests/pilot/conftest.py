"""A small world of the pilot on known days: hunter1 tries a change from Monday 2 November
2026 (35 days); today is Sunday 15 November, day 14 of it. hunter2 is the control group."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.algorithm.services import company_move
from otdel.billing.models import Invoice, Payment
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from otdel.pay.models import PayAssignment, PayScheme
from tests.factories import CompanyFactory

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
START = dt.date(2026, 11, 2)
END = dt.date(2026, 12, 6)
TODAY = dt.date(2026, 11, 15)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), MOSCOW)


@pytest.fixture
def travel(time_machine):
    def to(day: dt.date, hour: int = 10) -> None:
        time_machine.move_to(at(day, hour), tick=False)

    to(TODAY)
    return to


@pytest.fixture
def schemes(people):
    """Both hunters paid by "Старая" since October; "Новая" is the one the pilot tries."""
    old = PayScheme.objects.create(
        name="Старая", base_salary=40000, new_percent=5, repeat_percent=3
    )
    new = PayScheme.objects.create(name="Новая", base_salary=30000, new_percent=8, repeat_percent=3)
    for hunter in (people.hunter1, people.hunter2):
        PayAssignment.objects.create(user=hunter, scheme=old, since=dt.date(2026, 10, 1))
    return old, new


@pytest.fixture
def dataset(people, shop, travel):
    """The figures the comparison must find:

    Before (19 Oct - 1 Nov), hunter1: P born 20 Oct, to the 1st contact 22 Oct; one call;
    5 000 paid on 25 Oct.
    The pilot's days (2 - 15 Nov), hunter1: A born 2 Nov, 1st contact 3 Nov, 2nd contact
    5 Nov; B born 2 Nov, 1st contact 4 Nov; four calls; 10 000 paid on 10 Nov.
    hunter2 (control): C born 2 Nov, 1st contact 6 Nov; two calls; 3 000 paid on 12 Nov.
    The deals' companies and invoices date from 1 October, before both periods."""
    lamp, _install = shop
    h1, h2 = people.hunter1, people.hunter2
    travel(dt.date(2026, 10, 1))
    invoices = {}
    for owner in (h1, h2):
        company = CompanyFactory(owner=owner, section="", state="contact_2")
        deal = deal_create(company=company, owner=owner, title="Сделка", acting_user=owner)
        deal_add_item(deal=deal, product=lamp, quantity=Decimal(100), acting_user=owner)
        document_issue(deal=deal, kind="invoice", acting_user=owner)
        invoices[owner.pk] = Invoice.objects.get(deal=deal)
    travel(dt.date(2026, 10, 20))
    p = CompanyFactory(owner=h1, section="", state="new")
    travel(dt.date(2026, 10, 22))
    company_move(company=p, state="contact_1", acting_user=h1)
    travel(START)
    a = CompanyFactory(owner=h1, section="", state="new")
    b = CompanyFactory(owner=h1, section="", state="new")
    c = CompanyFactory(owner=h2, section="", state="new")
    for day, company, state, who in (
        (dt.date(2026, 11, 3), a, "contact_1", h1),
        (dt.date(2026, 11, 4), b, "contact_1", h1),
        (dt.date(2026, 11, 5), a, "contact_2", h1),
        (dt.date(2026, 11, 6), c, "contact_1", h2),
    ):
        travel(day)
        company_move(company=company, state=state, acting_user=who)
    calls = [(h1, dt.date(2026, 10, 28))] + [(h1, dt.date(2026, 11, d)) for d in (3, 4, 9, 14)]
    calls += [(h2, dt.date(2026, 11, 5)), (h2, dt.date(2026, 11, 13))]
    for who, day in calls:
        Activity.objects.create(
            company=a, kind="call", subject="Звонок", assignee=who, done_at=at(day)
        )
    for who, amount, day in (
        (h1, 5000, dt.date(2026, 10, 25)),
        (h1, 10000, dt.date(2026, 11, 10)),
        (h2, 3000, dt.date(2026, 11, 12)),
    ):
        Payment.objects.create(
            invoice=invoices[who.pk], amount=Decimal(amount), paid_on=day, recorded_by=people.head
        )
    travel(TODAY)
    assert timezone.localdate() == TODAY
    return {"a": a, "b": b, "c": c, "p": p}
