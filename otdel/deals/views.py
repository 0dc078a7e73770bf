from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.base.selectors import access_company, can_edit_company
from otdel.web import act, page_size, paginate, sort_columns, sorting

from . import selectors, services
from .forms import (
    DealForm,
    ItemForm,
    LoseForm,
    ShipmentForm,
    StateForm,
)
from .models import Deal, DealItem, DealStatus
from .selectors import access_deal

# What the deal page shows of the apps above deals, registered from their AppConfig.ready():
# billing the payment form and who may register money, documents the documents to issue, sign
# and send, and deal support's checklist. app label -> a call giving its part of the context.
_PAGE_PARTS: dict[str, Callable[[HttpRequest, Deal], dict[str, Any]]] = {}


def register_page_part(app: str, part: Callable[[HttpRequest, Deal], dict[str, Any]]) -> None:
    _PAGE_PARTS[app] = part


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("scope", "all" if request.user.leads_people else "mine") == "mine"
    status = request.GET.get("status", DealStatus.OPEN)
    order = sorting(request, list(selectors.DEAL_SORTS), selectors.DEAL_DEFAULT_SORT)
    owner = request.GET.get("owner", "")
    awaiting = request.GET.get("awaiting", "")
    deals = selectors.deal_list_rows(
        request.user,
        mine=mine,
        status=status,
        sorting=order,
        owner=int(owner) if owner.isdigit() else None,
        awaiting=awaiting,
    )
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
            "owner_chosen": owner.isdigit(),
            "awaiting": selectors.awaiting_labels().get(awaiting, ""),
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
            "invoices": invoices,
            "events": deal.events.select_related("actor")[:100],
            "item_form": ItemForm(),
            "state_form": StateForm(initial={"state": deal.state}),
            "lose_form": LoseForm(),
            "shipments": deal.shipments.all(),
            "shipment_form": ShipmentForm(initial={"shipped_on": timezone.localdate()}),
            "discount_limit": selectors.discount_limit(request.user),
            **{
                key: value
                for part in _PAGE_PARTS.values()
                for key, value in part(request, deal).items()
            },
        },
    )


def deal_act(request: HttpRequest, deal: Deal, call: Callable[[], Any], done: str) -> HttpResponse:
    return act(request, call, done, reverse("deals:detail", args=[deal.pk]))


def deal_form_act(
    request: HttpRequest, deal: Deal, form, call: Callable[[dict[str, Any]], Any], done: str
) -> HttpResponse:
    """A posted form of the deal page (billing's and documents' too): its field errors as
    messages, or the service call."""
    if form.is_valid():
        return deal_act(request, deal, lambda: call(form.cleaned_data), done)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("deals:detail", pk=deal.pk)


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return deal_form_act(
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
    return deal_act(
        request,
        deal,
        lambda: services.deal_remove_item(item=item, acting_user=request.user),
        _("Line removed."),
    )


@login_required
@require_POST
def state_set(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return deal_form_act(
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
    return deal_form_act(
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
def shipment_add(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return deal_form_act(
        request,
        deal,
        ShipmentForm(request.POST),
        lambda data: services.shipment_register(deal=deal, acting_user=request.user, **data),
        _("Shipment recorded."),
    )
