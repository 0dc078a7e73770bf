"""Money against invoices: payments and refunds, each checked against what the invoice still
owes or has received, under a row lock, with the deal's history record."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from otdel.algorithm import config
from otdel.algorithm.models import StageKind
from otdel.base.models import Company
from otdel.deals import services as deal_services
from otdel.deals.models import Deal, DealEvent
from otdel.orders.services import order_from_invoice
from otdel.org.models import User
from otdel.segments.handoff import run_handoff

from .models import Invoice, Payment


def invoice_open(*, deal: Deal, number: str, issued_on: date, payment_days: int,
                 document=None) -> Invoice:  # fmt: skip
    """The invoice a printed invoice for payment asks for (its amount is the deal's). Issued
    again (a new version), the same invoice takes the new amount, never below what was paid."""
    invoice = Invoice.objects.select_for_update().filter(deal=deal, number=number).first()
    if deal.amount <= 0:
        raise deal_services.DealRefused(_("The deal has no lines to invoice."))
    if invoice is None:
        invoice = Invoice(deal=deal, number=number, currency=deal.currency)
    elif deal.amount < invoice.paid:
        raise deal_services.DealRefused(
            _("%(paid)s has been paid against this invoice: it cannot become smaller.")
            % {"paid": invoice.paid}
        )
    invoice.issued_on = issued_on
    invoice.due_on = issued_on + timedelta(days=payment_days)
    invoice.amount = deal.amount
    invoice.document = document
    invoice.save()
    return invoice


def _record(invoice: Invoice, text: str, acting_user: User) -> None:
    DealEvent.objects.create(deal_id=invoice.deal_id, kind=DealEvent.Kind.PAYMENT,
                             new_value=text[:300], actor=acting_user)  # fmt: skip


@transaction.atomic
def payment_register(
    *, invoice: Invoice | int, amount: Decimal, paid_on: date, acting_user: User, note: str = ""
) -> Payment:
    """Money received. Paid in full, the deal goes on to deal support (shipping, documents)
    and closes if its closing documents are already signed."""
    locked = Invoice.objects.select_for_update().get(
        pk=invoice.pk if isinstance(invoice, Invoice) else invoice
    )
    if amount <= 0:
        raise deal_services.DealRefused(_("A payment must be above zero."))
    if amount > locked.outstanding:
        raise deal_services.DealRefused(
            _("%(amount)s is more than invoice %(number)s still owes (%(left)s).")
            % {"amount": amount, "number": locked.number, "left": locked.outstanding}
        )
    payment = Payment.objects.create(invoice=locked, amount=amount, paid_on=paid_on, note=note,
                                     recorded_by=acting_user)  # fmt: skip
    locked.paid += amount
    locked.save(update_fields=["paid"])
    _record(locked, _("paid %(amount)s against %(number)s") % {"amount": deal_services.money(amount), "number": locked.number},
            acting_user)  # fmt: skip
    if locked.paid == locked.amount:
        deal = locked.deal
        order_from_invoice(locked, paid_on)
        # METHOD 5: a client that now meets the hand-off rule goes to a farmer.
        run_handoff(among=Company.objects.filter(pk=deal.company_id))
        support = config.current().codes(StageKind.SUPPORT)
        if support and deal.status == "open" and deal.state not in support:
            deal_services.deal_set_state(deal=deal, state=support[0], acting_user=acting_user,
                                         rule="paid")  # fmt: skip
        deal_services.deal_close_if_done(deal=deal, acting_user=acting_user)
    return payment


@transaction.atomic
def refund_register(
    *, invoice: Invoice | int, amount: Decimal, paid_on: date, acting_user: User, note: str = ""
) -> Payment:
    """Money given back; never more than was received."""
    locked = Invoice.objects.select_for_update().get(
        pk=invoice.pk if isinstance(invoice, Invoice) else invoice
    )
    if amount <= 0:
        raise deal_services.DealRefused(_("A refund must be above zero."))
    if amount > locked.paid:
        raise deal_services.DealRefused(
            _("%(amount)s is more than was paid against invoice %(number)s (%(paid)s).")
            % {"amount": amount, "number": locked.number, "paid": locked.paid}
        )
    refund = Payment.objects.create(invoice=locked, kind=Payment.Kind.REFUND, amount=amount,
                                    paid_on=paid_on, note=note, recorded_by=acting_user)  # fmt: skip
    locked.paid -= amount
    locked.save(update_fields=["paid"])
    _record(locked, _("refunded %(amount)s of %(number)s") % {"amount": deal_services.money(amount), "number": locked.number},
            acting_user)  # fmt: skip
    return refund
