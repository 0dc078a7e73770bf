from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from otdel.base.forms import CompanyForm
from otdel.base.models import Company
from otdel.base.selectors import access_company, visible_companies
from otdel.org.models import User
from otdel.org.rules import may_assign_owners
from otdel.org.selectors import assignable_owners, scope_of_user, task_assignees

from . import selectors, services
from .forms import (
    BULK_LABELS,
    ActivityForm,
    AssignForm,
    BulkForm,
    CallLogForm,
    CompleteForm,
    TriageForm,
)
from .models import Activity
from .services import RuleRefused


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else fallback


def _refused(
    request: HttpRequest, error: RuleRefused, status: int = 409, *, back: str = ""
) -> HttpResponse:
    """The refusal as JSON to a script, else as a message on the page the form asked for (or
    on `back`, when that page is no longer the user's to see)."""
    if request.headers.get("HX-Request") or request.headers.get("Accept") == "application/json":
        return JsonResponse({"detail": str(error)}, status=status)
    messages.error(request, str(error))
    return redirect(back or _back(request, "/work/"))


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request: HttpRequest) -> HttpResponse:
    """A company typed in by hand enters like a claim (services.company_create_by_hand)."""
    form = CompanyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        placement = services.company_create_by_hand(
            company=form.save(commit=False),
            acting_user=request.user,
            owner=form.cleaned_data.get("owner"),
            phones=form.cleaned_data["phones"],
            emails=form.cleaned_data["emails"],
            product_groups=form.cleaned_data["product_groups"],
        )
        if placement.placed == services.Placed.WORKING_LIST:
            messages.success(
                request,
                _("Company created, in the working list of %(owner)s.")
                % {"owner": placement.company.owner},
            )
        elif placement.note:
            messages.warning(
                request, _("Company created in “to call”: %(why)s") % {"why": placement.note}
            )
        else:
            messages.success(request, _("Company created in “to call”."))
        return redirect("base:company_detail", pk=placement.company.pk)
    return render(request, "base/company_form.html", {"form": form})


# How long after another manager took a company a claim of it is told so (a list seen that long
# ago may still show it free).
JUST_TAKEN = timedelta(hours=1)


@login_required
@require_POST
def company_claim(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        company = access_company(request.user, pk)
    except Http404:
        # Free a moment ago in his list, taken by another since: he is told so, not "not found",
        # and sent to his work (the card is no longer his to see). A company owned for longer
        # stays unknown to him.
        recently = timezone.now() - JUST_TAKEN
        if Company.objects.filter(pk=pk, owner__isnull=False, owned_since__gte=recently).exists():
            return _refused(
                request,
                RuleRefused(_("Another manager has just taken this company.")),
                back=reverse("control:my_work"),
            )
        raise
    try:
        services.company_claim(company=company, manager=request.user)
    except RuleRefused as error:
        return _refused(request, error)
    messages.success(request, _("The company is in your working list."))
    return redirect(_back(request, f"/companies/{company.pk}/"))


@login_required
@require_POST
def company_move(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk, for_edit=True)
    try:
        services.company_move(
            company=company, state=request.POST.get("state", ""), acting_user=request.user
        )
    except RuleRefused as error:
        return _refused(request, error)
    if request.headers.get("HX-Request"):
        return JsonResponse({"state": request.POST["state"]})
    return redirect(_back(request, f"/companies/{company.pk}/"))


@login_required
@require_POST
def company_triage(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk, for_edit=True)
    form = TriageForm(request.POST)
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"{company}: {problems}")
        return redirect(_back(request, "/work/"))
    try:
        services.company_triage(
            company=company, acting_user=request.user, **form.service_arguments()
        )
    except RuleRefused as error:
        return _refused(request, error)
    messages.success(request, _("Triaged: %(company)s.") % {"company": company})
    return redirect(_back(request, "/work/"))


def _require_lead(user: User) -> None:
    if not may_assign_owners(scope_of_user(user)):
        raise PermissionDenied(_("Only those who lead managers see this page."))


@login_required
@require_POST
def company_assign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_lead(request.user)
    company = access_company(request.user, pk, for_edit=True)
    form = AssignForm(request.POST, managers=assignable_owners(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a manager you lead."))
        return redirect(_back(request, "/control/"))
    try:
        services.company_assign(
            company=company,
            manager=form.cleaned_data["manager"],
            acting_user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except RuleRefused as error:
        return _refused(request, error)
    messages.success(
        request, _("Assigned to %(manager)s.") % {"manager": form.cleaned_data["manager"]}
    )
    return redirect(_back(request, "/control/"))


@login_required
@require_POST
def companies_bulk(request: HttpRequest) -> HttpResponse:
    """The company list's action bar: each ticked row through the one-by-one service; the page
    reports which rows were done and which were refused, and why."""
    back = _back(request, "/companies/")
    form = BulkForm(request.POST, user=request.user)
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, problems)
        return redirect(back)
    try:
        results = services.companies_bulk(acting_user=request.user, **form.bulk_arguments())
    except RuleRefused as error:
        raise PermissionDenied(str(error)) from error
    done = [row for row in results if row.done]
    refused = [row for row in results if not row.done]
    return render(
        request,
        "algorithm/bulk_result.html",
        {
            "action": BULK_LABELS[form.cleaned_data["action"]],
            "done": done,
            "refused": refused,
            "back": back,
        },
    )


@login_required
@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk)
    if not selectors.may_plan_activities(request.user, company):
        raise PermissionDenied(_("This company is read-only for you."))
    form = ActivityForm(
        request.POST, assignees=task_assignees(request.user, company_owner_id=company.owner_id)
    )
    card = f"/companies/{company.pk}/"
    if not form.is_valid():
        labels = {name: f"{field.label}: " for name, field in form.fields.items()}
        messages.error(
            request,
            " ".join(
                labels.get(name, "") + str(error)
                for name, errors in form.errors.items()
                for error in errors
            ),
        )
        return redirect(card)
    data = form.cleaned_data
    try:
        activity = services.activity_plan(
            company=company,
            kind=data["kind"],
            subject=data["subject"],
            due_at=data["due_at"],
            assignee=data["assignee"],
            acting_user=request.user,
        )
    except RuleRefused as error:
        messages.error(request, str(error))
        return redirect(card)
    messages.success(request, _("Planned: %(activity)s.") % {"activity": activity})
    return redirect(card)


def _editable_activity(request: HttpRequest, pk: int) -> Activity:
    """An activity of a company the user may change: 404 when he may not read the company,
    403 when he may only read it."""
    activity = get_object_or_404(
        Activity.objects.select_related("company", "company__owner"),
        pk=pk,
        company__in=visible_companies(request.user),
    )
    access_company(request.user, activity.company_id, for_edit=True)
    return activity


@login_required
@require_POST
def activity_complete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable_activity(request, pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_back(request, f"/companies/{activity.company_id}/"))
    try:
        services.activity_complete(
            activity=activity,
            result=form.cleaned_data["result"],
            acting_user=request.user,
            next_step=form.next_step(company=activity.company),
        )
    except RuleRefused as error:
        return _refused(request, error)
    messages.success(request, _("Done: %(activity)s.") % {"activity": activity})
    return redirect(_back(request, f"/companies/{activity.company_id}/"))


@login_required
@require_POST
def activity_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable_activity(request, pk)
    services.activity_prepare(activity=activity, done_items=request.POST.getlist("item"))
    return redirect(_back(request, f"/companies/{activity.company_id}/"))


@login_required
@require_POST
def stage_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk, for_edit=True)
    services.stage_checklist_tick(
        company=company, done_items=request.POST.getlist("item"), acting_user=request.user
    )
    return redirect(_back(request, f"/companies/{company.pk}/"))


@login_required
@require_http_methods(["GET", "POST"])
def call_log(request: HttpRequest, pk: int) -> HttpResponse:
    """A call in one form (services.call_log). Opened in a dialog or panel by htmx, or as its
    own page without JavaScript; a refused call comes back with everything typed, the message
    beside the field it is about."""
    company = access_company(request.user, pk, for_edit=True)
    back = _back(request, f"/companies/{company.pk}/")
    htmx = bool(request.headers.get("HX-Request"))
    form = CallLogForm(request.POST or None, company=company)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.call_log(
                    company=company, acting_user=request.user, **form.service_arguments()
                )
            except RuleRefused as error:
                form.refuse(error)
                status = 409
            else:
                messages.success(request, _("Call logged: %(company)s.") % {"company": company})
                if htmx:
                    return HttpResponse(headers={"HX-Redirect": back})
                return redirect(back)
    context = {"company": company, "form": form, "back": back}
    if htmx:
        # htmx swaps only successful answers: the form with its errors comes back as one.
        return render(request, "algorithm/_call_log_form.html", context)
    return render(request, "algorithm/call_log.html", context, status=status)
