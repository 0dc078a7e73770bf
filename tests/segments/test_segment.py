"""The segmentation over the order history: figures, classes, history of class changes,
hand-set classes, the CLI (issue 6)."""

import json
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from otdel.base.models import Company, CompanyEvent
from otdel.catalog.models import Product
from otdel.orders.models import Order, OrderLine
from otdel.segments.models import ClientSegment
from otdel.segments.services import abc_set_by_hand, segment
from tests.factories import CompanyFactory

AS_OF = date(2026, 6, 30)


def order(company, day: date, *lines, number=None, is_return=False):
    product, _ = Product.objects.get_or_create(code="P", defaults={"name": "Товар"})
    placed = Order.objects.create(
        company=company,
        number=number or f"{company.pk}-{day}-{Order.objects.count()}",
        ordered_at=timezone.make_aware(datetime.combine(day, datetime.min.time())),
        is_return=is_return,
    )
    for quantity, price in lines:
        OrderLine.objects.create(
            order=placed,
            product=product,
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
            is_return=is_return or quantity < 0,
        )
    return placed


@pytest.fixture
def clients(db):
    big, middle, small, returner, old = (
        CompanyFactory(legal_name=n)
        for n in ["Большой", "Средний", "Малый", "Возвратный", "Давний"]
    )
    order(big, date(2026, 1, 10), (10, 30), (1, 200))  # 500
    order(big, date(2026, 6, 30), (0, 100), (5, 0))  # nothing delivered, nothing paid
    order(middle, date(2025, 7, 1), (3, 100))  # 300, the first day of the period
    order(middle, date(2026, 2, 1), (-1, 100), is_return=True)  # a return beside it
    order(small, date(2026, 3, 3), (1, 150))  # 150
    order(returner, date(2026, 4, 4), (-2, 50))  # only a return
    order(old, date(2025, 6, 30), (100, 100))  # the day before the period
    return big, middle, small, returner, old


def test_classes_figures_and_history(clients):
    big, middle, small, returner, old = clients
    summary = segment(as_of=AS_OF, days=365)
    assert (summary["clients"], summary["A"], summary["B"], summary["C"]) == (4, 2, 1, 1)
    assert summary["revenue"] == 950.0 and summary["returns"] == 200.0
    assert summary["share"] == {
        "A": round(800 / 950, 4),
        "B": round(150 / 950, 4),
        "C": 0.0,
        "D": 0.0,
    }
    classes = dict(Company.objects.values_list("legal_name", "abc_class"))
    assert classes == {
        "Большой": "A",
        "Средний": "A",
        "Малый": "B",
        "Возвратный": "C",
        "Давний": "",
    }
    returned = ClientSegment.objects.get(company=returner)
    assert (returned.revenue, returned.returns) == (Decimal(0), Decimal(100))
    assert CompanyEvent.objects.get(company=small, kind="abc").new_value == "B"


def test_a_class_change_is_kept_and_a_hand_set_class_stays(people, clients):
    big, middle, small, returner, old = clients
    segment(as_of=AS_OF, days=365)
    abc_set_by_hand(
        company=returner, abc_class="B", reason="Крупный тендер в работе", acting_user=people.head
    )
    order(small, date(2026, 6, 1), (10, 100))  # small grows: 1,150 of 2,100
    segment(as_of=AS_OF, days=365)
    small.refresh_from_db()
    returner.refresh_from_db()
    assert small.abc_class == "A"
    assert list(
        small.events.filter(kind="abc").order_by("pk").values_list("old_value", "new_value")
    ) == [("", "B"), ("B", "A")]
    assert (returner.abc_class, returner.abc_fixed) == ("B", True)


def test_all_criteria_make_d_of_low_value_low_potential(clients):
    big, middle, small, returner, old = clients
    returner.potential = "high"
    returner.save()
    CompanyFactory(legal_name="Пустой")  # no orders: not a client of the period
    tiny = CompanyFactory(legal_name="Крошечный", size_tag="small")
    order(tiny, date(2026, 5, 5), (1, 1))
    for month in range(2, 7):  # the busiest client orders every month
        order(big, date(2026, month, 15), (1, 10))
    summary = segment(as_of=AS_OF, days=365, criteria="all")
    classes = dict(Company.objects.values_list("legal_name", "abc_class"))
    assert classes["Крошечный"] == "D" and classes["Возвратный"] == "C"
    assert summary["D"] == 1


def test_cli_prints_one_json_object(clients):
    out = StringIO()
    call_command("segment", "--as-of", "2026-06-30", "--json", "--dry-run", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"clients", "A", "B", "C", "D", "revenue", "share"}
    assert result["clients"] == 4
    assert not Company.objects.exclude(abc_class="").exists()  # a dry run changes nothing


def test_a_thin_margin_and_a_weak_segment_make_d(clients):
    from otdel.base.models import Segment

    big, middle, small, returner, old = clients
    weak = Segment.objects.create(name="Розница", potential="low")
    for company in (small, returner):
        company.segment = weak
        company.save()
    Product.objects.filter(code="P").update(cost_price=Decimal("0.99") * 150)  # ~1 % margin
    summary = segment(as_of=AS_OF, days=365, criteria="all")
    small.refresh_from_db()
    assert small.abc_class == "B"  # B stays B whatever its worth
    returner.refresh_from_db()
    assert returner.abc_class == "D" and summary["D"] == 1
