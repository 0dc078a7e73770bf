from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from otdel.algorithm.services import RuleRefused
from otdel.web import act
from otdel.widgets import NoLabelSuffix

from . import rules, services
from .models import MONEY_METRICS, Metric, PeriodKind, SalesPlan
from .selectors import (
    may_edit_plans,
    shortfalls,
    visible_lines,
    visible_plan_lines,
)


class PlanCreateForm(NoLabelSuffix, forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    month = forms.DateField(
        label=_("Including the month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    by_day = forms.BooleanField(label=_("Day breakdown (short deals)"), required=False)


class ReopenForm(NoLabelSuffix, forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500)


def _leader(request: HttpRequest) -> None:
    if not request.user.leads_people:
        raise PermissionDenied(_("Plans are set by those who lead people."))


def _editor(request: HttpRequest) -> None:
    if not may_edit_plans(request.user):
        raise PermissionDenied(_("The owner and the head of sales set the plan."))


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    _leader(request)
    if request.method == "POST":
        _editor(request)
        form = PlanCreateForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_create(
                    kind=form.cleaned_data["kind"],
                    day=form.cleaned_data["month"],
                    by_day=form.cleaned_data["by_day"],
                    acting_user=request.user,
                )
            except RuleRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Plan made: set the company's, departments' and "
                        "managers' figures, then approve it."
                    ),
                )
                return redirect("plans:detail", pk=plan.pk)
    else:
        form = PlanCreateForm(
            initial={"kind": PeriodKind.MONTH, "month": timezone.localdate().replace(day=1)}
        )
    plans = SalesPlan.objects.select_related("approved_by")
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "form": form, "may_edit": may_edit_plans(request.user)},
    )


def _cells(post) -> dict[int, dict[str, object]]:
    """The posted cells of a plan table, named "<row id>:<metric>"."""
    cells: dict[int, dict[str, object]] = {}
    for key, value in post.items():
        row, _sep, metric = key.partition(":")
        if row.isdigit() and metric in Metric.values:
            cells.setdefault(int(row), {})[metric] = value
    return cells


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _leader(request)
    plan = get_object_or_404(SalesPlan, pk=pk)
    if request.method == "POST":
        _editor(request)
        amounts = _cells(request.POST)
        return act(
            request,
            lambda: services.plan_set_amounts(plan=plan, amounts=amounts, acting_user=request.user),
            _("Plan saved."),
            request.path,
        )
    lines = visible_lines(plan, request.user)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "lines": lines,
            "metrics": list(Metric),
            "problems": shortfalls(plan) if may_edit_plans(request.user) else [],
            "may_edit": may_edit_plans(request.user) and not plan.is_locked,
            "may_approve": may_edit_plans(request.user),
            "reopen_form": ReopenForm(),
            "events": plan.events.select_related("actor")[:20],
        },
    )


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    plan = get_object_or_404(SalesPlan, pk=pk)
    return act(
        request,
        lambda: services.plan_approve(plan=plan, acting_user=request.user),
        _("Plan approved and locked; the managers' monthly plans follow it."),
        plan_url(plan),
    )


@login_required
@require_POST
def plan_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    plan = get_object_or_404(SalesPlan, pk=pk)
    reason = ReopenForm(request.POST).data.get("reason", "")
    return act(
        request,
        lambda: services.plan_reopen(plan=plan, reason=str(reason), acting_user=request.user),
        _("Plan reopened."),
        plan_url(plan),
    )


@login_required
@require_POST
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    source = get_object_or_404(SalesPlan, pk=pk)
    try:
        plan = services.plan_copy(source=source, acting_user=request.user)
    except RuleRefused as error:
        messages.error(request, str(error))
        return redirect(plan_url(source))
    messages.success(request, _("The next period's plan is made from this one."))
    return redirect(plan_url(plan))


def plan_url(plan: SalesPlan) -> str:
    return reverse("plans:detail", args=[plan.pk])


@login_required
def line_weeks(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    _leader(request)
    line = get_object_or_404(
        visible_plan_lines(request.user).select_related("plan"), pk=line_pk, plan_id=pk
    )
    if request.method == "POST":
        _editor(request)
        if "spread" in request.POST:
            return act(
                request,
                lambda: services.plan_spread_weeks(line=line, acting_user=request.user),
                _("Weeks spread by working days."),
                request.path,
            )
        weeks = _cells(request.POST)
        return act(
            request,
            lambda: services.plan_set_weeks(line=line, weeks=weeks, acting_user=request.user),
            _("Weeks saved."),
            request.path,
        )
    weeks_list = list(line.weeks.all())
    days = []
    if line.plan.by_day:
        for week in weeks_list:
            bucket = rules.Bucket(week.starts_on, week.ends_on)
            split = {
                m.value: dict(
                    rules.spread_over_days(
                        getattr(week, m.value), bucket, whole=m not in MONEY_METRICS
                    )
                )
                for m in Metric
            }
            days += [
                (day, [split[m.value][day] for m in Metric])
                for day in (bucket.working_days or bucket.days)
            ]
    return render(
        request,
        "plans/line_weeks.html",
        {
            "line": line,
            "plan": line.plan,
            "weeks": weeks_list,
            "metrics": list(Metric),
            "days": days,
            "may_edit": may_edit_plans(request.user) and not line.plan.is_locked,
        },
    )
