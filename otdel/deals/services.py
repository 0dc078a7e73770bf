"""Every change of a deal goes through here and leaves its history record."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from otdel.algorithm import config
from otdel.algorithm.models import RefusalReason, StageKind
from otdel.algorithm.services import RuleRefused
from otdel.base import services as base_services
from otdel.base.models import Company
from otdel.catalog.models import DiscountLimit, Price, PriceList, Product
from otdel.org.models import User

from .models import Deal, DealEvent, DealItem, DealStatus, Shipment

Kind = DealEvent.Kind
CENT = Decimal("0.01")


class DealRefused(RuleRefused):
    """The deal cannot be changed so; the message says why, for the user."""


def _record(deal: Deal, kind: str, old: str, new: str, acting_user: User | None) -> None:
    DealEvent.objects.create(deal=deal, kind=kind, old_value=old[:300], new_value=new[:300],
                             actor=acting_user)  # fmt: skip


def lock_deal(deal: Deal | int) -> Deal:
    pk = deal.pk if isinstance(deal, Deal) else deal
    return Deal.objects.select_for_update().get(pk=pk)


def money(value: Decimal) -> str:
    """An amount as people read it: 2 433 870,00 in Russian."""
    return number_format(value, decimal_pos=2, force_grouping=True)


def discount_limit(user: User) -> Decimal:
    """The largest discount, in percent, the user may give on a line."""
    limit = DiscountLimit.objects.filter(position=user.position).first()
    return limit.max_percent if limit else Decimal(0)


def line_amount(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    gross = quantity * unit_price * (Decimal(100) - discount_percent) / Decimal(100)
    return gross.quantize(CENT, rounding=ROUND_HALF_UP)


def list_price(price_list: PriceList | None, product: Product) -> Decimal | None:
    if price_list is None:
        return None
    price = Price.objects.filter(price_list=price_list, product=product).first()
    return price.price if price else None


def current_price_list(currency: str, on: date) -> PriceList | None:
    """The price list of the currency in force on the date (the latest started)."""
    lists = PriceList.objects.filter(currency=currency, valid_from__lte=on)
    return lists.exclude(valid_until__lt=on).order_by("-valid_from", "pk").first()


def _move_company_to_deal(company: Company, acting_user: User | None) -> None:
    """A company with a deal stands at least at the deal stage of the algorithm."""
    algorithm = config.current()
    if algorithm.kind_of(company.state) in (StageKind.NEW, StageKind.CONTACT):
        base_services.company_set_state(company=company, state=algorithm.first(StageKind.DEAL),
                                        acting_user=acting_user, rule="deal")  # fmt: skip


@transaction.atomic
def deal_create(
    *,
    company: Company,
    owner: User,
    title: str,
    acting_user: User,
    expected_close: date | None = None,
    probability: int = 50,
    currency: str = "",
) -> Deal:
    if not 0 <= probability <= 100:
        raise DealRefused(_("The probability is a percentage from 0 to 100."))
    currency = currency or settings.OTDEL_CURRENCY
    deal = Deal.objects.create(
        company=company, owner=owner, title=title, state=config.current().first(StageKind.DEAL),
        currency=currency, expected_close=expected_close, probability=probability,
        price_list=current_price_list(currency, timezone.localdate()),
    )  # fmt: skip
    _record(deal, Kind.CREATED, "", title, acting_user)
    _move_company_to_deal(company, acting_user)
    return deal


def _check_open(deal: Deal) -> None:
    if deal.status != DealStatus.OPEN:
        raise DealRefused(_("The deal is %(status)s; it cannot be changed.")
                          % {"status": deal.get_status_display()})  # fmt: skip


def line_margin(amount: Decimal, vat_percent: Decimal, quantity: Decimal,
                cost_price: Decimal | None) -> Decimal:  # fmt: skip
    """A line's amount without VAT less its cost; nothing when the cost price is unknown."""
    if cost_price is None:
        return Decimal(0)
    return amount * 100 / (100 + vat_percent) - quantity * cost_price


def _refresh_amount(deal: Deal) -> None:
    items = list(deal.items.select_related("product"))
    deal.amount = sum((i.amount for i in items), Decimal(0))
    deal.margin = sum((line_margin(i.amount, i.vat_percent, i.quantity, i.product.cost_price)
                       for i in items), Decimal(0)).quantize(CENT)  # fmt: skip
    deal.save(update_fields=["amount", "margin"])


@transaction.atomic
def deal_add_item(
    *,
    deal: Deal | int,
    product: Product,
    quantity: Decimal,
    acting_user: User,
    unit_price: Decimal | None = None,
    discount_percent: Decimal = Decimal(0),
) -> DealItem:
    """Add a line: the price comes from the deal's price list unless given; a discount above
    what the user's position may give is refused."""
    locked = lock_deal(deal)
    _check_open(locked)
    if quantity <= 0:
        raise DealRefused(_("The quantity must be above zero."))
    price = unit_price if unit_price is not None else list_price(locked.price_list, product)
    if price is None:
        raise DealRefused(_("%(product)s has no price in the price list: enter the price.")
                          % {"product": product})  # fmt: skip
    if price < 0:
        raise DealRefused(_("A price cannot be negative."))
    limit = discount_limit(acting_user)
    if discount_percent < 0 or discount_percent > limit:
        raise DealRefused(
            _("A discount of %(asked)s %% is above your limit of %(limit)s %%: ask your head.")
            % {"asked": discount_percent, "limit": limit}
        )
    item = DealItem.objects.create(
        deal=locked, product=product, quantity=quantity, unit_price=price,
        discount_percent=discount_percent, vat_percent=product.vat_percent,
        amount=line_amount(quantity, price, discount_percent),
    )  # fmt: skip
    _refresh_amount(locked)
    _record(locked, Kind.LINE, "", f"+ {product} × {quantity.normalize()} = {money(item.amount)}",
            acting_user)  # fmt: skip
    return item


@transaction.atomic
def deal_remove_item(*, item: DealItem, acting_user: User) -> None:
    locked = lock_deal(item.deal_id)
    _check_open(locked)
    item.delete()
    _refresh_amount(locked)
    _record(locked, Kind.LINE, f"{item.product} x {item.quantity}", "", acting_user)


@transaction.atomic
def deal_set_state(*, deal: Deal | int, state: str, acting_user: User | None) -> Deal:
    """Move an open deal to another stage of the deal or deal-support kind."""
    locked = lock_deal(deal)
    _check_open(locked)
    algorithm = config.current()
    if state not in algorithm.codes(StageKind.DEAL, StageKind.SUPPORT):
        raise DealRefused(_("A deal stands at a deal or deal-support stage."))
    if state != locked.state:
        _record(locked, Kind.STATE, algorithm.label(locked.state), algorithm.label(state),
                acting_user)  # fmt: skip
        locked.state = state
        locked.save(update_fields=["state"])
    return locked


@transaction.atomic
def deal_lose(*, deal: Deal | int, reason: RefusalReason, note: str, acting_user: User) -> Deal:
    locked = lock_deal(deal)
    _check_open(locked)
    locked.status, locked.lost_reason, locked.lost_note = DealStatus.LOST, reason, note[:500]
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "lost_reason", "lost_note", "closed_at"])
    _record(locked, Kind.STATUS, str(DealStatus.OPEN.label), f"{DealStatus.LOST.label}: {reason}",
            acting_user)  # fmt: skip
    return locked


def deal_close_if_done(*, deal: Deal | int, acting_user: User | None) -> bool:
    """Close the deal when every invoice is paid in full and a closing document is signed
    (METHOD 3: closed only when the closing documents are signed). Returns whether it did."""
    from otdel.documents.models import CLOSING_KINDS

    locked = lock_deal(deal)
    if locked.status != DealStatus.OPEN:
        return False
    invoices = list(locked.invoices.all())
    paid = bool(invoices) and all(i.paid == i.amount for i in invoices)
    signed = locked.documents.filter(kind__in=CLOSING_KINDS, signed_at__isnull=False).exists()
    if not (paid and signed):
        return False
    locked.status, locked.closed_at = DealStatus.WON, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    _record(locked, Kind.STATUS, str(DealStatus.OPEN.label), str(DealStatus.WON.label), acting_user)
    algorithm = config.current()
    company = locked.company
    if algorithm.kind_of(company.state) != StageKind.CLIENT:
        base_services.company_set_state(company=company, state=algorithm.first(StageKind.CLIENT),
                                        acting_user=acting_user, rule="deal_closed")  # fmt: skip
    return True


@transaction.atomic
def shipment_register(
    *, deal: Deal | int, shipped_on: date, note: str, acting_user: User
) -> Shipment:
    locked = lock_deal(deal)
    _check_open(locked)
    shipment = Shipment.objects.create(deal=locked, shipped_on=shipped_on, note=note[:300],
                                       recorded_by=acting_user)  # fmt: skip
    _record(locked, Kind.SHIPMENT, "", f"{shipped_on:%d.%m.%Y} {note}".strip(), acting_user)
    return shipment


@dataclass(frozen=True)
class CheckItem:
    label: str
    done: bool


def support_checklist(deal: Deal) -> list[CheckItem]:
    """What deal support still has to collect before the deal can close (METHOD 3: the black
    hole between "yes" and the money, and the closing documents after it)."""
    from otdel.documents.models import CLOSING_KINDS, DocumentKind

    documents = list(deal.documents.defer("pdf", "data"))
    invoices = list(deal.invoices.all())
    contract = [d for d in documents if d.kind == DocumentKind.CONTRACT]
    items = []
    if contract:
        items.append(CheckItem(_("Contract signed"), any(d.signed_at for d in contract)))
    items += [
        CheckItem(_("Invoice issued"), bool(invoices)),
        CheckItem(_("Paid in full"), bool(invoices) and all(i.paid == i.amount for i in invoices)),
        CheckItem(_("Shipped"), deal.shipments.exists()),
        CheckItem(_("Closing document (act or transfer document) signed"),
                  any(d.signed_at for d in documents if d.kind in CLOSING_KINDS)),
    ]  # fmt: skip
    return items
