from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.base.selectors import access_company, can_edit_company
from otdel.billing import services as billing_services
from otdel.billing.models import Invoice
from otdel.billing.selectors import may_register_payments
from otdel.documents import services as document_services
from otdel.documents.docx import default_template as default_docx_template
from otdel.documents.docx import render_docx
from otdel.documents.docx import template_for as docx_template_for
from otdel.documents.models import CLOSING_KINDS, Document, DocumentKind
from otdel.web import act, page_size, paginate, sort_columns, sorting

from . import selectors, services
from .forms import (
    DealForm,
    IssueForm,
    ItemForm,
    LoseForm,
    PaymentForm,
    SendForm,
    ShipmentForm,
    StateForm,
)
from .models import Deal, DealItem, DealStatus
from .selectors import access_deal

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("scope", "all" if request.user.leads_people else "mine") == "mine"
    status = request.GET.get("status", DealStatus.OPEN)
    order = sorting(request, list(selectors.DEAL_SORTS), selectors.DEAL_DEFAULT_SORT)
    deals = selectors.deal_list_rows(request.user, mine=mine, status=status, sorting=order)
    listing = paginate(request, deals, page_size(request))
    return render(
        request,
        "deals/deal_list.html",
        {
            **listing,
            "deals": listing["page"].object_list,
            "columns": sort_columns(request, _deal_columns(), order),
            "mine": mine,
            "status": status,
            "statuses": DealStatus.choices,
            "sort": request.GET.get("sort", ""),
        },
    )


def _deal_columns() -> list[tuple[str, str]]:
    return [
        ("number", "№"),
        ("title", _("Deal")),
        ("company", _("Company")),
        ("owner", _("Manager")),
        ("state", _("State")),
        ("amount", _("Amount")),
        ("", _("Paid")),
        ("expected_close", _("Expected close")),
        ("probability", "%"),
    ]


@login_required
def deal_create(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = access_company(request.user, company_pk, for_edit=True)
    form = DealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deal = services.deal_create(
                company=company, owner=company.owner, acting_user=request.user, **form.cleaned_data
            )
        except services.DealRefused as error:
            form.add_error(None, str(error))
        else:
            return redirect("deals:detail", pk=deal.pk)
    return render(request, "deals/deal_form.html", {"form": form, "company": company})


@login_required
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk)
    can_edit = can_edit_company(request.user, deal.company) and deal.status == DealStatus.OPEN
    invoices = list(deal.invoices.prefetch_related("payments"))
    return render(
        request,
        "deals/deal_detail.html",
        {
            "deal": deal,
            "can_edit": can_edit,
            "lines_frozen": any(invoice.paid > 0 for invoice in invoices),
            "items": deal.items.select_related("product"),
            "documents": deal.documents.defer("pdf", "data").select_related("issued_by"),
            "invoices": invoices,
            "events": deal.events.select_related("actor")[:100],
            "item_form": ItemForm(),
            "state_form": StateForm(initial={"state": deal.state}),
            "lose_form": LoseForm(),
            "issue_kinds": DocumentKind.choices,
            "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
            "may_register_payments": may_register_payments(request.user, deal),
            "signable_kinds": (DocumentKind.CONTRACT, *CLOSING_KINDS),
            "checklist": selectors.support_checklist(deal),
            "shipments": deal.shipments.all(),
            "shipment_form": ShipmentForm(initial={"shipped_on": timezone.localdate()}),
            "discount_limit": selectors.discount_limit(request.user),
            "send_form": SendForm(
                deal=deal,
                initial={
                    "to": ", ".join(deal.company.emails.values_list("address", flat=True)[:3])
                },
            ),
        },
    )


def _act(request: HttpRequest, deal: Deal, call: Callable[[], Any], done: str) -> HttpResponse:
    return act(request, call, done, reverse("deals:detail", args=[deal.pk]))


def _form_act(
    request: HttpRequest, deal: Deal, form, call: Callable[[dict[str, Any]], Any], done: str
) -> HttpResponse:
    """A posted form of the deal page: its field errors as messages, or the service call."""
    if form.is_valid():
        return _act(request, deal, lambda: call(form.cleaned_data), done)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("deals:detail", pk=deal.pk)


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return _form_act(
        request,
        deal,
        ItemForm(request.POST),
        lambda data: services.deal_add_item(
            deal=deal,
            product=data["product"],
            quantity=data["quantity"],
            acting_user=request.user,
            unit_price=data["unit_price"],
            discount_percent=data["discount_percent"] or 0,
        ),
        _("Line added."),
    )


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    item = get_object_or_404(DealItem, pk=item_pk, deal=deal)
    return _act(
        request,
        deal,
        lambda: services.deal_remove_item(item=item, acting_user=request.user),
        _("Line removed."),
    )


@login_required
@require_POST
def state_set(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return _form_act(
        request,
        deal,
        StateForm(request.POST),
        lambda data: services.deal_set_state(
            deal=deal, state=data["state"], acting_user=request.user
        ),
        _("State changed."),
    )


@login_required
@require_POST
def lose(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return _form_act(
        request,
        deal,
        LoseForm(request.POST),
        lambda data: services.deal_lose(
            deal=deal,
            reason=data["reason"],
            note=data["note"],
            acting_user=request.user,
        ),
        _("The deal is marked lost."),
    )


@login_required
@require_POST
def document_issue(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return _form_act(
        request,
        deal,
        IssueForm(request.POST),
        lambda data: document_services.document_issue(
            deal=deal,
            kind=data["kind"],
            language=data["language"],
            acting_user=request.user,
        ),
        _("Document issued."),
    )


def _document(request: HttpRequest, pk: int, *, for_edit: bool = False) -> Document:
    document = get_object_or_404(Document.objects.select_related("deal"), pk=pk)
    access_deal(request.user, document.deal_id, for_edit=for_edit)
    return document


@login_required
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    name = f"{document.number}-v{document.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def document_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """An editable Word copy of the issued document (same data, the company's DOCX template)."""
    document = _document(request, pk)
    content = render_docx(docx_template_for(document.kind), document.data)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{document.number}-v{document.version}.docx"'
    )
    return response


@login_required
def docx_template(request: HttpRequest) -> HttpResponse:
    """The default Word template, to change in Word and upload in Settings."""
    response = HttpResponse(default_docx_template(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="otdel-template.docx"'
    return response


@login_required
@require_POST
def document_send(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return _form_act(
        request,
        deal,
        SendForm(request.POST, deal=deal),
        lambda data: document_services.document_send(
            document=data["document"],
            to=data["to"],
            subject=data["subject"],
            message=data["message"],
            acting_user=request.user,
        ),
        _("Sent."),
    )


@login_required
@require_POST
def document_sign(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, for_edit=True)
    return _act(
        request,
        document.deal,
        lambda: document_services.document_mark_signed(document=document, acting_user=request.user),
        _("Marked signed."),
    )


@login_required
@require_POST
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice.objects.select_related("deal"), pk=pk)
    deal = access_deal(request.user, invoice.deal_id)
    if not may_register_payments(request.user, deal):
        raise PermissionDenied(billing_services.payment_right_message())
    refund = PaymentForm.base_fields["refund"].to_python(request.POST.get("refund"))
    register = billing_services.refund_register if refund else billing_services.payment_register
    return _form_act(
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


@login_required
@require_POST
def shipment_add(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return _form_act(
        request,
        deal,
        ShipmentForm(request.POST),
        lambda data: services.shipment_register(deal=deal, acting_user=request.user, **data),
        _("Shipment recorded."),
    )
