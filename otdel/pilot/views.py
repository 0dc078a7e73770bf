"""The pilots: their list, a new one, its comparison page and its end."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from otdel.refusal import RuleRefused
from otdel.web import act

from . import selectors, services
from .forms import EndForm, PilotForm
from .models import Group


@login_required
def pilot_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_read_pilots(request.user):
        raise PermissionDenied(_("Pilots are read by those who lead people."))
    pilots = selectors.visible_pilots(request.user)[:200]
    return render(
        request,
        "pilot/list.html",
        {"pilots": pilots, "may_run": selectors.may_run_pilots(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pilot_new(request: HttpRequest) -> HttpResponse:
    if not selectors.may_run_pilots(request.user):
        raise PermissionDenied(_("Only the owner and the head of sales start a pilot."))
    form = PilotForm(request.POST or None, candidates=selectors.pilot_candidates())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pilot = services.pilot_start(
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                managers=list(data["managers"]),
                control=list(data["control"]),
                scheme=data["scheme"],
                cap=data["cap"],
                acting_user=request.user,
            )
        except RuleRefused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The pilot is started."))
            return redirect("pilot:detail", pk=pilot.pk)
    return render(request, "pilot/new.html", {"form": form}, status=400 if form.errors else 200)


def _readable(comparison: dict[str, Any] | None) -> dict[str, Any] | None:
    """The comparison (kept as plain JSON) with its days and money as the filters read them."""
    if comparison is None:
        return None
    groups = {
        key: {
            **group,
            "revenue_per_manager": None
            if group["revenue_per_manager"] is None
            else Decimal(group["revenue_per_manager"]),
        }
        for key, group in comparison["groups"].items()
    }
    return {
        **comparison,
        "first": date.fromisoformat(comparison["first"]),
        "last": date.fromisoformat(comparison["last"]),
        "before": [date.fromisoformat(day) for day in comparison["before"]],
        "groups": groups,
    }


@login_required
def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = selectors.access_pilot(request.user, pk)
    members = list(pilot.members.select_related("user"))
    return render(
        request,
        "pilot/detail.html",
        {
            "pilot": pilot,
            "pilot_group": [m for m in members if m.group == Group.PILOT],
            "control_group": [m for m in members if m.group == Group.CONTROL],
            "comparison": _readable(selectors.comparison_of(pilot, timezone.localdate())),
            "events": pilot.events.select_related("author"),
            "may_end": pilot.running and selectors.may_run_pilots(request.user),
            "end_form": EndForm(),
        },
    )


@login_required
@require_POST
def pilot_fix(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = selectors.access_pilot(request.user, pk, for_end=True)
    return act(
        request,
        lambda: services.pilot_fix(
            pilot=pilot, note=request.POST.get("note", ""), acting_user=request.user
        ),
        _("The change is fixed for everyone; the comparison is kept."),
        reverse("pilot:detail", args=[pilot.pk]),
    )


@login_required
@require_POST
def pilot_roll_back(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = selectors.access_pilot(request.user, pk, for_end=True)
    return act(
        request,
        lambda: services.pilot_roll_back(
            pilot=pilot, note=request.POST.get("note", ""), acting_user=request.user
        ),
        _("The change is rolled back; the comparison is kept."),
        reverse("pilot:detail", args=[pilot.pk]),
    )
