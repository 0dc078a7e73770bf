from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.base.models import Company
from otdel.base.selectors import access_company, visible_companies
from otdel.billing.selectors import overdue_invoices
from otdel.org.models import Position, User
from otdel.org.rules import Scope, may_assign_owners
from otdel.org.selectors import assignable_owners, scope_of_user, task_assignees
from otdel.plans.selectors import current_progress, own_progress

from . import config, rules, selectors, services
from .forms import ActivityForm, AssignForm, CompleteForm, TriageForm
from .models import Activity, PlaybookStep, RuleSettings
from .services import RuleRefused


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else fallback


def _working_rows(user: User, today) -> list[Company]:
    """The working list with days left and next step; at most the cap in rows, one query."""
    companies = list(
        selectors.with_next_step(selectors.working_list(user))
        .select_related("category")
        .order_by("work_deadline", "pk")
    )
    algorithm = config.current()
    for company in companies:
        company.days_left = algorithm.days_left(company, today)
    return companies


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Those who lead people start from the control page, managers from their work."""
    return redirect("algorithm:control" if request.user.leads_people else "algorithm:my_work")


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """The manager's day: his working list against the cap, what to triage, what is due."""
    settings = RuleSettings.load()
    today = timezone.localdate()
    now = timezone.now()
    user = request.user
    return render(
        request,
        "algorithm/my_work.html",
        {
            "size": selectors.working_list_size(user),
            "cap": selectors.cap_of(user, settings),
            "blocked_since": selectors.blocks_claims_since(user, today, settings),
            "triage": selectors.triage_queue(user).order_by("triage_since", "pk"),
            "companies": _working_rows(user, today),
            "activities": selectors.open_activities(user).filter(
                Q(due_at__isnull=True) | Q(due_at__lt=now + timezone.timedelta(days=1))
            )[:100],
            "triage_form": TriageForm(),
            "overdue_payments": overdue_invoices(user, today).filter(deal__owner=user)[:50],
            "plan_line": own_progress(user, today)[1],
            "today": today,
            "now": now,
            "warn_days": settings.warn_days_before,
        },
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The kanban of the working list by state; a drop asks the server, which may refuse."""
    algorithm = config.current()
    companies = (
        Company.objects.filter(owner=request.user, section="", state__in=algorithm.board)
        .order_by("work_deadline", "pk")
        .only("pk", "legal_name", "short_name", "state", "work_deadline", "triage_since")
    )
    columns: dict[str, list[Company]] = {state: [] for state in algorithm.board}
    for company in companies:
        columns[company.state].append(company)
    return render(
        request,
        "algorithm/board.html",
        {
            "columns": [(algorithm.stage(s), columns[s]) for s in algorithm.board],
            "today": timezone.localdate(),
        },
    )


def _refused(request: HttpRequest, error: RuleRefused, status: int = 409) -> HttpResponse:
    if request.headers.get("HX-Request") or request.headers.get("Accept") == "application/json":
        return JsonResponse({"detail": str(error)}, status=status)
    messages.error(request, str(error))
    return redirect(_back(request, "/work/"))


@login_required
@require_POST
def company_claim(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk)
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
        services.company_move(company=company, state=request.POST.get("state", ""),
                              acting_user=request.user)  # fmt: skip
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
        messages.error(request, " ".join(str(e) for e in form.errors.values()))
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
        services.company_assign(company=company, manager=form.cleaned_data["manager"],
                                acting_user=request.user, reason=form.cleaned_data["reason"])  # fmt: skip
    except RuleRefused as error:
        return _refused(request, error)
    messages.success(
        request, _("Assigned to %(manager)s.") % {"manager": form.cleaned_data["manager"]}
    )
    return redirect(_back(request, "/control/"))


@login_required
def control(request: HttpRequest) -> HttpResponse:
    """The head's daily control: who is blocked, what waits for reassignment, what is overdue."""
    _require_lead(request.user)
    settings = RuleSettings.load()
    today = timezone.localdate()
    managers = list(
        assignable_owners(request.user)
        .filter(department__isnull=False)
        .exclude(position__in=[Position.OWNER, Position.HEAD_OF_SALES, Position.DEPARTMENT_HEAD])
        .order_by("department__name", "last_name", "pk")
    )
    # One grouped query over the companies in work (a small part of the base), not a join of
    # every manager with every company he ever owned.
    stats = {
        row["owner"]: row
        for row in Company.objects.filter(
            section="", state__in=config.current().working, owner__in=managers
        )
        .values("owner")
        .annotate(
            in_work=Count("pk"),
            to_triage=Count("pk", filter=Q(triage_since__isnull=False)),
            oldest_triage=Min("triage_since"),
            no_next_step=Count(
                "pk",
                filter=~Q(
                    Exists(Activity.objects.filter(company=OuterRef("pk"), done_at__isnull=True))
                ),
            ),
        )
    }
    blocked_cutoff = rules.triage_block_date(today, settings.triage_grace_days)
    load = []
    for manager in managers:
        row = stats.get(manager.pk, {})
        oldest = row.get("oldest_triage")
        load.append((manager, row.get("in_work", 0), selectors.cap_of(manager, settings),
                     row.get("to_triage", 0), oldest is not None and oldest < blocked_cutoff,
                     row.get("no_next_step", 0)))  # fmt: skip
    candidates = [
        rules.Candidate(
            user_id=m.pk, department_id=m.department_id, working_list_size=size, cap=cap
        )
        for m, size, cap, *_rest in load
    ]
    queue = list(selectors.reassignment_queue(request.user)[:200])
    for company in queue:
        company.suggested_id = rules.suggest_new_owner(
            candidates,
            department_id=company.owner.department_id,
            excluded_user_ids=[company.owner_id],
        )
    return render(
        request,
        "algorithm/control.html",
        {
            "load": load,
            "queue": queue,
            "managers": [m for m, *_rest in load],
            "overdue": selectors.overdue_activities(timezone.now(), users=managers)[:200],
            "awaiting_triage": selectors.awaiting_triage(request.user)[:200],
            "call_round": selectors.call_round_list(request.user)[:200],
            "plan_progress": current_progress(request.user, today),
        },
    )


@login_required
def call_round(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "algorithm/call_round.html",
        {"companies": selectors.call_round_list(request.user)[:500]},
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
            next_step=form.next_step(
                company=activity.company, assignee=activity.company.owner or request.user
            ),  # fmt: skip
        )
    except RuleRefused as error:
        return _refused(request, error)
    messages.success(request, _("Done: %(activity)s.") % {"activity": activity})
    return redirect(_back(request, f"/companies/{activity.company_id}/"))


def company_panel_context(user: User, company: Company) -> dict:
    """What the company card shows of the algorithm: clock, moves, claim, activities."""
    today = timezone.localdate()
    algorithm = config.current()
    in_my_work = company.owner_id == user.pk and company.section == "" and (
        company.state in algorithm.working
    )  # fmt: skip
    days_left = algorithm.days_left(company, today)
    return {
        "today": today,
        "now": timezone.now(),
        "in_my_work": in_my_work,
        "days_left": days_left,
        "days_over": -days_left if days_left is not None and days_left < 0 else None,
        "can_claim": services.claimable_by(company, user),
        "moves": [algorithm.stage(s) for s in algorithm.moves.get(company.state, ())],
        "playbook": PlaybookStep.objects.filter(state=company.state).first(),
        "activities": company.activities.select_related("assignee").order_by("done_at", "due_at"),
        "activity_form": ActivityForm(
            assignees=task_assignees(user, company_owner_id=company.owner_id)
        ),
        "meeting_checklist": RuleSettings.load().meeting_checklist_items,
        "can_plan": selectors.may_plan_activities(user, company),
        "complete_form": CompleteForm(),
        "triage_form": TriageForm(),
        "assign_form": AssignForm(managers=assignable_owners(user))
        if scope_of_user(user) in (Scope.ALL, Scope.DEPARTMENT)
        else None,
    }


@login_required
@require_POST
def activity_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable_activity(request, pk)
    services.activity_prepare(activity=activity, done_items=request.POST.getlist("item"))
    return redirect(_back(request, f"/companies/{activity.company_id}/"))
