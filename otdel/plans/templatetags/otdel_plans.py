from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def metric_of(obj: object, metric: str) -> object:
    """A plan line's or week's amount of a metric."""
    return getattr(obj, metric)


@register.filter
def figure(value: Decimal | int | None, decimals: int = 0) -> str:
    """A plan figure as people read it: 1 250 000 (a count never has decimals)."""
    if value is None:
        return ""
    return number_format(Decimal(value), decimal_pos=decimals, force_grouping=True)


@register.filter
def field_value(value: Decimal) -> str:
    """A number for an input: no grouping, no trailing zeros of a whole amount."""
    return str(value.to_integral() if value == value.to_integral() else value)
