"""Many rows at once (otdel.db): COPY on PostgreSQL, INSERTs elsewhere, the same rows either
way; rows numbered as they are written; new companies by create_objects get their ids, their own clocks, and leave the table's
sequence where a later save finds a free id."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from otdel.base.models import Company
from otdel.catalog.models import Product
from otdel.db import create_objects, insert_numbered, insert_rows
from otdel.orders.models import Order, OrderLine
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_insert_rows_writes_decimals_dates_and_nulls_as_given():
    company = CompanyFactory()
    product = Product.objects.create(code="A1", name="Lamp")
    at = timezone.make_aware(datetime(2011, 1, 2, 10, 30))
    insert_rows(
        Order,
        ["company", "number", "ordered_at", "is_return", "country"],
        [(company.pk, "1", at, False, "UK"), (company.pk, "C2", at, True, "")],
    )
    orders = {o.number: o for o in Order.objects.all()}
    assert orders["1"].ordered_at == at and orders["C2"].is_return
    insert_rows(
        OrderLine,
        ["order", "product", "description", "quantity", "unit_price", "is_return"],
        [
            (orders["1"].pk, product.pk, "Лампа", Decimal("2.5"), Decimal("1.1234"), False),
            (orders["C2"].pk, product.pk, "", "-1", "3", True),  # text, as a file gives it
        ],
    )
    lines = sorted(OrderLine.objects.values_list("quantity", "unit_price", "description"))
    assert lines == [
        (Decimal("-1"), Decimal("3"), ""),
        (Decimal("2.5"), Decimal("1.1234"), "Лампа"),
    ]


def test_create_objects_sets_ids_and_leaves_the_sequence_ahead():
    before = timezone.now()
    made = create_objects(Company, [Company(legal_name=f"Новая {n}") for n in range(3)])
    assert len({c.pk for c in made}) == 3 and all(c.pk for c in made)
    stored = Company.all_objects.in_bulk([c.pk for c in made])
    assert sorted(c.legal_name for c in stored.values()) == ["Новая 0", "Новая 1", "Новая 2"]
    assert all(c.created_at >= before for c in stored.values())
    later = CompanyFactory()  # an ordinary save after them gets a fresh id
    assert later.pk not in stored


def test_insert_numbered_gives_each_row_its_own_new_id_in_order():
    company = CompanyFactory()
    at = timezone.make_aware(datetime(2011, 1, 2, 10, 30))
    Order.objects.create(company=company, number="old", ordered_at=at)
    numbers = [f"N{n}" for n in range(7)]
    with transaction.atomic():
        ids = insert_numbered(
            Order,
            ["company", "number", "ordered_at", "is_return", "country"],
            [(company.pk, n, at, False, "") for n in numbers],
            as_is=True,
        )
    assert dict(Order.objects.filter(pk__in=ids).values_list("pk", "number")) == dict(
        zip(ids, numbers, strict=True)
    )
    assert Order.objects.create(company=company, number="next", ordered_at=at).pk > max(ids)


def test_rows_written_as_is_keep_their_moment_on_every_database():
    """Moscow time: an aware datetime is stored as UTC on SQLite, not as text with its offset,
    so that it is found again by the moment and by the day."""
    company = CompanyFactory()
    at = timezone.make_aware(datetime(2011, 1, 2, 23, 30))
    with transaction.atomic():
        [pk] = insert_numbered(
            Order,
            ["company", "number", "ordered_at", "is_return", "country"],
            [(company.pk, "late", at, False, "")],
            as_is=True,
        )
    assert Order.objects.filter(ordered_at=at).get().pk == pk
    assert Order.objects.filter(ordered_at__date=at.date()).get().pk == pk


def test_insert_numbered_refuses_outside_a_transaction(transactional_db):
    company = CompanyFactory()
    with pytest.raises(TransactionManagementError):
        insert_numbered(
            Order, ["company", "number", "ordered_at"], [(company.pk, "1", None)], as_is=True
        )
    assert not Order.objects.exists()
