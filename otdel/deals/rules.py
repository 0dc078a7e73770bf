"""The money of a deal (METHOD 3) as plain functions of numbers."""

from decimal import Decimal

HUNDRED = Decimal(100)


def effective_discount(
    list_price: Decimal, unit_price: Decimal, discount_percent: Decimal
) -> Decimal:
    """The discount, in percent of the list price, a line really gives: a price typed below the
    list is a discount as much as the discount column (1 - price x (1 - d) / list)."""
    if list_price <= 0:
        return discount_percent
    return (1 - unit_price * (HUNDRED - discount_percent) / HUNDRED / list_price) * HUNDRED
