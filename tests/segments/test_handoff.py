"""Hunter -> farmer hand-off at the edges of its rules (METHOD 5; issue 6)."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from otdel.base.models import Company
from otdel.catalog.models import Product, ProductGroup
from otdel.org.models import Territory
from otdel.segments.models import SegmentSettings
from otdel.segments.rules import HandoffRule
from otdel.segments.selectors import candidates
from otdel.segments.services import company_handoff, company_keep_with_hunter, run_handoff
from otdel.stages import config
from tests.factories import CompanyFactory, UserFactory, step

from .test_segment import order

TODAY = date(2026, 11, 23)


@pytest.fixture
def won(people):
    """Clients won by hunter1, each with its order history."""
    return {
        name: CompanyFactory(legal_name=name, owner=people.hunter1, section="", state="client")
        for name in ["Два заказа", "Один заказ", "Крупный", "Помесячный", "Лампы"]
    }


def test_the_nth_paid_order(won):
    order(won["Два заказа"], date(2026, 1, 1), (1, 10))
    order(won["Два заказа"], date(2026, 2, 1), (1, 10))
    order(won["Один заказ"], date(2026, 1, 1), (1, 10))
    order(won["Один заказ"], date(2026, 2, 1), (-1, 10), is_return=True)  # a return is no order
    assert candidates(HandoffRule(min_orders=2), TODAY) == [won["Два заказа"].pk]
    assert candidates(HandoffRule(min_orders=3), TODAY) == []


def test_volume_within_the_period_counts_from_its_first_day(won):
    order(won["Крупный"], date(2025, 11, 24), (1, 600))  # day 1 of 365 up to today
    order(won["Крупный"], date(2026, 5, 1), (1, 400))
    order(won["Один заказ"], date(2025, 11, 23), (1, 900))  # a day too early
    order(won["Один заказ"], date(2026, 5, 1), (1, 200))
    rule = HandoffRule(min_volume=Decimal(1000), volume_days=365)
    assert candidates(rule, TODAY) == [won["Крупный"].pk]


def test_bought_a_product_group(won):
    lamps = ProductGroup.objects.create(name="Лампы")
    order(won["Один заказ"], date(2026, 3, 1), (1, 10))  # the common product, no group
    placed = order(won["Лампы"], date(2026, 3, 1), (1, 10))
    lamp = Product.objects.create(code="LAMP", name="Лампа", group=lamps)
    placed.lines.update(product=lamp)
    assert candidates(HandoffRule(groups=frozenset({lamps.pk})), TODAY) == [won["Лампы"].pk]
    assert candidates(HandoffRule(products=frozenset({lamp.pk})), TODAY) == [won["Лампы"].pk]
    other = ProductGroup.objects.create(name="Кабель")
    assert candidates(HandoffRule(groups=frozenset({other.pk})), TODAY) == []


def test_minimum_monthly_purchase_over_the_last_three_months(won):
    for month, amount in ((8, 100), (9, 100), (10, 100)):
        order(won["Помесячный"], date(2026, month, 5), (1, amount))
    for month, amount in ((8, 100), (9, 99), (10, 500)):
        order(won["Один заказ"], date(2026, month, 5), (1, amount))
    assert candidates(HandoffRule(min_monthly=Decimal(100)), TODAY) == [won["Помесячный"].pk]


def test_all_or_any_of_the_conditions(won):
    order(won["Крупный"], date(2026, 5, 1), (1, 5000))
    order(won["Два заказа"], date(2026, 1, 1), (1, 10))
    order(won["Два заказа"], date(2026, 2, 1), (1, 10))
    both = HandoffRule(min_orders=2, min_volume=Decimal(1000))
    assert candidates(both, TODAY) == []
    either = HandoffRule(match_all=False, min_orders=2, min_volume=Decimal(1000))
    assert candidates(either, TODAY) == sorted([won["Крупный"].pk, won["Два заказа"].pk])


def test_handed_to_the_farmer_of_the_territory_then_the_least_loaded(people, won):
    east = Territory.objects.create(name="Восток")
    far_east = UserFactory(username="farmer_east", department=people.farmer1.department)
    far_east.territories.add(east)
    for name in ("Два заказа", "Крупный"):
        order(won[name], date(2026, 1, 1), (1, 10))
        order(won[name], date(2026, 2, 1), (1, 10))
    won["Крупный"].territory = east
    won["Крупный"].save()
    CompanyFactory(owner=far_east, section="", state="client")  # farmer_east is busier
    assert run_handoff(today=TODAY, min_orders=2) == {"candidates": 2, "handed_off": 2}
    big, two = (
        Company.objects.get(pk=won["Крупный"].pk),
        Company.objects.get(pk=won["Два заказа"].pk),
    )
    assert big.owner == far_east  # his territory, though busier
    assert two.owner == people.farmer1
    assert (two.hunter, two.state) == (people.hunter1, config.current().first("client"))
    assert two.events.filter(kind="handoff", new_value=str(people.farmer1)).exists()
    assert two.events.filter(kind="owner").exists()
    assert run_handoff(today=TODAY, min_orders=2) == {"candidates": 0, "handed_off": 0}


def test_the_hunters_open_steps_with_the_client_go_to_the_farmer(people, won):
    client = won["Два заказа"]
    planned = step(client, people.hunter1, -1)
    company_handoff(company=client, farmer=people.farmer1, acting_user=people.head)
    planned.refresh_from_db()
    assert planned.assignee == people.farmer1


def test_the_head_keeps_a_client_with_the_hunter(people, won):
    order(won["Два заказа"], date(2026, 1, 1), (1, 10))
    order(won["Два заказа"], date(2026, 2, 1), (1, 10))
    company_keep_with_hunter(
        company=won["Два заказа"], reason="Ведёт переговоры о тендере", acting_user=people.head
    )
    assert run_handoff(today=TODAY, min_orders=2)["candidates"] == 0


def test_cli_json_and_dry_run(people, won):
    order(won["Один заказ"], date(2026, 1, 1), (1, 10))
    out = StringIO()
    call_command("handoff", "--min-orders", "1", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"candidates": 1, "handed_off": 0}
    assert Company.objects.get(pk=won["Один заказ"].pk).owner == people.hunter1


def test_a_full_payment_hands_off_at_once(people, won):
    settings = SegmentSettings.load()
    settings.handoff_min_orders = 1
    settings.save()
    from otdel.billing.services import payment_register
    from otdel.deals.services import deal_add_item, deal_create
    from otdel.documents.services import document_issue

    product = Product.objects.create(code="X", name="Товар")
    deal = deal_create(
        company=won["Один заказ"],
        owner=people.hunter1,
        title="Первая сделка",
        acting_user=people.hunter1,
    )
    deal_add_item(
        deal=deal,
        product=product,
        quantity=Decimal(2),
        unit_price=Decimal(100),
        acting_user=people.hunter1,
    )
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    payment_register(
        invoice=deal.invoices.get(), amount=Decimal(200), paid_on=TODAY, acting_user=people.head
    )
    client = Company.objects.get(pk=won["Один заказ"].pk)
    assert (client.owner, client.hunter) == (people.farmer1, people.hunter1)
    assert client.orders.get().lines.get().unit_price == Decimal(100)
    assert client.orders.get().ordered_at.date() == TODAY  # dated the day the money came


def test_the_nightly_job_segments_then_hands_off(people, won):
    # When it runs: tests/control/test_schedule.py.
    from otdel.control.tasks import segment_and_hand_off_nightly

    order(won["Два заказа"], date.today(), (1, 10))
    order(won["Два заказа"], date.today(), (1, 10))
    result = segment_and_hand_off_nightly.call_local()
    assert result["segmentation"]["clients"] == 1
    assert result["handoff"] == {"candidates": 1, "handed_off": 1}
    assert Company.objects.get(pk=won["Два заказа"].pk).abc_class == "A"
