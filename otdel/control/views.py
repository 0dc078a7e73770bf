"""Home, My work, the board, the call-round, Control and plan against fact by week: pages that
only read, through otdel/control/selectors.py and the selectors of the apps they show."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from otdel.algorithm import selectors as algorithm_selectors
from otdel.algorithm.forms import TriageForm
from otdel.algorithm.models import RuleSettings
from otdel.base.selectors import search_companies, search_contacts, visible_companies
from otdel.billing.selectors import overdue_invoices
from otdel.charts import grouped_bars, shares
from otdel.clients import selectors as clients_selectors
from otdel.deals.selectors import search_deals
from otdel.exports import xlsx_response
from otdel.org.rules import may_assign_owners
from otdel.org.selectors import scope_of_user
from otdel.plans import rules as plan_rules
from otdel.plans.models import Metric, SalesPlan
from otdel.plans.selectors import (
    LineProgress,
    own_progress,
    plan_progress,
    visible_lines,
)
from otdel.refusal import RuleRefused
from otdel.web import page_parts, paginate

from . import rules, selectors, services
from .filtersets import BoardFilter
from .forms import ReviewForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Those who lead people start from the control page, managers from their work."""
    return redirect("control:control" if request.user.leads_people else "control:my_work")


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """The manager's day: his working list against the cap, what to triage, what is due."""
    settings = RuleSettings.load()
    today = timezone.localdate()
    now = timezone.now()
    user = request.user
    return render(
        request,
        "control/my_work.html",
        {
            "size": algorithm_selectors.working_list_size(user),
            "cap": algorithm_selectors.cap_of(user, settings),
            "blocked_since": algorithm_selectors.blocks_claims_since(user, today, settings),
            "triage": algorithm_selectors.triage_queue(user).order_by("triage_since", "pk"),
            "companies": selectors.working_rows(user, today),
            "activities": selectors.due_soon(algorithm_selectors.open_activities(user), now)[:100],
            "triage_form": TriageForm(),
            "overdue_payments": overdue_invoices(user, today).filter(deal__owner=user)[:50],
            "plan_line": own_progress(user, today)[1],
            "clients": clients_selectors.my_clients(user, today),
            "today": today,
            "now": now,
            "warn_days": settings.warn_days_before,
            "work_parts": page_parts("my_work", request),
        },
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The kanban of a working list by state, filtered; a drop asks the server, which may
    refuse."""
    board = BoardFilter(request.GET, request=request)
    columns = selectors.board_columns(board.qs, board.form.cleaned_data.get("state") or "")
    return render(
        request,
        "control/board.html",
        {"columns": columns, "filter": board, "today": timezone.localdate()},
    )


@login_required
def call_round(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "control/call_round.html",
        {"companies": algorithm_selectors.call_round_list(request.user)[:500]},
    )


REASSIGNMENT_PAGE = 25


@login_required
def control(request: HttpRequest) -> HttpResponse:
    """The head's control in a minute: a line per manager of his team, worst first, each figure
    a link to the list behind it; the companies due for reassignment by page; the panels of
    other apps (otdel/web.py: register_part)."""
    if not may_assign_owners(scope_of_user(request.user)):
        raise PermissionDenied(_("Only those who lead managers see this page."))
    today = timezone.localdate()
    managers = selectors.controlled_managers(request.user)
    rows = selectors.control_rows(request.user, managers, today)
    queue = paginate(
        request, algorithm_selectors.reassignment_queue(request.user), REASSIGNMENT_PAGE
    )
    page = queue["page"]
    page.object_list = selectors.reassignment_with_suggestions(
        request.user, rows, list(page.object_list)
    )
    return render(
        request,
        "control/control.html",
        {
            **queue,
            "rows": rows,
            "queue": page.object_list,
            "managers": managers,
            "control_parts": page_parts("control", request, managers),
            "plan": rows and next((r.plan_line for r in rows if r.plan_line), None),
        },
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager's working-list review: what the head reads and marks done with a comment; the
    manager reads his own, with every review done before."""
    manager, may_review = selectors.access_review(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied(_("Only the head of your team reviews your working list."))
        if form.is_valid():
            try:
                services.review_complete(
                    manager=manager,
                    comment=form.cleaned_data["comment"],
                    acting_user=request.user,
                )
            except RuleRefused as error:
                form.add_error("comment" if error.field else None, str(error))
            else:
                messages.success(request, gettext("The review is marked done."))
                return redirect("control:review", pk=manager.pk)
    found = selectors.review_of(manager, timezone.localdate())
    return render(
        request,
        "control/review.html",
        {
            "review": found,
            "incomplete": found.incomplete,
            "may_review": may_review,
            "form": form,
            "repeat_days": rules.REPEAT_MEETING_DAYS,
            "review_days": selectors.REVIEW_DAYS,
        },
    )


def _week_label(bucket: plan_rules.Bucket) -> str:
    return f"{bucket.first:%d.%m}"


@login_required
def plan_facts(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan and fact by week for the company, each department and each manager, with the
    forecast, who is behind, and the charts."""
    plan = get_object_or_404(SalesPlan, pk=pk)
    metric = request.GET.get("metric", Metric.REVENUE)
    metric = metric if metric in Metric.values else Metric.REVENUE
    lines = visible_lines(plan, request.user)
    if not lines:
        raise PermissionDenied(_("This plan has no line of yours."))
    today = timezone.localdate()
    report = plan_progress(plan, today, lines=lines)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"plan-fact-{plan.starts_on:%Y-%m-%d}-{plan.kind}", FACTS_HEADER, facts_rows(report)
        )
    chosen = next((r for r in report if str(r.line.pk) == request.GET.get("line")), report[0])
    weeks = [bucket for bucket, _cells in chosen.weeks]
    chart = grouped_bars(
        [_week_label(b) for b in weeks],
        [
            (pgettext("amount", "Plan"), "plan", [cells[metric][0] for _b, cells in chosen.weeks]),
            (gettext("Fact"), "fact", [cells[metric][1] for _b, cells in chosen.weeks]),
        ],
    )
    managers = [r for r in report if r.line.level == "manager"]
    if chosen.line.user_id:
        members = [chosen.line.user_id]
    else:
        members = [
            r.line.user_id
            for r in managers
            if chosen.line.level == "company" or r.line.department_id == chosen.line.department_id
        ]
    user_ids = None if chosen.line.level == "company" else members
    return render(
        request,
        "control/plan_facts.html",
        {
            "plan": plan,
            "report": report,
            "metric": metric,
            "metric_label": Metric(metric).label,
            "metrics": list(Metric),
            "chosen": chosen,
            "chart": chart,
            "rows": [
                (r, r.metrics[metric], [cells[metric] for _b, cells in r.weeks]) for r in report
            ],
            "weeks": weeks,
            "per_manager": _per_manager(managers, metric),
            "funnel": shares(selectors.companies_by_state(user_ids)),
        },
    )


FACTS_HEADER = (
    "line",
    "department",
    "login",
    "metric",
    "plan",
    "by today",
    "fact",
    "% of the pace",
    "this week plan",
    "this week fact",
    "forecast",
    "with pipeline",
    "behind",
)


def facts_rows(report: list[LineProgress]) -> list[tuple[object, ...]]:
    """Plan and fact, a row per line and metric, for a spreadsheet."""
    return [
        (
            str(r.line),
            str(r.line.department or ""),
            r.line.user.username if r.line.user else "",
            str(Metric(metric).label),
            p.plan,
            p.expected,
            p.fact,
            p.percent_of_pace,
            p.week_plan,
            p.week_fact,
            p.run_rate,
            p.with_pipeline,
            p.behind,
        )
        for r in report
        for metric, p in r.metrics.items()
    ]


def _per_manager(managers: list[LineProgress], metric: str) -> list[tuple[object, Any, int]]:
    """Each manager's fact as a share of what his plan asks for by today."""
    return [
        (r.line, r.metrics[metric], min(int(r.metrics[metric].percent_of_pace), 150))
        for r in managers
    ]


SEARCH_ROWS = 20


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The header's search: companies, contacts and deals the user may see, the first of each."""
    query = request.GET.get("q", "").strip()
    found: dict[str, Any] = {"companies": [], "contacts": [], "deals": []}
    if query:
        found = {
            "companies": search_companies(visible_companies(request.user), query).select_related(
                "owner"
            )[:SEARCH_ROWS],
            "contacts": search_contacts(request.user, query).order_by("full_name", "pk")[
                :SEARCH_ROWS
            ],
            "deals": search_deals(request.user, query)[:SEARCH_ROWS],
        }
    return render(request, "control/search.html", {"q": query, "rows": SEARCH_ROWS, **found})
