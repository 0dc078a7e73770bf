"""The money of a deal (METHOD 3) as plain functions of numbers."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from otdel.numbers import amount, percent

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def line_amount(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    gross = quantity * unit_price * (Decimal(100) - discount_percent) / Decimal(100)
    return gross.quantize(CENT, rounding=ROUND_HALF_UP)


def line_margin(
    amount: Decimal, vat_percent: Decimal, quantity: Decimal, cost_price: Decimal | None
) -> Decimal:
    """A line's amount without VAT less its cost; nothing when the cost price is unknown."""
    if cost_price is None:
        return Decimal(0)
    return amount * 100 / (100 + vat_percent) - quantity * cost_price


def effective_discount(
    list_price: Decimal, unit_price: Decimal, discount_percent: Decimal
) -> Decimal:
    """The discount, in percent of the list price, a line really gives: a price typed below the
    list is a discount as much as the discount column (1 - price x (1 - d) / list)."""
    if list_price <= 0:
        return discount_percent
    return (1 - unit_price * (HUNDRED - discount_percent) / HUNDRED / list_price) * HUNDRED


def discount_refusal(
    limit: Decimal, asked: Decimal, listed: Decimal | None, price: Decimal
) -> str | None:
    """Why a line may not be given so (a discount above the user's `limit`, in percent, asked as
    a percentage or as a price below the `listed` one), or None when it may."""
    if asked < 0 or asked > limit:
        return _("A discount of %(asked)s is above your limit of %(limit)s: ask your head.") % {
            "asked": percent(asked),
            "limit": percent(limit),
        }
    if listed is None:
        return None
    effective = effective_discount(listed, price, asked)
    if effective > limit:
        return _(
            "A price of %(price)s against the list price of %(listed)s is a discount of "
            "%(effective)s, above your limit of %(limit)s: ask your head."
        ) % {
            "price": amount(price),
            "listed": amount(listed),
            "effective": percent(effective.quantize(CENT)),
            "limit": percent(limit),
        }
    return None
