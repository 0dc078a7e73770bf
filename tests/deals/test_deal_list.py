"""The deal list (issue 14): sortable columns, page numbers and sizes; the user's own deals or
all he sees, of one status."""

from decimal import Decimal

import pytest
from django.urls import reverse

from otdel.deals.models import Deal
from otdel.deals.services import deal_create
from tests.conftest import client_for
from tests.factories import CompanyFactory


def titles(user, **params) -> list[str]:
    response = client_for(user).get(reverse("deals:list"), params)
    assert response.status_code == 200
    return [d.title for d in response.context["deals"]]


@pytest.fixture
def deals(people):
    made = []
    for title, amount, owner in [
        ("Насосы", 300, people.hunter1),
        ("Арматура", 100, people.hunter1),
        ("Трубы", 200, people.hunter2),
    ]:
        company = CompanyFactory(owner=owner, section="")
        made.append(deal_create(company=company, owner=owner, title=title, acting_user=owner))
        Deal.objects.filter(pk=made[-1].pk).update(amount=Decimal(amount))
    return made


def test_newest_first_by_default_and_any_column_both_ways(people, deals):
    assert titles(people.head) == ["Трубы", "Арматура", "Насосы"]
    assert titles(people.head, sort="amount") == ["Арматура", "Трубы", "Насосы"]
    assert titles(people.head, sort="-amount") == ["Насосы", "Трубы", "Арматура"]
    assert titles(people.head, sort="title") == ["Арматура", "Насосы", "Трубы"]
    assert titles(people.head, sort="number") == ["Насосы", "Арматура", "Трубы"]
    # Not a column: the default order.
    assert titles(people.head, sort="company__owner__password") == ["Трубы", "Арматура", "Насосы"]


def test_a_manager_starts_from_his_own_deals(people, deals):
    assert titles(people.hunter1, sort="title") == ["Арматура", "Насосы"]
    assert titles(people.hunter1, scope="all", sort="title") == ["Арматура", "Насосы"]


def test_page_numbers_and_sizes(people, deals):
    company = CompanyFactory(owner=people.hunter1, section="")
    for i in range(30):
        deal_create(
            company=company,
            owner=people.hunter1,
            title=f"Сделка {i:02}",
            acting_user=people.hunter1,
        )
    response = client_for(people.head).get(
        reverse("deals:list"), {"sort": "title", "size": 25, "page": 2}
    )
    assert [d.title for d in response.context["deals"]][:2] == ["Сделка 23", "Сделка 24"]
    assert len(response.context["deals"]) == 8
    html = response.content.decode()
    assert "26–33" in html
    assert 'aria-current="page" class="current">2<' in html
