"""Which pilots a leader reads, and a pilot's comparison: the pilot group against the control
group over the pilot's days, and against its own period of the same length before. The funnel
is the reports' own (the companies' history of states cut into spans); a fixed number of
queries whatever the number of managers, companies and days."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils.translation import gettext as _

from otdel import days
from otdel.algorithm.models import MEETING_KINDS, Activity, ActivityKind
from otdel.billing.models import Payment
from otdel.org.models import User
from otdel.org.rules import SELLING_POSITIONS, Scope
from otdel.org.selectors import assignable_owners, scope_of_user
from otdel.pay.models import PayAssignment
from otdel.reports import rules as report_rules
from otdel.reports.selectors import Cohort, period_spans

from . import rules
from .models import Group, Pilot, PilotMember

# The groups of the comparison, in the order of its columns.
GROUPS = ("pilot", "control", "before")
# The activities a manager's week is counted by: calls and meetings, as the plans count them.
COUNTED_KINDS = (ActivityKind.CALL, *MEETING_KINDS)


def may_read_pilots(user: User) -> bool:
    return user.is_authenticated and user.leads_people


def may_run_pilots(user: User) -> bool:
    """Starting and ending a pilot changes settings: the owner and the head of sales."""
    return user.is_authenticated and user.configures


def visible_pilots(user: User) -> QuerySet[Pilot]:
    """The whole base's leaders read every pilot; a department head those of his managers."""
    pilots = Pilot.objects.select_related("created_by", "scheme")
    if not may_read_pilots(user):
        return pilots.none()
    if scope_of_user(user) is Scope.ALL:
        return pilots
    mine = assignable_owners(user).values("pk")
    return pilots.filter(
        pk__in=PilotMember.objects.filter(group=Group.PILOT, user__in=mine).values("pilot")
    )


def access_pilot(user: User, pk: int, *, for_end: bool = False) -> Pilot:
    """The pilot, 403 to who may not read (or end) pilots, 404 when he may not know it."""
    if not (may_run_pilots(user) if for_end else may_read_pilots(user)):
        raise PermissionDenied(_("Pilots are read by those who lead people, run by the head."))
    try:
        return visible_pilots(user).get(pk=pk)
    except Pilot.DoesNotExist:
        raise Http404("No such pilot") from None


def pilot_candidates() -> QuerySet[User]:
    """Who may be in a pilot or its control group: the active sellers."""
    return User.objects.filter(is_active=True, position__in=SELLING_POSITIONS).select_related(
        "department"
    )


def default_control(pilot_managers: list[User]) -> list[User]:
    """The other sellers of the pilot managers' positions."""
    positions = {m.position for m in pilot_managers}
    return list(
        pilot_candidates()
        .filter(position__in=positions)
        .exclude(pk__in=[m.pk for m in pilot_managers])
    )


def scheme_on(users: list[User], day: date) -> dict[int, int]:
    """The pay scheme each of the users is paid by on the day."""
    found: dict[int, int] = {}
    for assignment in PayAssignment.objects.filter(user__in=users, since__lte=day).order_by(
        "user", "since"
    ):
        found[assignment.user_id] = assignment.scheme_id
    return found


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def comparison(pilot: Pilot, today: date) -> dict[str, Any] | None:
    """The pilot's figures over its days so far (all of them once it ended), as plain data to
    keep on the pilot; None before it starts."""
    first = pilot.starts_on
    last = min(pilot.ends_on, today)
    if last < first:
        return None
    before_first, before_last = report_rules.previous_period(first, last)
    length = rules.length_in_days(first, last)
    members = list(pilot.members.select_related("user"))
    group_of = {m.user_id: m.group for m in members}
    ids: dict[str, list[int]] = {
        group: [m.user_id for m in members if m.group == group] for group in Group.values
    }
    names = {group: [str(m.user) for m in members if m.group == group] for group in Group.values}
    managers = {
        "pilot": len(ids["pilot"]),
        "control": len(ids["control"]),
        "before": len(ids["pilot"]),
    }

    # The funnel: the spans of the companies of both groups in the pilot's days, and of the
    # pilot group's companies in the days before (two queries each).
    now = period_spans(Cohort(list(group_of)), first, last)
    earlier = period_spans(Cohort(ids["pilot"]), before_first, before_last)
    rows = {
        "pilot": now.rows(ids["pilot"]),
        "control": now.rows(ids["control"]),
        "before": earlier.rows(),
    }

    # Activities done and money received, the pilot's days and the days before: one query each.
    start, end = days.spans(first, last)[0].start, days.spans(first, last)[-1].end
    before_start = days.spans(before_first, before_last)[0].start
    done: dict[int, dict[str, int]] = defaultdict(lambda: {"now": 0, "before": 0})
    for row in (
        Activity.objects.filter(
            assignee__in=list(group_of),
            kind__in=COUNTED_KINDS,
            done_at__gte=before_start,
            done_at__lt=end,
        )
        .values("assignee")
        .annotate(
            now=Count("pk", filter=Q(done_at__gte=start)),
            before=Count("pk", filter=Q(done_at__lt=start)),
        )
        .order_by()
    ):
        done[row["assignee"]] = {"now": row["now"], "before": row["before"]}
    signed = Case(
        When(kind=Payment.Kind.REFUND, then=-F("amount")),
        default=F("amount"),
        output_field=DecimalField(),
    )
    money: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {"now": Decimal(0), "before": Decimal(0)}
    )
    paid: Any = (
        Payment.objects.filter(
            invoice__deal__owner__in=list(group_of),
            paid_on__gte=before_first,
            paid_on__lte=last,
        )
        .values("invoice__deal__owner")
        .annotate(
            now=Sum(signed, filter=Q(paid_on__gte=first)),
            before=Sum(signed, filter=Q(paid_on__lt=first)),
        )
        .order_by()
    )
    for row in paid:
        money[row["invoice__deal__owner"]] = {
            "now": Decimal(row["now"] or 0),
            "before": Decimal(row["before"] or 0),
        }

    def total(figures: dict, group: str, when: str) -> Any:
        return sum((figures[pk][when] for pk in ids[group] if pk in figures), 0)

    sums = {
        "pilot": (total(done, "pilot", "now"), total(money, "pilot", "now")),
        "control": (total(done, "control", "now"), total(money, "control", "now")),
        "before": (total(done, "pilot", "before"), total(money, "pilot", "before")),
    }
    groups = {}
    for key in GROUPS:
        activities, revenue = sums[key]
        groups[key] = {
            "managers": managers[key],
            "names": names[Group.CONTROL if key == "control" else Group.PILOT],
            "activities": activities,
            "activities_per_week": _figure(rules.per_week(activities, managers[key], length)),
            "revenue": str(Decimal(revenue).quantize(Decimal("0.01"))),
            "revenue_per_manager": _figure(rules.per_manager(Decimal(revenue), managers[key])),
        }
    states = []
    for n, state_rows in enumerate(zip(*(rows[key] for key in GROUPS), strict=True)):
        states.append(
            {
                "state": state_rows[0].state,
                "order": n,
                **{
                    key: {
                        "entered": row.entered,
                        "moved_on": row.moved_on,
                        "lost": row.lost,
                        "conversion": _figure(row.conversion),
                        "median_days": _figure(row.median_days),
                    }
                    for key, row in zip(GROUPS, state_rows, strict=True)
                },
            }
        )
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "before": [before_first.isoformat(), before_last.isoformat()],
        "days": length,
        "groups": groups,
        "states": states,
    }


def comparison_of(pilot: Pilot, today: date) -> dict[str, Any] | None:
    """What the pilot's page shows: the comparison kept when it ended, or today's."""
    if not pilot.running and pilot.snapshot:
        return pilot.snapshot
    return comparison(pilot, today)
