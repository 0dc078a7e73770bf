from django import template

from otdel.base.rules import format_phone

register = template.Library()


@register.filter
def phone(number: str) -> str:
    """A stored E.164 phone as people read it: +7 495 123-45-67."""
    return format_phone(number)
