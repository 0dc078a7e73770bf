"""Who sees which meetings and calls, the agenda read from the data, and the week's review queue.

A meeting is seen by those who run the whole base, the head of its department, its leader and
its attendees; a recording by whoever may see the call's company (never a public address)."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.algorithm.models import MEETING_KINDS, Activity, ActivityKind, RuleSettings
from otdel.algorithm.selectors import clock_running
from otdel.base.models import Company
from otdel.base.selectors import access_company
from otdel.control.selectors import controlled_managers
from otdel.deals.models import Deal
from otdel.org.models import Department, User
from otdel.org.rules import Scope, may_assign_owners
from otdel.org.selectors import led_departments, led_people, scope_of_user
from otdel.plans.selectors import current_progress
from otdel.reports.selectors import black_hole_deals

from . import rules
from .models import Attendance, CallChecklist, JointMeeting, Meeting

AGENDA_ROWS = 20


def holds_meetings(user: User) -> bool:
    """Department heads hold their departments' meetings; the owner and the head of sales
    anyone's (METHOD 8)."""
    return may_assign_owners(scope_of_user(user))


def holds_whole_company(user: User) -> bool:
    """A meeting of no department is of the whole sales force: for those who run it all."""
    return scope_of_user(user) is Scope.ALL


def meeting_departments(user: User) -> QuerySet[Department]:
    """The departments the user may hold a meeting of."""
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return Department.objects.all()
    if scope is Scope.DEPARTMENT:
        return led_departments(user)
    return Department.objects.none()


def visible_meetings(user: User) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("department", "led_by")
    if not user.is_authenticated or not user.is_active:
        return meetings.none()
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return meetings
    attends = Exists(Attendance.objects.filter(meeting=OuterRef("pk"), person=user))
    mine = Q(led_by=user) | Q(attends)
    if scope is Scope.DEPARTMENT:
        mine |= Q(department__in=led_departments(user))
    return meetings.filter(mine)


def may_change_meeting(user: User, meeting: Meeting) -> bool:
    scope = scope_of_user(user)
    if scope is Scope.ALL or meeting.led_by_id == user.pk:
        return True
    return (
        scope is Scope.DEPARTMENT
        and meeting.department_id is not None
        and led_departments(user).filter(pk=meeting.department_id).exists()
    )


def access_meeting(user: User, pk: int, *, for_edit: bool = False) -> Meeting:
    """The meeting, or 404 when the user may not know it, 403 when he only attends it."""
    meeting = visible_meetings(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting")
    if for_edit and not may_change_meeting(user, meeting):
        raise PermissionDenied(_("Only the meeting's leader and heads change it."))
    return meeting


def meeting_people(leader: User, department: Department | None) -> list[User]:
    """Those the meeting is about and who attend it: the department's managers."""
    managers = controlled_managers(leader)
    if department is None:
        return managers
    return [m for m in managers if m.department_id == department.pk]


def _name(user: User | None) -> str:
    return str(user) if user else ""


def _behind(leader: User, people: list[User], today: date) -> list[dict[str, Any]]:
    ids = {p.pk for p in people}
    _plan, lines = current_progress(leader, today)
    return [
        {
            "manager_id": line.line.user_id,
            "manager": _name(line.line.user),
            "metrics": [
                {"metric": metric, "percent": int(line.metrics[metric].percent_of_pace)}
                for metric in line.behind
            ],
        }
        for line in lines
        if line.line.user_id in ids and line.behind
    ]


def black_hole(people: list[User]) -> QuerySet[Deal]:
    """Open deals between the client's "yes" and the money, as Control and the weekly report
    count them (reports.selectors.black_hole_deals), the longest waiting first."""
    return black_hole_deals(people).order_by("created_at", "pk")


def expiring(people: list[User], today: date, warn_days: int) -> QuerySet[Company]:
    """Companies whose maximum time of active work ends within the warning days (METHOD 4)."""
    return (
        Company.objects.filter(
            clock_running(),
            owner__in=people,
            work_deadline__gte=today,
            work_deadline__lte=today + timedelta(days=warn_days),
        )
        .select_related("owner")
        .order_by("work_deadline", "pk")
    )


def time_on_d(people: list[User], since: date) -> list[dict[str, Any]]:
    """D clients that took the managers' time since the date: done activities per company
    (METHOD 7: time spent on clients not worth it)."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    rows = list(
        Activity.objects.filter(done_at__gte=start, assignee__in=people, company__abc_class="D")
        .values("company", "assignee")
        .annotate(activities=Count("pk"))
        .order_by("-activities", "company")[:AGENDA_ROWS]
    )
    companies = Company.objects.in_bulk([row["company"] for row in rows])
    names = {p.pk: str(p) for p in people}
    return [
        {
            "company_id": row["company"],
            "company": companies[row["company"]].display_name,
            "manager": names.get(row["assignee"], ""),
            "activities": row["activities"],
        }
        for row in rows
    ]


def agenda_for(
    leader: User, department: Department | None, kind: str, today: date
) -> dict[str, Any]:
    """The agenda as the data stand today: who is behind the plan and on what, the black-hole
    deals, the companies whose time runs out, the D clients taking time. Kept as it is, so
    the meeting reads later as it was held."""
    people = meeting_people(leader, department)
    warn_days = RuleSettings.load().warn_days_before
    return {
        "behind": _behind(leader, people, today),
        "black_hole": [
            {
                "deal_id": deal.pk,
                "deal": deal.title,
                "company_id": deal.company_id,
                "company": deal.company.display_name,
                "manager": _name(deal.owner),
                "amount": str(deal.amount),
                "currency": deal.currency,
                "waiting": "payment" if deal.invoiced else "invoice",  # type: ignore[attr-defined]
            }
            for deal in black_hole(people)[:AGENDA_ROWS]
        ],
        "expiring": [
            {
                "company_id": company.pk,
                "company": company.display_name,
                "manager": _name(company.owner),
                "deadline": company.work_deadline.isoformat(),
                "days_left": (company.work_deadline - today).days,
            }
            for company in expiring(people, today, warn_days)[:AGENDA_ROWS]
            if company.work_deadline is not None  # the query asks for one; mypy cannot know
        ],
        "d_clients": time_on_d(people, rules.look_back_from(kind, today)),
    }


def agenda_companies(agenda: dict[str, Any]) -> list[tuple[int, str]]:
    """The companies the agenda names, once each, for a decision's task."""
    seen: dict[int, str] = {}
    for part in ("black_hole", "expiring", "d_clients"):
        for row in agenda.get(part, []):
            seen.setdefault(row["company_id"], row["company"])
    return list(seen.items())


def call_checklist() -> list[str]:
    return CallChecklist.load().item_list


def access_call(user: User, activity_id: int, *, for_edit: bool = False) -> Activity:
    """A call whose company the user may see (404 otherwise; 403 to change a read-only one)."""
    activity = (
        Activity.objects.filter(pk=activity_id, kind=ActivityKind.CALL)
        .select_related("company", "assignee")
        .first()
    )
    if activity is None:
        raise Http404("No such call")
    access_company(user, activity.company_id, for_edit=for_edit)
    return activity


def reviews_of(user: User, activity: Activity) -> bool:
    """Whether the user scores this call: he leads its manager, and it is not his own."""
    return (
        holds_meetings(user)
        and activity.assignee_id != user.pk
        and led_people(user).filter(pk=activity.assignee_id).exists()
    )


def may_flag(user: User, activity: Activity) -> bool:
    return activity.assignee_id == user.pk or reviews_of(user, activity)


def _week_calls(managers: list[User], first: date, last: date) -> QuerySet[Activity]:
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    return Activity.objects.filter(
        kind=ActivityKind.CALL, done_at__gte=start, done_at__lt=end, assignee__in=managers
    )


def review_queue(viewer: User, week: str) -> list[Activity]:
    """The week's calls to review: a seeded draw per manager and the flagged ones, with their
    recording, flag and review."""
    first, last = rules.week_bounds(week)
    managers = [m for m in controlled_managers(viewer) if m.pk != viewer.pk]
    calls = _week_calls(managers, first, last)
    by_manager: dict[int, list[int]] = {}
    for manager_id, call_id in calls.values_list("assignee", "pk"):
        by_manager.setdefault(manager_id, []).append(call_id)
    flagged = calls.filter(review_flag__isnull=False).values_list("pk", flat=True)
    ids = rules.review_queue(rules.review_draw(by_manager, week=week), flagged)
    return list(
        Activity.objects.filter(pk__in=ids)
        .select_related(
            "company",
            "assignee",
            "recording",
            "review_flag",
            "call_review",
            "call_review__reviewer",
        )
        .order_by("assignee__last_name", "assignee", "done_at", "pk")
    )


def my_reviewed_calls(user: User) -> QuerySet[Activity]:
    """The manager's own calls his head scored, the latest first."""
    return (
        Activity.objects.filter(assignee=user, call_review__isnull=False)
        .select_related("company", "call_review", "call_review__reviewer", "recording")
        .order_by("-call_review__reviewed_at", "-pk")
    )


def meetings_to_join(viewer: User, now: datetime) -> QuerySet[Activity]:
    """The managers' client meetings still ahead, which the head may join (METHOD 8)."""
    managers = [m for m in controlled_managers(viewer) if m.pk != viewer.pk]
    return (
        Activity.objects.filter(
            kind__in=MEETING_KINDS, done_at__isnull=True, due_at__gte=now, assignee__in=managers
        )
        .exclude(joint_meetings__head=viewer)
        .select_related("company", "assignee")
        .order_by("due_at", "pk")
    )


def joint_meetings(viewer: User) -> QuerySet[JointMeeting]:
    return JointMeeting.objects.filter(head=viewer).select_related(
        "activity", "activity__company", "activity__assignee"
    )


def access_joint_meeting(user: User, pk: int) -> JointMeeting:
    joint = joint_meetings(user).filter(pk=pk).first()
    if joint is None:
        raise Http404("No such joint meeting")
    return joint
