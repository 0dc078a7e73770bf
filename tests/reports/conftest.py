import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from otdel.algorithm.models import RefusalReason
from otdel.algorithm.services import company_move, company_triage
from otdel.base.models import Section, Source
from tests.factories import CompanyFactory

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
# Monday of ISO week 2026-W45.
MONDAY = dt.datetime(2026, 11, 2, 10, 0, tzinfo=MOSCOW)


@pytest.fixture
def clock():
    """Frozen time moved to known days: `clock.day(3)` is Thursday of week 45, 10:00 Moscow."""

    class Clock:
        def __init__(self):
            self.traveller = time_machine.travel(MONDAY, tick=False)
            self.frozen = self.traveller.start()

        def day(self, n: float) -> dt.date:
            self.frozen.move_to(MONDAY + dt.timedelta(days=n))
            return timezone.localdate()

    clock = Clock()
    yield clock
    clock.traveller.stop()


@pytest.fixture
def history(people, clock):
    """Two companies of hunter1 through week 45 and into week 46, on known days:

    A: born Mon, 1st contact Tue, 2nd contact Thu.
    B: born Mon, 1st contact Tue, refused Thu ("Нет денег": triage), taken back to the 1st
       contact Sat, 2nd contact the next Monday (week 46).
    C: hunter2's, born Mon, 1st contact Wed (another manager, another source).
    """
    hunter1, hunter2 = people.hunter1, people.hunter2
    fair = Source.objects.create(name="Выставка")
    work = {"section": "", "state": "new"}
    a = CompanyFactory(legal_name="Альфа", owner=hunter1, **work)
    b = CompanyFactory(legal_name="Бета", owner=hunter1, **work)
    c = CompanyFactory(legal_name="Гамма", owner=hunter2, source=fair, **work)
    clock.day(1)
    company_move(company=a, state="contact_1", acting_user=hunter1)
    company_move(company=b, state="contact_1", acting_user=hunter1)
    clock.day(2)
    company_move(company=c, state="contact_1", acting_user=hunter2)
    clock.day(3)
    company_move(company=a, state="contact_2", acting_user=hunter1)
    company_triage(
        company=b,
        outcome="",
        acting_user=hunter1,
        refusal_reason=RefusalReason.objects.get(name="Нет денег"),
        reactivation_date=clock.day(3) + dt.timedelta(days=60),
    )
    assert b.__class__.objects.get(pk=b.pk).section == Section.REFUSAL_FOLLOW_UP
    clock.day(5)
    company_move(company=b, state="contact_1", acting_user=hunter1)
    clock.day(7)
    company_move(company=b, state="contact_2", acting_user=hunter1)
    clock.day(9)
    return {"a": a, "b": b, "c": c, "fair": fair}


@pytest.fixture
def money(people, shop, history, clock):
    """A's client said yes in week 45 (an invoice issued Friday, due in five days, unpaid): a
    black-hole deal, and an overdue payment by the week's end of week 46."""
    from decimal import Decimal

    from otdel.billing.models import Invoice
    from otdel.deals.services import deal_add_item, deal_create
    from otdel.documents.services import document_issue

    lamp, _install = shop
    hunter1 = people.hunter1
    clock.day(4)
    deal = deal_create(company=history["a"], owner=hunter1, title="Лампы", acting_user=hunter1)
    deal_add_item(deal=deal, product=lamp, quantity=Decimal(2), acting_user=hunter1)
    document_issue(deal=deal, kind="invoice", acting_user=hunter1)
    invoice = deal.invoices.get()
    Invoice.objects.filter(pk=invoice.pk).update(due_on=clock.day(4) + dt.timedelta(days=5))
    clock.day(9)
    return deal
