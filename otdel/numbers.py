"""Figures as people read them."""

from decimal import Decimal

from django.utils.formats import number_format


def whole(value: Decimal | int | float) -> str:
    """A figure without decimals, grouped: 1 250 000 (1,250,000 in English)."""
    return number_format(Decimal(value), decimal_pos=0, force_grouping=True)
