"""Every change of a deal goes through here and leaves its history record."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel import numbers
from otdel.algorithm.models import RefusalReason
from otdel.algorithm.services import RuleRefused
from otdel.base import services as base_services
from otdel.base.models import Company, CompanyEvent
from otdel.catalog.models import Product
from otdel.db import insert_rows
from otdel.org.models import User
from otdel.recorded import Money, fitted, recorded
from otdel.stages import config
from otdel.stages.models import StageKind

from . import rules, selectors
from .models import Deal, DealEvent, DealItem, DealStatus, Shipment

Kind = DealEvent.Kind


# The deal's history in no language of its own (otdel/recorded.py); words-free patterns are
# kept too, so that their figures are read in the reader's formats.
LINE = gettext_lazy("%(product)s × %(quantity)s")
LINE_ADDED = gettext_lazy("+ %(product)s × %(quantity)s = %(amount)s")
STAGE = gettext_lazy("%(stage)s")
LOST_BECAUSE = gettext_lazy("%(status)s: %(reason)s")
SHIPPED = gettext_lazy("%(day)s %(note)s")


class DealRefused(RuleRefused):
    """The deal cannot be changed so; the message says why, for the user."""


def deal_record(
    *, deal: Deal | int, kind: str, new: str, acting_user: User | None, old: str = ""
) -> None:
    """The deal's history row; the one writer of DealEvent (billing and documents call it)."""
    pk = deal.pk if isinstance(deal, Deal) else deal
    DealEvent.objects.create(
        deal_id=pk,
        kind=kind,
        old_value=fitted(old, 300),
        new_value=fitted(new, 300),
        actor=acting_user,
    )


def lock_deal(deal: Deal | int) -> Deal:
    pk = deal.pk if isinstance(deal, Deal) else deal
    return Deal.objects.select_for_update().get(pk=pk)


@transaction.atomic
def company_follow_deals(*, company: Company | int, acting_user: User | None) -> None:
    """Put the company at the stage its open deals have reached (METHOD 3: "Deal" is an invoice
    issued, a payment made, a contract signed, as the rules of the method say; deal support
    when a deal is there). A company left with no invoiced or contracted open deal goes back
    to its contact stage and into its owner's triage queue: the algorithm decides what next."""
    algorithm = config.current()
    locked = base_services.lock_company(company)
    kind = algorithm.kind_of(locked.state)
    support = algorithm.codes(StageKind.SUPPORT)
    if kind in (StageKind.NEW, StageKind.CONTACT):
        deals = selectors.deals_at_the_deal_stage(locked)
        if not deals.exists():
            return
        # The clocks are for prospects (METHOD 4): a deal under way stops them.
        Company.objects.filter(pk=locked.pk).update(triage_since=None, reassign_due_since=None)
    elif kind in (StageKind.DEAL, StageKind.SUPPORT):
        deals = selectors.deals_with_papers(locked)
        if not deals.exists():
            base_services.company_set_state(
                company=locked,
                state=selectors.stage_before_deal(locked),
                acting_user=acting_user,
                rule="deal_lost",
            )
            today = timezone.localdate()
            base_services.record_and_update(
                Company.objects.filter(pk=locked.pk),
                kind=CompanyEvent.Kind.TRIAGE,
                rule="deal_lost",
                acting_user=acting_user,
                old_value=Value(""),
                new_value=Value(today.isoformat()),
                updates={"triage_since": today, "deadline_warned_on": None},
            )
            return
    else:
        return
    at_support = bool(support) and deals.filter(state__in=support).exists()
    state = support[0] if at_support else algorithm.first(StageKind.DEAL)
    if algorithm.kind_of(state) != kind:
        base_services.company_set_state(
            company=locked, state=state, acting_user=acting_user, rule="deal"
        )


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
    if company.owner_id is None:
        # A deal is the work of the manager who has the company (METHOD 4: claimed first, so
        # the cap, the deadline and the ownership date hold).
        raise DealRefused(_("Nobody works this company: take it into work first."))
    if not 0 <= probability <= 100:
        raise DealRefused(_("The probability is a percentage from 0 to 100."))
    currency = currency or settings.OTDEL_CURRENCY
    deal = Deal.objects.create(
        company=company,
        owner=owner,
        title=title,
        state=config.current().first(StageKind.DEAL),
        currency=currency,
        expected_close=expected_close,
        probability=probability,
        price_list=selectors.current_price_list(currency, timezone.localdate()),
    )
    deal_record(deal=deal, kind=Kind.CREATED, new=title, acting_user=acting_user)
    return deal


def _check_open(deal: Deal) -> None:
    if deal.status != DealStatus.OPEN:
        raise DealRefused(
            _("The deal is %(status)s; it cannot be changed.")
            % {"status": deal.get_status_display()}
        )


def _refresh_amount(deal: Deal) -> None:
    items = list(deal.items.select_related("product"))
    deal.amount = sum((i.amount for i in items), Decimal(0))
    deal.margin = sum(
        (
            rules.line_margin(i.amount, i.vat_percent, i.quantity, i.product.cost_price)
            for i in items
        ),
        Decimal(0),
    ).quantize(rules.CENT)
    deal.save(update_fields=["amount", "margin"])


def _check_lines_may_change(deal: Deal) -> None:
    """Lines change while nothing is paid; an issued invoice then gets a new version. The
    invoice is read under its lock (the deal's is held), so a payment cannot slip in between."""
    invoice = deal.invoices.select_for_update().first()
    if invoice is not None and invoice.paid > 0:
        raise DealRefused(
            _("%(paid)s has been paid against invoice %(number)s: its lines are frozen.")
            % {"paid": numbers.money(invoice.paid, invoice.currency), "number": invoice.number}
        )


# What follows a change of a deal's lines in the same transaction, registered by the apps above
# deals from their AppConfig.ready(): documents issues the next version of an issued invoice, so
# that it always asks for the deal's amount. app label -> a call with the locked deal and the user.
_LINES_CHANGED: dict[str, Callable[..., None]] = {}


def register_lines_changed(app: str, call: Callable[..., None]) -> None:
    _LINES_CHANGED[app] = call


def _lines_changed(deal: Deal, acting_user: User) -> None:
    for call in _LINES_CHANGED.values():
        call(deal=deal, acting_user=acting_user)


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
    what the user's position may give is refused, whether asked as a percentage or as a price
    below the list."""
    locked = lock_deal(deal)
    _check_open(locked)
    _check_lines_may_change(locked)
    if quantity <= 0:
        raise DealRefused(_("The quantity must be above zero."))
    listed = selectors.list_price(locked.price_list, product)
    price = unit_price if unit_price is not None else listed
    if price is None:
        raise DealRefused(
            _("%(product)s has no price in the price list: enter the price.") % {"product": product}
        )
    if price < 0:
        raise DealRefused(_("A price cannot be negative."))
    refusal = rules.discount_refusal(
        selectors.discount_limit(acting_user), discount_percent, listed, price
    )
    if refusal:
        raise DealRefused(refusal)
    item = DealItem.objects.create(
        deal=locked,
        product=product,
        quantity=quantity,
        unit_price=price,
        discount_percent=discount_percent,
        vat_percent=product.vat_percent,
        amount=rules.line_amount(quantity, price, discount_percent),
    )
    _refresh_amount(locked)
    deal_record(
        deal=locked,
        kind=Kind.LINE,
        acting_user=acting_user,
        new=recorded(
            LINE_ADDED,
            product=str(product),
            quantity=quantity,
            amount=Money(item.amount, locked.currency),
        ),
    )
    _lines_changed(locked, acting_user)
    return item


@transaction.atomic
def deal_remove_item(*, item: DealItem, acting_user: User) -> None:
    locked = lock_deal(item.deal_id)
    _check_open(locked)
    _check_lines_may_change(locked)
    invoice = locked.invoices.first()
    if invoice is not None and locked.items.count() == 1:
        raise DealRefused(
            _("Invoice %(number)s is issued: the deal keeps at least one line.")
            % {"number": invoice.number}
        )
    item.delete()
    _refresh_amount(locked)
    deal_record(
        deal=locked,
        kind=Kind.LINE,
        old=recorded(LINE, product=str(item.product), quantity=item.quantity),
        new="",
        acting_user=acting_user,
    )
    _lines_changed(locked, acting_user)


@transaction.atomic
def deal_set_state(*, deal: Deal | int, state: str, acting_user: User | None) -> Deal:
    """Move an open deal to another stage of the deal or deal-support kind."""
    locked = lock_deal(deal)
    _check_open(locked)
    algorithm = config.current()
    if state not in algorithm.codes(StageKind.DEAL, StageKind.SUPPORT):
        raise DealRefused(_("A deal stands at a deal or deal-support stage."))
    if state == locked.state:
        return locked
    with_papers = selectors.deals_with_papers(locked.company_id).filter(pk=locked.pk)
    if algorithm.kind_of(state) == StageKind.SUPPORT and not with_papers.exists():
        raise DealRefused(_("Deal support comes after the invoice or the contract is issued."))
    deal_record(
        deal=locked,
        kind=Kind.STATE,
        old=recorded(STAGE, stage=algorithm.words(locked.state)),
        new=recorded(STAGE, stage=algorithm.words(state)),
        acting_user=acting_user,
    )
    locked.state = state
    locked.save(update_fields=["state"])
    company_follow_deals(company=locked.company_id, acting_user=acting_user)
    return locked


@transaction.atomic
def deal_lose(*, deal: Deal | int, reason: RefusalReason, note: str, acting_user: User) -> Deal:
    locked = lock_deal(deal)
    _check_open(locked)
    kept = locked.invoices.aggregate(kept=Sum("paid"))["kept"] or Decimal(0)
    if kept > 0:
        # A lost deal keeps no client's money: it is given back (a refund) or the deal goes on.
        raise DealRefused(
            _("%(amount)s has been received against this deal: register the refund first.")
            % {"amount": numbers.money(kept, locked.currency)}
        )
    locked.status, locked.lost_reason, locked.lost_note = DealStatus.LOST, reason, note[:500]
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "lost_reason", "lost_note", "closed_at"])
    deal_record(
        deal=locked,
        kind=Kind.STATUS,
        old=recorded(DealStatus.OPEN.label),
        new=recorded(LOST_BECAUSE, status=DealStatus.LOST.label, reason=str(reason)),
        acting_user=acting_user,
    )
    company_follow_deals(company=locked.company_id, acting_user=acting_user)
    return locked


def deal_close_if_done(*, deal: Deal | int, acting_user: User | None) -> bool:
    """Close the deal when every invoice is paid in full and a closing document is signed
    (METHOD 3: closed only when the closing documents are signed). Returns whether it did."""
    locked = lock_deal(deal)
    if locked.status != DealStatus.OPEN:
        return False
    invoices = list(locked.invoices.all())
    paid = bool(invoices) and all(i.paid == i.amount for i in invoices)
    signed = selectors.has_paper_fact(locked, "closing_signed")
    if not (paid and signed):
        return False
    locked.status, locked.closed_at = DealStatus.WON, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    deal_record(
        deal=locked,
        kind=Kind.STATUS,
        old=recorded(DealStatus.OPEN.label),
        new=recorded(DealStatus.WON.label),
        acting_user=acting_user,
    )
    algorithm = config.current()
    company = locked.company
    if algorithm.kind_of(company.state) != StageKind.CLIENT:
        base_services.company_set_state(
            company=company,
            state=algorithm.first(StageKind.CLIENT),
            acting_user=acting_user,
            rule="deal_closed",
        )
    return True


@transaction.atomic
def shipment_register(
    *, deal: Deal | int, shipped_on: date, note: str, acting_user: User
) -> Shipment:
    locked = lock_deal(deal)
    _check_open(locked)
    shipment = Shipment.objects.create(
        deal=locked, shipped_on=shipped_on, note=note[:300], recorded_by=acting_user
    )
    deal_record(
        deal=locked,
        kind=Kind.SHIPMENT,
        new=recorded(SHIPPED, day=shipped_on, note=note),
        acting_user=acting_user,
    )
    return shipment


@dataclass
class ImportedDeal:
    """A deal as the CRM a company ran on before kept it (crmimport): at a deal or deal-support
    stage, open, won or lost, with the amount and the dates it had there."""

    company_id: int
    owner_id: int
    title: str
    state: str
    status: str
    amount: Decimal
    currency: str
    created_at: datetime
    closed_at: datetime | None
    expected_close: date | None


@transaction.atomic
def deals_import(*, deals: Sequence[ImportedDeal], acting_user: User) -> list[Deal]:
    """Write deals brought from another CRM, each with its "created" history row (and a
    status row for those closed there), in a few INSERTs whatever their number. Their amount
    is the CRM's: they have no lines to sum."""
    algorithm = config.current()
    wrong = {d.state for d in deals} - set(algorithm.codes(StageKind.DEAL, StageKind.SUPPORT))
    if wrong:
        raise DealRefused(_("A deal stands at a deal or deal-support stage."))
    created = Deal.objects.bulk_create(
        Deal(
            company_id=d.company_id,
            owner_id=d.owner_id,
            title=d.title,
            state=d.state,
            status=d.status,
            amount=d.amount,
            currency=d.currency or settings.OTDEL_CURRENCY,
            expected_close=d.expected_close,
            closed_at=d.closed_at,
        )
        for d in deals
    )
    # The CRM's own creation dates: auto_now_add has set today's on the way in.
    for deal, source in zip(created, deals, strict=True):
        deal.created_at = source.created_at
    Deal.objects.bulk_update(created, ["created_at"], batch_size=500)
    now = timezone.now()
    actor = acting_user.pk
    events = [(d.pk, Kind.CREATED, "", fitted(d.title, 300), actor, now) for d in created]
    events += [
        (
            d.pk,
            Kind.STATUS,
            recorded(DealStatus.OPEN.label),
            recorded(DealStatus(d.status).label),
            actor,
            now,
        )
        for d in created
        if d.status != DealStatus.OPEN
    ]
    insert_rows(DealEvent, ["deal", "kind", "old_value", "new_value", "actor", "at"], events)
    return created
