"""Template filters for figures and days as people read them (otdel/numbers.py, otdel/days.py),
built into every template (settings.TEMPLATES: builtins): {{ deal.amount|money:deal.currency }},
{{ share|percent }}, {{ item.quantity|plain }}, {{ invoice.due_on|day }}, {{ product.unit|unit }};
and the link of a list's row, {% row_url 'base:company_detail' company.pk %} (otdel/web.py)."""

from datetime import date, datetime
from decimal import Decimal

from django import template

from otdel import days, numbers, recorded, web

register = template.Library()

Value = Decimal | int | float | None


@register.filter
def money(value: Value, currency: str = "") -> str:
    return "" if value is None or value == "" else numbers.money(value, currency)


@register.filter
def amount(value: Value) -> str:
    return "" if value is None or value == "" else numbers.amount(value)


@register.filter
def plain(value: Value) -> str:
    return "" if value is None or value == "" else numbers.plain(value)


@register.filter
def percent(value: Value) -> str:
    return "" if value is None or value == "" else numbers.percent(value)


@register.filter
def day(value: date | None) -> str:
    return "" if value is None else days.day(value)


@register.filter
def moment(value: datetime | None) -> str:
    return "" if value is None else days.moment(value)


@register.filter
def unit(word: str) -> str:
    return numbers.unit(word or "")


@register.filter
def shown(stored: str) -> str:
    """A sentence kept in a history row or a report, in the reader's language."""
    return recorded.shown(stored or "")


@register.simple_tag
def row_url(viewname: str, pk: int) -> str:
    """{% url viewname pk %} of a row of a long list, at a fraction of its cost."""
    return web.row_url(viewname, pk)
