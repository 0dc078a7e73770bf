from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.algorithm.services import RuleRefused
from otdel.base.models import Company
from otdel.base.selectors import access_company, visible_companies
from otdel.org.selectors import assignable_farmers, led_people
from otdel.web import paginate

from . import selectors
from .rules import CLASSES
from .services import (
    abc_set_by_hand,
    company_handoff,
    company_keep_with_hunter,
    run_handoff,
    segment,
)


def _leader(request: HttpRequest) -> None:
    if not request.user.leads_people:
        raise PermissionDenied(_("For those who lead people."))


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The figures of the clients the user may read; the activities of the people he leads."""
    user = request.user
    current, previous = selectors.last_two_runs()
    moves = selectors.movement(current, previous, user) if current and previous else {}
    classes = ["", *CLASSES]
    since = timezone.now() - timedelta(days=30)
    return render(
        request,
        "segments/report.html",
        {
            "current": current,
            "previous": previous,
            "classes": CLASSES,
            "summary": selectors.run_summaries([current], user)[current.pk] if current else None,
            "matrix": [
                (before, [(now, moves.get((before, now), 0)) for now in classes])
                for before in classes
            ],
            "matrix_head": classes,
            "on_d": selectors.activities_on_d(since, led_people(user)),
            "portrait": selectors.portrait_of_a(visible_companies(user)),
            "may_run": selectors.may_segment_all(user),
        },
    )


@login_required
def moved(request: HttpRequest) -> HttpResponse:
    """The clients behind a cell of the movement table: who went from one class to another
    between the last two segmentations (METHOD 7: growing C to B to A, and who slipped)."""
    was, now = request.GET.get("was", ""), request.GET.get("now", "")
    if {was, now} - {"", *CLASSES} or not (was or now):
        raise Http404
    current, previous = selectors.last_two_runs()
    clients = (
        selectors.moved_clients(current, previous, request.user, was, now)
        if current and previous
        else Company.objects.none()  # a move needs two segmentations
    )
    return render(
        request,
        "segments/moved.html",
        {
            "was": was,
            "now": now,
            "current": current,
            "previous": previous,
            **paginate(request, clients, 50),
        },
    )


@login_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    if not selectors.may_segment_all(request.user):
        raise PermissionDenied(_("The owner and the head of sales run the segmentation."))
    summary = segment(as_of=timezone.localdate(), criteria="all", acting_user=request.user)
    handed = run_handoff()
    messages.success(
        request,
        _("Segmented %(clients)s clients; %(handed)s handed to farmers.")
        % {"clients": summary["clients"], "handed": handed["handed_off"]},
    )
    return redirect("segments:report")


@login_required
@require_POST
def company_override(request: HttpRequest, pk: int) -> HttpResponse:
    """The head's hand on a client: class set by hand, hand-off to a farmer, or kept with
    the hunter; each with its reason, in the company's history."""
    company = access_company(request.user, pk, for_edit=True)
    _leader(request)
    reason = request.POST.get("reason", "").strip()
    action = request.POST.get("action")
    try:
        if not reason:
            raise RuleRefused(_("Say why."))
        if action == "class":
            abc_set_by_hand(
                company=company,
                abc_class=request.POST.get("abc_class", ""),
                reason=reason,
                acting_user=request.user,
            )
        elif action == "handoff":
            chosen = request.POST.get("farmer", "")
            farmers = assignable_farmers(request.user)
            farmer = farmers.filter(pk=chosen).first() if chosen.isdigit() else None
            if farmer is None:
                raise RuleRefused(_("Choose the farmer."))
            company_handoff(company=company, farmer=farmer, acting_user=request.user, reason=reason)
        elif action == "keep":
            company_keep_with_hunter(company=company, reason=reason, acting_user=request.user)
    except RuleRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("base:company_detail", pk=pk)
