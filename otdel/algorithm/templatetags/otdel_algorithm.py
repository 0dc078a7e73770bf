from django import template

from otdel.algorithm import config

register = template.Library()


@register.filter
def stage(code: str) -> str:
    """The name of a stage of the company's algorithm, in the reader's language."""
    return config.current().label(code) if code else ""
