from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.deals.models import Deal
from otdel.deals.selectors import access_deal
from otdel.deals.views import deal_form_act
from otdel.web import page_size, paginate

from . import services
from .forms import PaymentForm
from .models import Invoice
from .selectors import (
    may_register_payments,
    overdue_invoices,
    payment_right_message,
    receivables_ageing,
)


@login_required
def receivables(request: HttpRequest) -> HttpResponse:
    """Who owes what and how long overdue (the head's list; a manager sees his own); the
    overdue invoices of one manager with `?manager=`, as Control links them."""
    today = timezone.localdate()
    overdue = overdue_invoices(request.user, today)
    manager = request.GET.get("manager", "")
    if manager.isdigit():
        overdue = overdue.filter(deal__owner=int(manager))
    listing = paginate(request, overdue, page_size(request))
    return render(
        request,
        "billing/receivables.html",
        {
            **listing,
            "ageing": receivables_ageing(request.user, today),
            "overdue": listing["page"].object_list,
            "manager_chosen": manager.isdigit(),
            "today": today,
        },
    )


def deal_page_part(request: HttpRequest, deal: Deal) -> dict[str, Any]:
    """The payments part of the deal page (registered with deals.views)."""
    return {
        "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
        "may_register_payments": may_register_payments(request.user, deal),
    }


@login_required
@require_POST
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice.objects.select_related("deal"), pk=pk)
    deal = access_deal(request.user, invoice.deal_id)
    if not may_register_payments(request.user, deal):
        raise PermissionDenied(payment_right_message())
    refund = PaymentForm.base_fields["refund"].to_python(request.POST.get("refund"))
    register = services.refund_register if refund else services.payment_register
    return deal_form_act(
        request,
        deal,
        PaymentForm(request.POST),
        lambda data: register(
            invoice=invoice,
            amount=data["amount"],
            paid_on=data["paid_on"],
            acting_user=request.user,
        ),
        _("Refund registered.") if refund else _("Payment registered."),
    )
