"""Meetings, a call's recording and review, the head's review queue: thin pages over the
meetings selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from otdel.algorithm.models import Activity
from otdel.base.selectors import access_company, can_edit_company
from otdel.org.selectors import task_assignees
from otdel.plans.models import Metric
from otdel.refusal import RuleRefused
from otdel.web import act

from . import rules, selectors, services
from .forms import DecisionForm, MeetingForm, RecordingForm, ReviewForm


def _meeting_form(request: HttpRequest) -> MeetingForm:
    return MeetingForm(
        request.POST or None,
        departments=selectors.meeting_departments(request.user),
        whole=selectors.holds_whole_company(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings one holds or attends; those who lead managers start a new one here."""
    holds = selectors.holds_meetings(request.user)
    if request.method == "POST" and not holds:
        raise PermissionDenied(_("Only those who lead managers hold meetings."))
    form = _meeting_form(request) if holds else None
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                meeting = services.meeting_create(**form.cleaned_data, acting_user=request.user)
            except RuleRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The meeting is created with its agenda."))
                return redirect("meetings:detail", pk=meeting.pk)
        else:
            messages.error(request, _("Check the meeting's kind, date and department."))
        return redirect("meetings:list")
    return render(
        request,
        "meetings/list.html",
        {"meetings": selectors.visible_meetings(request.user)[:100], "form": form},
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, pk)
    may_change = selectors.may_change_meeting(request.user, meeting)
    companies = selectors.agenda_companies(meeting.agenda)
    decision_form = None
    if may_change and companies:
        decision_form = DecisionForm(
            companies=companies, owners=task_assignees(request.user), initial={}
        )
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda,
            "metric_labels": dict(Metric.choices),
            "attendance": meeting.attendance.select_related("person"),
            "decisions": meeting.decisions.select_related(
                "task", "task__assignee", "task__company"
            ),
            "may_change": may_change,
            "decision_form": decision_form,
        },
    )


@login_required
@require_POST
def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, pk, for_edit=True)
    present = [int(p) for p in request.POST.getlist("present") if p.isdigit()]
    return act(
        request,
        lambda: services.meeting_update(
            meeting=meeting,
            notes=request.POST.get("notes", ""),
            present=present,
            held="held" in request.POST,
            acting_user=request.user,
        ),
        _("The meeting is saved."),
        reverse("meetings:detail", args=[meeting.pk]),
    )


@login_required
@require_POST
def meeting_decide(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, pk, for_edit=True)
    back = reverse("meetings:detail", args=[meeting.pk])
    form = DecisionForm(
        request.POST,
        companies=selectors.agenda_companies(meeting.agenda),
        owners=task_assignees(request.user),
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
        return redirect(back)
    data = form.cleaned_data
    company = access_company(request.user, data["company"])
    return act(
        request,
        lambda: services.meeting_decide(
            meeting=meeting,
            text=data["text"],
            company=company,
            owner=data["owner"],
            due_on=data["due_on"],
            acting_user=request.user,
        ),
        _("The decision is a task in its owner's work."),
        back,
    )


def _week(request: HttpRequest) -> str:
    week = request.GET.get("week") or rules.week_of(timezone.localdate())
    try:
        rules.week_bounds(week)
    except ValueError:
        raise Http404("No such week") from None
    return week


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    """The head's week of review: the drawn and flagged calls, the meetings he may join. A
    manager sees his own calls his head scored."""
    if not selectors.holds_meetings(request.user):
        return render(
            request,
            "meetings/my_reviews.html",
            {"calls": selectors.my_reviewed_calls(request.user)[:100]},
        )
    week = _week(request)
    first, _last = rules.week_bounds(week)
    return render(
        request,
        "meetings/reviews.html",
        {
            "week": week,
            "first": first,
            "previous": rules.week_of(first - timezone.timedelta(days=7)),
            "next": rules.week_of(first + timezone.timedelta(days=7)),
            "calls": selectors.review_queue(request.user, week),
            "to_join": selectors.meetings_to_join(request.user, timezone.now())[:50],
            "joint": selectors.joint_meetings(request.user).order_by("-activity__due_at")[:50],
            "per_manager": rules.CALLS_PER_MANAGER,
        },
    )


def _recording_of(call: Activity):
    return getattr(call, "recording", None)


@login_required
@require_http_methods(["GET", "POST"])
def recording(request: HttpRequest, pk: int) -> HttpResponse:
    """A call with its recording (to upload, to hear) and its review."""
    call = selectors.access_call(request.user, pk, for_edit=request.method == "POST")
    if request.method == "POST":
        form = RecordingForm(request.POST, request.FILES)
        if form.is_valid():
            return act(
                request,
                lambda: services.recording_save(
                    call=call,
                    upload=form.cleaned_data["file"],
                    link=form.cleaned_data["link"] or "",
                    acting_user=request.user,
                ),
                _("The recording is attached to the call."),
                reverse("meetings:recording", args=[call.pk]),
            )
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("meetings:recording", pk=call.pk)
    review = getattr(call, "call_review", None)
    reviews = selectors.reviews_of(request.user, call)
    checklist = selectors.call_checklist()
    return render(
        request,
        "meetings/recording.html",
        {
            "call": call,
            "recording": _recording_of(call),
            "review": review,
            "flagged": hasattr(call, "review_flag"),
            "may_upload": can_edit_company(request.user, call.company),
            "may_flag": selectors.may_flag(request.user, call),
            "may_review": reviews,
            "checklist": [
                (item, review.checks.get(item, False) if review else False) for item in checklist
            ],
            "review_form": ReviewForm(initial={"comment": review.comment if review else ""}),
            "recording_form": RecordingForm(),
        },
    )


@login_required
def recording_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The recording's audio, to those who may see the call's company only; a link leads on."""
    call = selectors.access_call(request.user, pk)
    kept = _recording_of(call)
    if kept is None:
        raise Http404("No recording")
    if not kept.file:
        return redirect(kept.link)
    return FileResponse(
        kept.file.open("rb"), content_type=kept.content_type or "application/octet-stream"
    )


@login_required
@require_POST
def call_flag(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.access_call(request.user, pk)
    return act(
        request,
        lambda: services.call_flag(call=call, acting_user=request.user),
        _("The call is in the head's review queue."),
        reverse("meetings:recording", args=[call.pk]),
    )


@login_required
@require_POST
def call_review(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.access_call(request.user, pk)
    if not selectors.holds_meetings(request.user):
        raise PermissionDenied(_("Only those who lead managers review calls."))
    return act(
        request,
        lambda: services.call_review_save(
            call=call,
            ticked=request.POST.getlist("item"),
            comment=request.POST.get("comment", ""),
            acting_user=request.user,
        ),
        _("The call is scored; the manager sees the comment."),
        reverse("meetings:recording", args=[call.pk]),
    )


@login_required
@require_POST
def joint_plan(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Activity.objects.select_related("company"), pk=pk)
    access_company(request.user, meeting.company_id)
    if not selectors.holds_meetings(request.user):
        raise PermissionDenied(_("Only those who lead managers join their meetings."))
    return act(
        request,
        lambda: services.joint_meeting_plan(meeting=meeting, acting_user=request.user),
        _("You go to this meeting with the manager."),
        reverse("meetings:reviews"),
    )


@login_required
@require_POST
def joint_attended(request: HttpRequest, pk: int) -> HttpResponse:
    joint = selectors.access_joint_meeting(request.user, pk)
    return act(
        request,
        lambda: services.joint_meeting_attended(joint=joint, acting_user=request.user),
        _("The joint meeting is marked attended."),
        reverse("meetings:reviews"),
    )
