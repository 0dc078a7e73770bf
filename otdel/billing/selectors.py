from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import gettext as _

from otdel.algorithm.models import RuleSettings
from otdel.base.selectors import visible_companies
from otdel.deals.models import Deal
from otdel.org.models import Position, User
from otdel.org.rules import Scope
from otdel.org.selectors import scope_of_user

from .models import Invoice

OUTSTANDING = ExpressionWrapper(F("amount") - F("paid"), output_field=DecimalField())
# Days overdue: (from, to) inclusive; None = open-ended. "Not due" comes first.
AGE_BUCKETS = (
    ("not_due", None, 0),
    ("d1_30", 1, 30),
    ("d31_60", 31, 60),
    ("d61_90", 61, 90),
    ("d91", 91, None),
)


def invoiced() -> Exists:
    """An invoice is issued for the deal (OuterRef("pk")); a paper fact of deals.selectors."""
    return Exists(Invoice.objects.filter(deal=OuterRef("pk")))


def paid_any() -> Exists:
    """Money was received against an invoice of the deal."""
    return Exists(Invoice.objects.filter(deal=OuterRef("pk"), paid__gt=0))


def invoiced_share() -> Q:
    """The finance people see every company that was invoiced; registered with base.selectors,
    which sits below billing."""
    return Q(Exists(Invoice.objects.filter(deal__company_id=OuterRef("pk"))))


def unpaid_invoices(user: User) -> QuerySet[Invoice]:
    """Invoices still owing money, of the deals the user sees; a manager's own deals only."""
    invoices = Invoice.objects.filter(
        paid__lt=F("amount"), deal__company__in=visible_companies(user)
    )
    # The accountant follows every invoice he may read: he registers their money.
    if not user.leads_people and scope_of_user(user) is not Scope.FINANCE:
        invoices = invoices.filter(deal__owner=user)
    return invoices.select_related("deal", "deal__company", "deal__owner").annotate(
        outstanding_amount=OUTSTANDING
    )


def overdue_invoices(user: User, today: date) -> QuerySet[Invoice]:
    return unpaid_invoices(user).filter(due_on__lt=today).order_by("due_on", "pk")


def _bucket(today: date, low: int | None, high: int | None) -> Q:
    condition = Q()
    if low is not None:  # at least `low` days overdue: due on or before today - low
        condition &= Q(due_on__lte=today - timedelta(days=low))
    if high is not None:
        condition &= Q(due_on__gte=today - timedelta(days=high))
    return condition


def receivables_ageing(user: User, today: date) -> list[dict[str, Any]]:
    """Per manager: what his clients owe, by how long overdue (one query)."""
    sums = {
        name: Sum(OUTSTANDING, filter=_bucket(today, low, high)) for name, low, high in AGE_BUCKETS
    }
    rows = (
        unpaid_invoices(user)
        .order_by()
        .values("deal__owner", "deal__owner__first_name", "deal__owner__last_name", "currency")
        .annotate(total=Sum(OUTSTANDING), invoices=Count("pk"), **sums)
        .order_by("deal__owner__last_name", "deal__owner")
    )
    return [dict(row) for row in rows]


def who_registers_payments() -> list[str]:
    """The positions that register payments and refunds (Settings → Rules of the method)."""
    labels = dict(Position.choices)
    return [str(labels.get(p, p)) for p in RuleSettings.load().payment_positions]


def payment_right_message() -> str:
    """Who registers money, in words, for the refusals of pages, API and services alike."""
    return _(
        "Payments and refunds are registered by: %(positions)s (Settings → Rules of the "
        "method); never by the deal's manager or the client's hunter, whose pay they "
        "raise."
    ) % {"positions": ", ".join(who_registers_payments())}


def may_register_payments(user: User, deal: Deal) -> bool:
    """A position with the right registers money, never a manager whose pay it raises: the
    deal's manager or the client's hunter (METHOD 6: pay is a share of the money received)."""
    if user.position not in RuleSettings.load().payment_positions:
        return False
    return user.pk not in (deal.owner_id, deal.company.hunter_id)
