"""A November of hunter1's to measure plans against."""

import zoneinfo
from datetime import date, datetime
from decimal import Decimal as D

import pytest

from otdel.algorithm.models import Activity
from otdel.billing.services import payment_register, refund_register
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue, document_mark_signed

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=MOSCOW)


@pytest.fixture
def november_done(people, shop, client_company, time_machine):
    """hunter1 in November: a proposal (issued twice: one proposal), 10 lamps paid in full on
    Thursday the 5th (12,000 with VAT; cost 600 a lamp: margin (10,000 - 6,000) = 1/3 of the
    amount), 3,000 refunded on the 10th, the act signed on the 5th (a deal won, and the client's
    first order: a new client); two calls and two meetings, one of them a first meeting."""
    lamp, _install = shop
    lamp.cost_price = D(600)
    lamp.save()
    time_machine.move_to(at(5), tick=False)
    deal = deal_create(
        company=client_company, owner=people.hunter1, title="Лампы", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=lamp, quantity=D(10), acting_user=people.hunter1)
    document_issue(deal=deal, kind="proposal", acting_user=people.hunter1)
    document_issue(deal=deal, kind="proposal", acting_user=people.hunter1)
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    invoice = deal.invoices.get()
    payment_register(
        invoice=invoice, amount=invoice.amount, paid_on=date(2026, 11, 5), acting_user=people.head
    )
    act = document_issue(deal=deal, kind="act", acting_user=people.hunter1)
    document_mark_signed(document=act, acting_user=people.hunter1)
    refund_register(
        invoice=invoice, amount=D(3000), paid_on=date(2026, 11, 10), acting_user=people.head
    )
    for kind, day in [("call", 3), ("call", 17), ("meeting", 4), ("first_meeting", 17)]:
        Activity.objects.create(
            company=client_company, kind=kind, subject="…", done_at=at(day), assignee=people.hunter1
        )
    # Late in the evening and just after midnight, Moscow time (20:30 and 21:30 UTC).
    for day, hour, minute in [(3, 23, 30), (4, 0, 30)]:
        Activity.objects.create(
            company=client_company,
            kind="call",
            subject="…",
            assignee=people.hunter2,
            done_at=datetime(2026, 11, day, hour, minute, tzinfo=MOSCOW),
        )
    Activity.objects.create(
        company=client_company,
        kind="call",
        subject="не сделан",
        due_at=at(20),
        assignee=people.hunter1,
    )
    time_machine.move_to(at(18), tick=False)  # Wednesday of the fourth week
    return deal
