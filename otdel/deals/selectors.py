from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from otdel.algorithm.models import DealStartsOn, RuleSettings
from otdel.base.models import Company
from otdel.base.selectors import visible_companies
from otdel.billing.models import Invoice
from otdel.documents.models import Document, DocumentKind
from otdel.org.models import User

from .models import Deal, DealItem, DealStatus


def matrix_share(groups: QuerySet) -> Q:
    """A product manager also sees the companies with a deal in his product groups (METHOD 1);
    registered with base.selectors, which sits below deals."""
    deal_link = DealItem.objects.filter(deal__company_id=OuterRef("pk"), product__group__in=groups)
    return Q(Exists(deal_link))


def visible_deals(user: User) -> QuerySet[Deal]:
    """The deals of the companies the user may see; a manager's list starts with his own."""
    return (
        Deal.objects.filter(company__in=visible_companies(user))
        .select_related("company", "owner")
        .annotate(paid=Sum("invoices__paid"))
    )


def open_deals_of(company: Company | int) -> QuerySet[Deal]:
    """The company's open deals, each with how far it went: `invoiced` (an invoice issued),
    `contracted` (a contract issued), `paid_any` (money received against it)."""
    invoices = Invoice.objects.filter(deal=OuterRef("pk"))
    return Deal.objects.filter(company=company, status=DealStatus.OPEN).annotate(
        invoiced=Exists(invoices),
        contracted=Exists(Document.objects.filter(deal=OuterRef("pk"), kind=DocumentKind.CONTRACT)),
        paid_any=Exists(invoices.filter(paid__gt=0)),
    )


# Which fact of a deal puts its company at the deal stage, by the rules of the method.
_STAGE_FACT = {
    DealStartsOn.INVOICE: "invoiced",
    DealStartsOn.CONTRACT: "contracted",
    DealStartsOn.PAYMENT: "paid_any",
}


def deals_at_the_deal_stage(company: Company | int) -> QuerySet[Deal]:
    """The open deals that put their company at the deal stage (METHOD 3, as Settings → Rules
    of the method say: an invoice issued by default; or a contract, or the first payment)."""
    starts_on = DealStartsOn(RuleSettings.load().deal_starts_on)
    return open_deals_of(company).filter(**{_STAGE_FACT[starts_on]: True})


def has_deal_at_the_deal_stage(company: Company | int) -> bool:
    return deals_at_the_deal_stage(company).exists()


def has_won_deal(company: Company) -> bool:
    """A deal of the company closed won: what makes it a client (METHOD 3)."""
    return company.deals.filter(status=DealStatus.WON).exists()


def deal_stage_condition() -> str:
    """What puts a company at the deal stage, in words, for the messages that refuse it."""
    return str(DealStartsOn(RuleSettings.load().deal_starts_on).label)


def deals_with_papers(company: Company | int) -> QuerySet[Deal]:
    """The open deals with an invoice or a contract: while one is left, the company stays at
    the deal stage it reached."""
    return open_deals_of(company).filter(Q(invoiced=True) | Q(contracted=True))


def deal_under_way(company: Company | int) -> bool:
    """An invoice is issued on an open deal of the company (METHOD 4's "a deal is under way")."""
    return open_deals_of(company).filter(Q(invoiced=True)).exists()


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
