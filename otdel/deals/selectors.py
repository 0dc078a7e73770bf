from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from otdel.algorithm.models import DealStartsOn, RuleSettings
from otdel.base.models import Company, CompanyEvent
from otdel.base.selectors import access_company, visible_companies
from otdel.catalog.models import DiscountLimit, Price, PriceList, Product
from otdel.org.models import User
from otdel.stages import config
from otdel.stages.models import StageKind
from otdel.web import Sorting

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


# The deal list's columns that sort it (issue 14); the number is the deal's id.
DEAL_SORTS: dict[str, tuple[str, ...]] = {
    "number": (),
    "title": ("title",),
    "company": ("company__search_name",),
    "owner": ("owner__last_name", "owner__first_name"),
    "state": ("status", "state"),
    "amount": ("amount",),
    "expected_close": ("expected_close",),
    "probability": ("probability",),
    "created": ("created_at",),
}
DEAL_DEFAULT_SORT = Sorting("created", descending=True)


# The "black hole" between the client's yes and the money (issue 16): open deals with a contract
# but no invoice yet, and with an invoice but no money yet; facts of with_paper_facts.
AWAITING: dict[str, Q] = {
    "invoice": Q(status=DealStatus.OPEN, contracted=True, invoiced=False),
    "payment": Q(status=DealStatus.OPEN, invoiced=True, paid_any=False),
}


def awaiting_labels() -> dict[str, str]:
    return {"invoice": _("waiting for an invoice"), "payment": _("waiting for a payment")}


def deal_list_rows(
    user: User,
    *,
    mine: bool,
    status: str,
    sorting: Sorting,
    owner: int | None = None,
    awaiting: str = "",
) -> QuerySet[Deal]:
    """The deal list: the user's own or all he sees, of one status (any unknown: all), of one
    manager, or only those waiting for an invoice or a payment (`AWAITING`), sorted."""
    deals = visible_deals(user)
    if mine:
        deals = deals.filter(owner=user)
    if owner is not None:
        deals = deals.filter(owner=owner)
    if status in DealStatus.values:
        deals = deals.filter(status=status)
    if awaiting in AWAITING:
        deals = with_paper_facts(deals).filter(AWAITING[awaiting])
    return deals.order_by(*sorting.order_by(DEAL_SORTS[sorting.key]))


def search_deals(user: User, query: str) -> QuerySet[Deal]:
    """A visible deal by its number, typed bare or after "#" or "№"."""
    number = query.strip().lstrip("#№").strip()
    if not number.isdigit() or len(number) > 18:
        return Deal.objects.none()
    return visible_deals(user).filter(pk=int(number))


def access_deal(user: User, deal_id: int, *, for_edit: bool = False) -> Deal:
    """The deal, or 404 / 403 as for its company (base.selectors.access_company)."""
    deal = get_object_or_404(
        Deal.objects.select_related("company", "owner", "price_list"), pk=deal_id
    )
    access_company(user, deal.company_id, for_edit=for_edit)
    return deal


# What the apps above deals know of a deal's papers, each a yes/no subquery over a deal row
# (OuterRef("pk")), registered from their AppConfig.ready(): billing `invoiced` (an invoice
# issued) and `paid_any` (money received against it), documents `contracted` (a contract
# issued) and `closing_signed` (a closing document signed). fact -> its expression.
_PAPER_FACTS: dict[str, Callable[[], Exists]] = {}


def register_paper_fact(name: str, fact: Callable[[], Exists]) -> None:
    _PAPER_FACTS[name] = fact


def with_paper_facts(deals: QuerySet[Deal]) -> QuerySet[Deal]:
    """The deals, each with the facts of its papers as booleans."""
    return deals.annotate(**{name: fact() for name, fact in _PAPER_FACTS.items()})


def has_paper_fact(deal: Deal, name: str) -> bool:
    """Whether the deal's papers show the fact registered under that name."""
    return with_paper_facts(Deal.objects.filter(pk=deal.pk)).filter(**{name: True}).exists()


def open_deals_of(company: Company | int) -> QuerySet[Deal]:
    """The company's open deals, each with how far it went (the facts of its papers)."""
    return with_paper_facts(Deal.objects.filter(company=company, status=DealStatus.OPEN))


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
    return (
        Deal.objects.filter(status=DealStatus.OPEN)
        .filter(Q(expected_close__lte=last) | Q(expected_close__isnull=True))
        .annotate(paid=paid)
    )


def weighted(deal: Deal) -> Decimal:
    """What is still to come of a deal of `open_deals_due`, by its probability."""
    paid: Decimal = deal.paid  # type: ignore[attr-defined]  # annotated by open_deals_due
    return (deal.amount - paid) * deal.probability / 100


def discount_limit(user: User) -> Decimal:
    """The largest discount, in percent, the user may give on a line."""
    limit = DiscountLimit.objects.filter(position=user.position).first()
    return limit.max_percent if limit else Decimal(0)


def list_price(price_list: PriceList | None, product: Product) -> Decimal | None:
    if price_list is None:
        return None
    price = Price.objects.filter(price_list=price_list, product=product).first()
    return price.price if price else None


def current_price_list(currency: str, on: date) -> PriceList | None:
    """The price list of the currency in force on the date (the latest started)."""
    lists = PriceList.objects.filter(currency=currency, valid_from__lte=on)
    return lists.exclude(valid_until__lt=on).order_by("-valid_from", "pk").first()


def stage_before_deal(company: Company) -> str:
    """The contact stage the company stood at before its deal, else the first contact stage."""
    algorithm = config.current()
    came_from = (
        CompanyEvent.objects.filter(
            company=company, kind=CompanyEvent.Kind.STATE, new_value__in=algorithm.deal
        )
        .exclude(old_value__in=algorithm.deal)
        .order_by("-at", "-pk")
        .values_list("old_value", flat=True)
        .first()
    )
    if came_from and algorithm.kind_of(came_from) == StageKind.CONTACT:
        return came_from
    return algorithm.first(StageKind.CONTACT)
