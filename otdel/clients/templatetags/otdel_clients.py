"""The client algorithm's part of the company card, a tag so that the card's view need not
know the clients app (as care's `care_card`)."""

from typing import Any

from django import template
from django.template.context import Context
from django.utils import timezone

from otdel.base.models import Company

from .. import selectors

register = template.Library()


@register.inclusion_tag("clients/_card.html", takes_context=True)
def client_card(context: Context, company: Company) -> dict[str, Any]:
    """A client's next step of the client cycle with its playbook, and his order rhythm."""
    return {"card": selectors.client_card(company, timezone.localdate())}
