"""Plan against fact: the facts of every metric by manager and day, and each plan line's progress
by week with the forecast. A fixed number of queries whatever the number of people and weeks."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel import days
from otdel.algorithm.models import MEETING_KINDS, Activity, ActivityKind
from otdel.base.models import Company
from otdel.billing.models import Payment
from otdel.deals.models import Deal, DealStatus
from otdel.deals.selectors import open_deals_due, weighted
from otdel.documents.models import Document, DocumentKind
from otdel.orders.models import Order
from otdel.org.models import User
from otdel.org.rules import SELLING_POSITIONS, Scope
from otdel.org.selectors import led_departments, scope_of_user

from . import rules
from .models import Metric, PeriodKind, PlanLine, PlanStatus, PlanWeek, SalesPlan

# The nearest horizon first: a month's plan says more about this week than the year's.
HORIZON = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)

Facts = dict[int, dict[date, Decimal]]  # user -> day -> amount
Users = frozenset[int] | None  # whose facts; None: everyone's


def planned_people() -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, department__isnull=False, position__in=SELLING_POSITIONS
        )
        .select_related("department")
        .order_by("department__name", "last_name", "username")
    )


def may_edit_plans(user: User) -> bool:
    """The owner and the head of sales set the company's plan."""
    return scope_of_user(user) is Scope.ALL


def current_plan(today: date) -> SalesPlan | None:
    """The approved plan of the nearest horizon that holds today."""
    plans = {
        p.kind: p
        for p in SalesPlan.objects.filter(
            status=PlanStatus.APPROVED, starts_on__lte=today, ends_on__gte=today
        )
    }
    return next((plans[kind] for kind in HORIZON if kind in plans), None)


def _collect(rows: Iterable[Mapping[str, Any]], user: str, day: str, value: str = "value") -> Facts:
    facts: Facts = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        if row[user] is not None:
            facts[row[user]][row[day]] += Decimal(row[value])
    return facts


def _signed() -> Case:
    return Case(
        When(kind=Payment.Kind.REFUND, then=-F("amount")),
        default=F("amount"),
        output_field=DecimalField(),
    )


def _money(first: date, last: date, users: Users, *, margin: bool = True) -> tuple[Facts, Facts]:
    """Paid revenue (money received on the manager's deals, a refund subtracting, on the day
    it came) and, when asked, its margin: each payment times its deal's share of margin. One
    grouped query."""
    sums: dict[str, Any] = {"value": Sum(_signed())}
    if margin:
        # In floating point: SQLite divides whole-number decimals as integers. The margin is
        # rounded to cents after the sum.
        share = Cast("invoice__deal__margin", FloatField()) / NullIf(
            Cast("invoice__deal__amount", FloatField()), 0.0
        )
        sums["margin"] = Sum(
            ExpressionWrapper(
                Cast(_signed(), FloatField()) * Coalesce(share, 0.0), output_field=FloatField()
            )
        )
    rows = list(
        _of(
            Payment.objects.filter(paid_on__gte=first, paid_on__lte=last),
            "invoice__deal__owner",
            users,
        )
        .values("invoice__deal__owner", "paid_on")
        .annotate(**sums)
        .order_by()
    )
    return (
        _collect(rows, "invoice__deal__owner", "paid_on"),
        _collect(
            (
                {**row, "value": Decimal(str(row["margin"] or 0)).quantize(rules.CENT)}
                for row in rows
            ),
            "invoice__deal__owner",
            "paid_on",
        )
        if margin
        else {},
    )


def _new_clients(first: date, last: date, users: Users) -> Facts:
    """A client whose first order falls on the day, to the hunter who won him (or his owner)."""
    period = days.spans(first, last)
    firsts = dict(
        Order.objects.filter(is_return=False)
        .values("company")
        .annotate(first=Min("ordered_at"))
        .filter(first__gte=period[0].start, first__lt=period[-1].end)
        .values_list("company", "first")
        .order_by()
    )
    who = Company.objects.filter(pk__in=firsts).annotate(who=Coalesce("hunter", "owner"))
    return _collect(
        (
            {"who": w, "day": timezone.localdate(firsts[pk]), "value": 1}
            for pk, w in who.values_list("pk", "who")
            if users is None or w in users
        ),
        "who",
        "day",
    )


def _count(
    queryset: QuerySet,
    user: str,
    moment: str,
    first: date,
    last: date,
    users: Users,
    *,
    by: str | None = None,
) -> list[Mapping[str, Any]]:
    """Rows counted by user (and `by`) and local day, a grouped query per part of constant UTC
    offset."""
    rows: list[Mapping[str, Any]] = []
    queryset = _of(queryset, user, users)
    for span in days.spans(first, last):
        rows += (
            queryset.filter(**{f"{moment}__gte": span.start, f"{moment}__lt": span.end})
            .annotate(day=days.ShiftedDate(moment, span.minutes))
            .values(user, "day", *([by] if by else []))
            .annotate(value=Count("pk"))
            .order_by()
        )
    return rows


def _of(queryset: QuerySet, field: str, users: Users) -> QuerySet:
    return queryset if users is None else queryset.filter(**{f"{field}__in": users})


def period_facts(
    first: date, last: date, users: Users = None, metrics: Iterable[str] | None = None
) -> dict[str, Facts]:
    """The metrics' facts (every metric's when None) by manager and day, of these users (None:
    everyone's): a few grouped queries whatever the data, none for a metric not asked."""
    wanted = set(Metric if metrics is None else metrics)
    facts: dict[str, Facts] = {}
    if wanted & {Metric.REVENUE, Metric.MARGIN}:
        facts[Metric.REVENUE], facts[Metric.MARGIN] = _money(
            first, last, users, margin=Metric.MARGIN in wanted
        )
    if wanted & {Metric.CALLS, Metric.MEETINGS}:
        activities = _count(
            Activity.objects.filter(kind__in=(ActivityKind.CALL, *MEETING_KINDS)),
            "assignee",
            "done_at",
            first,
            last,
            users,
            by="kind",
        )
        facts[Metric.CALLS] = _collect(
            (r for r in activities if r["kind"] == ActivityKind.CALL), "assignee", "day"
        )
        facts[Metric.MEETINGS] = _collect(
            (r for r in activities if r["kind"] in MEETING_KINDS), "assignee", "day"
        )
    if Metric.NEW_CLIENTS in wanted:
        facts[Metric.NEW_CLIENTS] = _new_clients(first, last, users)
    if Metric.DEALS_WON in wanted:
        facts[Metric.DEALS_WON] = _collect(
            _count(
                Deal.objects.filter(status=DealStatus.WON), "owner", "closed_at", first, last, users
            ),
            "owner",
            "day",
        )
    if Metric.PROPOSALS in wanted:
        facts[Metric.PROPOSALS] = _collect(
            _count(
                Document.objects.filter(kind=DocumentKind.PROPOSAL, version=1),
                "deal__owner",
                "issued_at",
                first,
                last,
                users,
            ),
            "deal__owner",
            "day",
        )
    return {metric: facts[metric] for metric in Metric if metric in wanted}


def pipeline(last: date, users: Users = None) -> dict[int, Decimal]:
    """Open deals expected by the period's end, less what is paid, by their probability."""
    by_owner: dict[int, Decimal] = defaultdict(Decimal)
    for deal in _of(open_deals_due(last), "owner", users).only("owner", "amount", "probability"):
        by_owner[deal.owner_id] += weighted(deal)
    return by_owner


@dataclass
class LineProgress:
    line: PlanLine
    metrics: dict[str, rules.Progress]
    # Week by week: the bucket and, per metric, (plan, fact).
    weeks: list[tuple[rules.Bucket, dict[str, tuple[Decimal, Decimal]]]] = field(
        default_factory=list
    )

    @property
    def behind(self) -> list[str]:
        return [metric for metric, p in self.metrics.items() if p.behind]

    @property
    def labelled(self) -> list[tuple[str, rules.Progress]]:
        return [(str(Metric(metric).label), p) for metric, p in self.metrics.items()]

    @property
    def behind_labels(self) -> list[str]:
        return [str(Metric(metric).label) for metric in self.behind]


def _sum_days(users: Iterable[int], by_user: Facts) -> dict[date, Decimal]:
    per_day: dict[date, Decimal] = defaultdict(Decimal)
    for user in users:
        for day, value in by_user.get(user, {}).items():
            per_day[day] += value
    return per_day


def plan_progress(
    plan: SalesPlan,
    today: date,
    *,
    lines: Iterable[PlanLine] | None = None,
    metrics: Sequence[Metric] = tuple(Metric),
) -> list[LineProgress]:
    """Every line's plan against the fact, in the metrics asked (all by default): the company
    is all its people, a department the people in it now, a manager himself."""
    lines = list(lines if lines is not None else plan.lines.select_related("user", "department"))
    weeks: dict[int, list[PlanWeek]] = defaultdict(list)
    for week in PlanWeek.objects.filter(line__in=lines).order_by("starts_on"):
        weeks[week.line_id].append(week)
    members: dict[int | None, list[int]] = defaultdict(list)
    if any(line.user_id is None for line in lines):  # a manager's own line needs nobody else
        for user_id, department_id in User.objects.values_list("pk", "department"):
            members[department_id].append(user_id)
            members[None].append(user_id)

    def people_of(line: PlanLine) -> list[int]:
        return [line.user_id] if line.user_id else members[line.department_id]

    # Only the people the lines add up: one manager's line asks for his rows only.
    needed: Users = None
    if all(line.level != "company" for line in lines):
        needed = frozenset(u for line in lines for u in people_of(line))
    by_metric = period_facts(plan.starts_on, plan.ends_on, needed, metrics)
    open_pipeline = pipeline(plan.ends_on, needed)
    # Every line of a plan has the same weeks.
    index = rules.bucket_index(rules.buckets(plan.starts_on, plan.ends_on))
    out = []
    for line in lines:
        users = people_of(line)
        line_weeks = [(rules.Bucket(w.starts_on, w.ends_on), w) for w in weeks[line.pk]]
        progress: dict[str, rules.Progress] = {}
        by_week: list[tuple[rules.Bucket, dict[str, tuple[Decimal, Decimal]]]] = [
            (b, {}) for b, _w in line_weeks
        ]
        for metric in metrics:
            per_day = _sum_days(users, by_metric[metric.value])
            plan_weeks = [(b, getattr(w, metric.value)) for b, w in line_weeks]
            extra = (
                sum((open_pipeline.get(u, Decimal(0)) for u in users), Decimal(0))
                if metric == Metric.REVENUE and plan.starts_on <= today <= plan.ends_on
                else Decimal(0)
            )
            progress[metric.value] = rules.progress(
                plan=plan_weeks, facts=per_day, pipeline=extra, today=today
            )
            done = rules.by_bucket(per_day, index, len(line_weeks))
            for (_b, cells), (_p, amount), fact in zip(by_week, plan_weeks, done, strict=True):
                cells[metric.value] = (amount, fact)
        out.append(LineProgress(line, progress, by_week))
    return out


def visible_plan_lines(user: User) -> QuerySet[PlanLine]:
    """The head of sales and the owner see every line, a department head his departments' and
    their managers' (not the company's: it adds up the other departments too), a manager his
    own. Pages and API alike."""
    lines = PlanLine.objects.select_related("user", "department")
    if not user.is_authenticated:
        return lines.none()
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return lines
    if scope is Scope.DEPARTMENT:
        return lines.filter(department__in=led_departments(user))
    return lines.filter(user=user)


def visible_lines(plan: SalesPlan, user: User) -> list[PlanLine]:
    """The plan's lines the user sees: the company first, each department with its managers."""
    return ordered_lines(list(visible_plan_lines(user).filter(plan=plan)))


def own_progress(user: User, today: date) -> tuple[SalesPlan | None, LineProgress | None]:
    """The user's own line of the plan in force today (My pay, My work)."""
    plan = current_plan(today)
    line = (
        plan.lines.select_related("user", "department").filter(user=user).first() if plan else None
    )
    if plan is None or line is None:
        return plan, None
    return plan, plan_progress(plan, today, lines=[line])[0]


def ordered_lines(lines: list[PlanLine]) -> list[PlanLine]:
    out = [line for line in lines if line.level == "company"]
    for department in (line for line in lines if line.level == "department"):
        out.append(department)
        out += [
            m for m in lines if m.level == "manager" and m.department_id == department.department_id
        ]
    return out + [m for m in lines if m not in out]


def current_progress(
    user: User,
    today: date,
    *,
    metrics: Sequence[Metric] = tuple(Metric),
    managers_only: bool = False,
) -> tuple[SalesPlan | None, list[LineProgress]]:
    """The plan in force today, as far as the user sees it: in the metrics asked, of the
    managers' own lines only when `managers_only`."""
    plan = current_plan(today)
    if plan is None:
        return None, []
    lines = [line for line in visible_lines(plan, user) if line.user_id or not managers_only]
    return plan, plan_progress(plan, today, lines=lines, metrics=metrics) if lines else []


def shortfalls(plan: SalesPlan) -> list[str]:
    """What the departments leave of the company's plan, and the managers of their department's:
    a plan nobody has taken on has no owner (METHOD 6)."""
    lines = list(plan.lines.select_related("department", "user"))
    company = next((line for line in lines if line.level == "company"), None)
    departments = [line for line in lines if line.level == "department"]
    problems = []
    for metric in Metric:
        label, field = metric.label, metric.value
        if company is not None:
            gap = rules.shortfall(getattr(company, field), (getattr(d, field) for d in departments))
            if gap:
                problems.append(
                    _("%(metric)s: %(gap)s of the company's plan is given to no department.")
                    % {"metric": label, "gap": rules.amount_text(gap)}
                )
        for department in departments:
            managers = (
                getattr(m, field)
                for m in lines
                if m.level == "manager" and m.department_id == department.department_id
            )
            gap = rules.shortfall(getattr(department, field), managers)
            if gap:
                problems.append(
                    _("%(metric)s: %(gap)s of the plan of %(department)s is given to no manager.")
                    % {"metric": label, "gap": rules.amount_text(gap), "department": department}
                )
    return problems
