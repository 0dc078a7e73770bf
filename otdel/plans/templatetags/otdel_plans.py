from decimal import Decimal

from django import template

from otdel.numbers import whole
from otdel.plans.rules import Progress
from otdel.plans.selectors import LineProgress

register = template.Library()


@register.filter
def metric_of(obj: object, metric: str) -> object:
    """A plan line's or week's amount of a metric."""
    return getattr(obj, metric)


@register.filter
def progress_of(line: LineProgress, metric: str) -> Progress:
    """A line's figures for one metric."""
    return line.metrics[metric]


@register.filter
def figure(value: Decimal | int | None) -> str:
    """A plan figure as people read it: 1 250 000."""
    return "" if value is None else whole(value)


@register.filter
def field_value(value: Decimal) -> str:
    """A number for an input: no grouping, no trailing zeros of a whole amount."""
    return str(value.to_integral() if value == value.to_integral() else value)
