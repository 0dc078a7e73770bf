"""A B or C client's growth from the last segmentation and the order history: his target, his
wallet estimate and the products clients like him buy that he never bought."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from otdel.base.models import Segment
from otdel.care.selectors import growth_for
from otdel.catalog.models import Product
from otdel.orders.models import Order, OrderLine
from otdel.segments.models import ClientSegment, SegmentationRun
from tests.conftest import client_for
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(people):
    """A segment of four clients and one outside it; the last segmentation classed them."""
    today = timezone.localdate()
    run = SegmentationRun.objects.create(as_of=today, days=365, criteria="revenue")
    shops = Segment.objects.create(name="Магазины")
    products = {
        code: Product.objects.create(code=code, name=name)
        for code, name in [("L", "Лампа"), ("C", "Кабель"), ("S", "Щиток"), ("R", "Реле")]
    }
    rows = [
        ("Альфа", "A", 1200, ["L", "C", "S"], shops),
        ("Бета", "A", 800, ["C", "S"], shops),
        ("Гамма", "B", 300, ["L", "C"], shops),
        ("Дельта", "C", 100, ["L"], shops),
        ("Чужой", "A", 5000, ["R"], None),
    ]
    companies = {}
    for n, (name, abc, revenue, bought, segment) in enumerate(rows):
        company = CompanyFactory(
            legal_name=name, abc_class=abc, segment=segment, owner=people.farmer1, section=""
        )
        companies[name] = company
        ClientSegment.objects.create(
            run=run, company=company, revenue=Decimal(revenue), returns=0, orders=1, abc_class=abc
        )
        order = Order.objects.create(
            company=company,
            number=f"З-{n}",
            ordered_at=timezone.make_aware(datetime.combine(today - timedelta(days=10), time(12))),
        )
        for code in bought:
            OrderLine.objects.create(order=order, product=products[code], quantity=1, unit_price=10)
    # Bought by a peer before the window: no longer what clients like him buy.
    old = Order.objects.create(
        company=companies["Бета"],
        number="З-старый",
        ordered_at=timezone.make_aware(datetime.combine(today - timedelta(days=400), time(12))),
    )
    OrderLine.objects.create(order=old, product=products["R"], quantity=1, unit_price=10)
    return companies


def test_a_c_client_aims_at_the_smallest_b_with_what_his_peers_buy(market):
    found = growth_for(market["Дельта"])
    growth = found["growth"]
    assert (growth.next_class, growth.target, growth.gap) == ("B", Decimal(300), Decimal(200))
    # The median of the A clients of his segment; the A client outside it does not count.
    assert growth.wallet == Decimal(1000)
    assert [(p.name, n) for p, n in found["offer"]] == [("Кабель", 3), ("Щиток", 2)]


def test_a_b_client_aims_at_the_smallest_a(market):
    growth = growth_for(market["Гамма"])["growth"]
    assert (growth.next_class, growth.target, growth.gap) == ("A", Decimal(800), Decimal(500))


def test_a_and_unclassed_clients_have_no_growth(market, people):
    assert growth_for(market["Альфа"]) is None
    assert growth_for(CompanyFactory(abc_class="C")) is None  # not in the last run


def test_the_card_shows_the_growth_to_who_reads_the_client(market, people):
    url = reverse("base:company_detail", args=[market["Дельта"].pk])
    page = client_for(people.farmer1).get(url).content.decode()
    assert 'data-testid="growth"' in page and "Кабель" in page and "Щиток" in page
    page = client_for(people.farmer1).get(reverse("base:company_detail", args=[market["Альфа"].pk]))
    assert 'data-testid="growth"' not in page.content.decode()
