from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.base.selectors import access_company
from otdel.org.selectors import task_assignees
from otdel.web import act, page_size, paginate

from . import selectors, services
from .forms import ChoiceForm, CloseForm, ComplaintForm, PlanForm
from .models import Complaint

STATUSES = ("open", "overdue", "closed", "all")


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _card(company_pk: int) -> str:
    return reverse("base:company_detail", args=[company_pk]) + "#care"


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    """Complaints about the clients the user may read: open ones by their day, overdue first."""
    status = request.GET.get("status", "open")
    status = status if status in STATUSES else "open"
    today = timezone.localdate()
    complaints = selectors.visible_complaints(request.user).select_related(
        "company", "owner", "deal"
    )
    if status == "open":
        complaints = selectors.open_complaints(complaints)
    elif status == "overdue":
        complaints = complaints.filter(closed_at__isnull=True, due_on__lt=today)
    elif status == "closed":
        complaints = complaints.filter(closed_at__isnull=False).order_by("-closed_at", "-pk")
    return render(
        request,
        "care/complaint_list.html",
        {
            "status": status,
            "statuses": STATUSES,
            "today": today,
            **paginate(request, complaints, page_size(request)),
        },
    )


@login_required
@require_POST
def complaint_create(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk, for_edit=True)
    form = ComplaintForm(
        request.POST,
        deals=company.deals.all(),
        owners=task_assignees(request.user, company_owner_id=company.owner_id),
    )
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_card(company.pk))
    data = form.cleaned_data
    return act(
        request,
        lambda: services.complaint_open(company=company, acting_user=request.user, **data),
        _("Complaint recorded."),
        _card(company.pk),
    )


@login_required
@require_POST
def complaint_close(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(Complaint, pk=pk)
    access_company(request.user, complaint.company_id, for_edit=True)
    form = CloseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_card(complaint.company_id))
    return act(
        request,
        lambda: services.complaint_close(
            complaint=complaint,
            resolution=form.cleaned_data["resolution"],
            acting_user=request.user,
        ),
        _("Complaint closed."),
        _card(complaint.company_id),
    )


@login_required
@require_POST
def choice_record(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk, for_edit=True)
    form = ChoiceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_card(company.pk))
    return act(
        request,
        lambda: services.client_choice_record(
            company=company, acting_user=request.user, **form.cleaned_data
        ),
        _("Why he chooses us: recorded."),
        _card(company.pk),
    )


def _development_only(request: HttpRequest) -> None:
    if not selectors.may_see_big_fish(request.user):
        raise PermissionDenied(_("The big fish are the development department's and the owner's."))


@login_required
def big_fish(request: HttpRequest) -> HttpResponse:
    _development_only(request)
    listing = paginate(request, selectors.big_fish(request.user), page_size(request))
    fish = [
        (company, PlanForm(instance=getattr(company, "relationship_plan", None), prefix=company.pk))
        for company in listing["page"].object_list
    ]
    return render(
        request, "care/big_fish.html", {**listing, "fish": fish, "today": timezone.localdate()}
    )


@login_required
@require_POST
def plan_save(request: HttpRequest, pk: int) -> HttpResponse:
    _development_only(request)
    company = get_object_or_404(selectors.big_fish(request.user), pk=pk)
    form = PlanForm(request.POST, prefix=company.pk)
    back = reverse("care:big_fish") + f"#fish-{company.pk}"
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    return act(
        request,
        lambda: services.relationship_plan_save(
            company=company, changes=form.cleaned_data, acting_user=request.user
        ),
        _("Relationship plan saved."),
        back,
    )
