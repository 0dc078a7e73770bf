"""Writes of the catalog from Settings: price lists with their prices, and the discount each
position may give (METHOD 3: what a deal is made of and how far a manager may go)."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from otdel.org.models import SettingsSection, User
from otdel.org.services import settings_change_record, settings_row_save

from .models import DiscountLimit, Price, PriceList, Product


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


@transaction.atomic
def price_list_save(
    *,
    price_list: PriceList | None,
    changes: dict[str, Any],
    prices: Mapping[Product, Decimal | None],
    acting_user: User,
) -> PriceList:
    """Create a price list or change its name, currency and dates, and set its prices: a
    product without a price leaves the list. Deals already made keep their prices."""
    saved = settings_row_save(
        row=price_list or PriceList(),
        changes=changes,
        section=SettingsSection.PRICES,
        acting_user=acting_user,
    )
    old = {p.product_id: p for p in saved.prices.select_for_update()}
    diff = {}
    for product, price in prices.items():
        row = old.get(product.pk)
        before = row.price if row else None
        if before == price:
            continue
        if price is None:
            if row is not None:
                row.delete()
        elif row is None:
            Price.objects.create(price_list=saved, product=product, price=price)
        else:
            row.price = price
            row.save(update_fields=["price"])
        diff[str(product)] = (_amount(before), _amount(price))
    settings_change_record(
        section=SettingsSection.PRICES,
        subject=_("Prices of %(list)s") % {"list": saved},
        changes=diff,
        acting_user=acting_user,
    )
    return saved


@transaction.atomic
def discount_limits_set(*, limits: Mapping[str, Decimal | None], acting_user: User) -> None:
    """The largest discount of each position (none: that position gives no discount)."""
    old = {d.position: d for d in DiscountLimit.objects.select_for_update()}
    for position, percent in limits.items():
        row = old.get(position)
        if percent is None:
            if row is not None:
                row.delete()
                settings_change_record(
                    section=SettingsSection.PRICES,
                    subject=str(row),
                    changes={str(_("largest discount, %")): (_amount(row.max_percent), "")},
                    acting_user=acting_user,
                )
            continue
        settings_row_save(
            row=row or DiscountLimit(position=position),
            changes={"max_percent": percent},
            section=SettingsSection.PRICES,
            acting_user=acting_user,
        )
