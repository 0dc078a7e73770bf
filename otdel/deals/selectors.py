from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from otdel.base.selectors import visible_companies
from otdel.org.models import User

from .models import Deal, DealStatus


def visible_deals(user: User) -> QuerySet[Deal]:
    """The deals of the companies the user may see; a manager's list starts with his own."""
    return (
        Deal.objects.filter(company__in=visible_companies(user))
        .select_related("company", "owner")
        .annotate(paid=Sum("invoices__paid"))
    )


def open_deals_due(last: date) -> QuerySet[Deal]:
    """The pipeline to a day: open deals expected to close by then (or not yet dated), each with
    what its invoices have brought in so far (`paid`)."""
    paid = Coalesce(Sum("invoices__paid"), Value(Decimal(0)), output_field=DecimalField())
    return (Deal.objects.filter(status=DealStatus.OPEN)
            .filter(Q(expected_close__lte=last) | Q(expected_close__isnull=True))
            .annotate(paid=paid))  # fmt: skip


def weighted(deal: Deal) -> Decimal:
    """What is still to come of a deal of `open_deals_due`, by its probability."""
    paid: Decimal = deal.paid  # type: ignore[attr-defined]  # annotated by open_deals_due
    return (deal.amount - paid) * deal.probability / 100
