from django.db.models import QuerySet, Sum

from otdel.base.selectors import visible_companies
from otdel.org.models import User

from .models import Deal


def visible_deals(user: User) -> QuerySet[Deal]:
    """The deals of the companies the user may see; a manager's list starts with his own."""
    return (
        Deal.objects.filter(company__in=visible_companies(user))
        .select_related("company", "owner")
        .annotate(paid=Sum("invoices__paid"))
    )
