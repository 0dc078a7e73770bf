"""Money against invoices: payments and refunds, each checked against what the invoice still
owes or has received, under a row lock, with the deal's history record.

Billing sits below segments: what an invoice paid in full sets off there (the hand-off) is
registered here by segments, so billing names no app above it."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.deals import services as deal_services
from otdel.deals.models import Deal, DealEvent, DealStatus
from otdel.numbers import money
from otdel.orders.services import order_from_invoice
from otdel.org.models import User
from otdel.recorded import Money, recorded
from otdel.stages import config
from otdel.stages.models import StageKind

from .models import Invoice, Payment
from .selectors import may_register_payments, payment_right_message

# What follows an invoice paid in full in the same transaction, registered by the apps above
# billing from their AppConfig.ready(): segments hands a client that now meets the hand-off rule
# to a farmer (METHOD 5). app label -> a call with the company's id.
_PAID_IN_FULL: dict[str, Callable[[int], None]] = {}


def register_paid_in_full(app: str, call: Callable[[int], None]) -> None:
    _PAID_IN_FULL[app] = call


def invoice_open(
    *, deal: Deal, number: str, issued_on: date, payment_days: int, document=None
) -> Invoice:
    """The invoice a printed invoice for payment asks for (its amount is the deal's). Issued
    again (a new version), the same invoice takes the new amount, never below what was paid,
    and keeps its date and due date: a new version does not give the client more time."""
    invoice = Invoice.objects.select_for_update().filter(deal=deal, number=number).first()
    if deal.amount <= 0:
        raise deal_services.DealRefused(_("The deal has no lines to invoice."))
    if invoice is None:
        invoice = Invoice(deal=deal, number=number, currency=deal.currency)
    elif deal.amount < invoice.paid:
        raise deal_services.DealRefused(
            _("%(paid)s has been paid against this invoice: it cannot become smaller.")
            % {"paid": money(invoice.paid, invoice.currency)}
        )
    if invoice.pk is None:
        invoice.issued_on = issued_on
        invoice.due_on = issued_on + timedelta(days=payment_days)
    invoice.amount = deal.amount
    invoice.document = document
    invoice.save()
    return invoice


def _lock(invoice: Invoice | int, acting_user: User) -> Invoice:
    """The invoice's row, locked, for one who may register money against it. The deal is
    locked first, as a change of its lines does, so the two never wait for each other."""
    pk = invoice.pk if isinstance(invoice, Invoice) else invoice
    deal_services.lock_deal(Invoice.objects.values_list("deal_id", flat=True).get(pk=pk))
    locked = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("deal", "deal__company")
        .get(pk=pk)
    )
    if not may_register_payments(acting_user, locked.deal):
        raise PaymentNotAllowed(payment_right_message())
    return locked


class PaymentNotAllowed(deal_services.DealRefused):
    """The user may not register money on this deal (pages and API answer 403)."""


def _book(
    locked: Invoice,
    kind: str,
    amount: Decimal,
    paid_on: date,
    note: str,
    acting_user: User,
    text: Promise,
) -> Payment:
    """The checked money movement: its row, the invoice's paid sum, the deal's history."""
    payment = Payment.objects.create(
        invoice=locked,
        kind=kind,
        amount=amount,
        paid_on=paid_on,
        note=note,
        recorded_by=acting_user,
    )
    locked.paid += amount if kind == Payment.Kind.PAYMENT else -amount
    locked.save(update_fields=["paid"])
    deal_services.deal_record(
        deal=locked.deal_id,
        kind=DealEvent.Kind.PAYMENT,
        new=recorded(text, amount=Money(amount, locked.currency), number=locked.number),
        acting_user=acting_user,
    )
    return payment


@transaction.atomic
def payment_register(
    *, invoice: Invoice | int, amount: Decimal, paid_on: date, acting_user: User, note: str = ""
) -> Payment:
    """Money received. Paid in full, the deal goes on to deal support (shipping, documents)
    and closes if its closing documents are already signed."""
    locked = _lock(invoice, acting_user)
    if amount <= 0:
        raise deal_services.DealRefused(_("A payment must be above zero."))
    if amount > locked.outstanding:
        raise deal_services.DealRefused(
            _("%(amount)s is more than invoice %(number)s still owes (%(left)s).")
            % {
                "amount": money(amount, locked.currency),
                "number": locked.number,
                "left": money(locked.outstanding, locked.currency),
            }
        )
    payment = _book(
        locked,
        Payment.Kind.PAYMENT,
        amount,
        paid_on,
        note,
        acting_user,
        gettext_lazy("paid %(amount)s against %(number)s"),
    )
    if locked.paid == locked.amount:
        deal = locked.deal
        order_from_invoice(locked, paid_on)
        for paid_in_full in _PAID_IN_FULL.values():
            paid_in_full(deal.company_id)
        support = config.current().codes(StageKind.SUPPORT)
        if support and deal.status == DealStatus.OPEN and deal.state not in support:
            deal_services.deal_set_state(deal=deal, state=support[0], acting_user=acting_user)
        deal_services.deal_close_if_done(deal=deal, acting_user=acting_user)
    # The first money may be what puts the company at the deal stage (Rules of the method).
    deal_services.company_follow_deals(company=locked.deal.company_id, acting_user=acting_user)
    return payment


@transaction.atomic
def refund_register(
    *, invoice: Invoice | int, amount: Decimal, paid_on: date, acting_user: User, note: str = ""
) -> Payment:
    """Money given back; never more than was received."""
    locked = _lock(invoice, acting_user)
    if amount <= 0:
        raise deal_services.DealRefused(_("A refund must be above zero."))
    if amount > locked.paid:
        raise deal_services.DealRefused(
            _("%(amount)s is more than was paid against invoice %(number)s (%(paid)s).")
            % {
                "amount": money(amount, locked.currency),
                "number": locked.number,
                "paid": money(locked.paid, locked.currency),
            }
        )
    return _book(
        locked,
        Payment.Kind.REFUND,
        amount,
        paid_on,
        note,
        acting_user,
        gettext_lazy("refunded %(amount)s of %(number)s"),
    )
