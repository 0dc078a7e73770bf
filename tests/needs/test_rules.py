"""The quantity a proposal line takes from the needs' volumes, without a database."""

from decimal import Decimal

import pytest

from otdel.needs.rules import stated_quantity


@pytest.mark.parametrize(
    ("volumes", "quantity"),
    [
        ("300", Decimal(300)),
        ("300 шт.", Decimal(300)),
        ("300 светильников", Decimal(300)),
        ("1 200 светильников", Decimal(1200)),
        ("1\xa0200 шт.", Decimal(1200)),
        ("2,5 т", Decimal("2.5")),
        ("2.5 t", Decimal("2.5")),
        ("", None),
        ("по ситуации", None),
        ("0 шт.", None),
        ("50-100 шт.", None),
        ("1 комплект на филиал, 3 филиала в году", None),
    ],
)
def test_a_single_figure_is_the_quantity_anything_else_is_none(volumes, quantity):
    assert stated_quantity(volumes) == quantity
