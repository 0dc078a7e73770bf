"""Plan against fact: the facts of every metric by manager and day, and each plan line's progress
by week with the forecast. A fixed number of queries whatever the number of people and weeks."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, Min, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from otdel.algorithm.models import Activity, ActivityKind
from otdel.base.models import Company
from otdel.billing.models import Payment
from otdel.deals.models import Deal, DealItem, DealStatus
from otdel.documents.models import Document, DocumentKind
from otdel.orders.models import Order
from otdel.org.models import Position, User
from otdel.org.rules import Scope
from otdel.org.selectors import led_departments, scope_of_user

from . import rules
from .models import Metric, PeriodKind, PlanLine, PlanStatus, PlanWeek, SalesPlan

# Those who sell get a line of the plan; leaders answer for their department's line.
SELLING_POSITIONS = (
    Position.TELE_SALES, Position.SALES_MANAGER, Position.SALES_REPRESENTATIVE,
    Position.ACCOUNT_MANAGER, Position.KEY_ACCOUNT_MANAGER, Position.PARTNER_ACCOUNT_MANAGER,
)  # fmt: skip
MEETING_KINDS = (ActivityKind.MEETING, ActivityKind.FIRST_MEETING, ActivityKind.REPEAT_MEETING)
# The nearest horizon first: a month's plan says more about this week than the year's.
HORIZON = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)

Facts = dict[int, dict[date, Decimal]]  # user -> day -> amount


def planned_people() -> QuerySet[User]:
    return (User.objects.filter(is_active=True, department__isnull=False,
                                position__in=SELLING_POSITIONS)
            .select_related("department").order_by("department__name", "last_name", "username"))  # fmt: skip


def may_edit_plans(user: User) -> bool:
    """The owner and the head of sales set the company's plan."""
    return scope_of_user(user) is Scope.ALL


def current_plan(today: date) -> SalesPlan | None:
    """The approved plan of the nearest horizon that holds today."""
    plans = {p.kind: p for p in SalesPlan.objects.filter(
        status=PlanStatus.APPROVED, starts_on__lte=today, ends_on__gte=today)}  # fmt: skip
    return next((plans[kind] for kind in HORIZON if kind in plans), None)


def _collect(rows: Iterable[Mapping[str, Any]], user: str, day: str, value: str = "value") -> Facts:
    facts: Facts = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        if row[user] is not None:
            facts[row[user]][row[day]] += Decimal(row[value])
    return facts


def _signed() -> Case:
    return Case(When(kind=Payment.Kind.REFUND, then=-F("amount")), default=F("amount"),
                output_field=DecimalField())  # fmt: skip


def _local_day(field_name: str) -> TruncDate:
    return TruncDate(field_name, tzinfo=timezone.get_current_timezone())


def _revenue(first: date, last: date) -> Facts:
    """Money received on the manager's deals (a refund subtracts), on the day it came."""
    return _collect(Payment.objects.filter(paid_on__gte=first, paid_on__lte=last)
                    .values("invoice__deal__owner", "paid_on").annotate(value=Sum(_signed()))
                    .order_by(), "invoice__deal__owner", "paid_on")  # fmt: skip


def _margin(first: date, last: date) -> Facts:
    """The paid revenue's share of the deal's margin: line amounts without VAT less the cost
    of the lines whose cost price is known, over the deal's amount."""
    payments = list(Payment.objects.filter(paid_on__gte=first, paid_on__lte=last)
                    .values("invoice__deal", "invoice__deal__owner", "paid_on")
                    .annotate(value=Sum(_signed())).order_by())  # fmt: skip
    totals: dict[int, Decimal] = defaultdict(Decimal)
    margins: dict[int, Decimal] = defaultdict(Decimal)
    for item in DealItem.objects.filter(deal__in={p["invoice__deal"] for p in payments}).values(
        "deal", "amount", "vat_percent", "quantity", "product__cost_price"
    ):
        totals[item["deal"]] += item["amount"]
        if item["product__cost_price"] is not None:
            net = item["amount"] * 100 / (100 + item["vat_percent"])
            margins[item["deal"]] += net - item["quantity"] * item["product__cost_price"]
    for payment in payments:
        deal = payment["invoice__deal"]
        ratio = margins[deal] / totals[deal] if totals[deal] else Decimal(0)
        payment["value"] = (payment["value"] * ratio).quantize(rules.CENT)
    return _collect(payments, "invoice__deal__owner", "paid_on")


def _new_clients(first: date, last: date) -> Facts:
    """A client whose first order falls on the day, to the hunter who won him (or his owner)."""
    firsts = dict(Order.objects.filter(is_return=False).values("company")
                  .annotate(first=Min("ordered_at"))
                  .filter(first__date__gte=first, first__date__lte=last)
                  .values_list("company", "first").order_by())  # fmt: skip
    who = Company.objects.filter(pk__in=firsts).annotate(who=Coalesce("hunter", "owner"))
    return _collect(({"who": w, "day": timezone.localdate(firsts[pk]), "value": 1}
                     for pk, w in who.values_list("pk", "who")), "who", "day")  # fmt: skip


def _count(queryset: QuerySet, user: str, moment: str) -> Facts:
    return _collect(queryset.annotate(day=_local_day(moment)).values(user, "day")
                    .annotate(value=Count("pk")).order_by(), user, "day")  # fmt: skip


def _between(moment: str, first: date, last: date) -> Q:
    return Q(**{f"{moment}__date__gte": first, f"{moment}__date__lte": last})


def facts(metric: str, first: date, last: date) -> Facts:
    """One metric's facts by manager and day: one or two grouped queries."""
    if metric == Metric.REVENUE:
        return _revenue(first, last)
    if metric == Metric.MARGIN:
        return _margin(first, last)
    if metric == Metric.NEW_CLIENTS:
        return _new_clients(first, last)
    if metric == Metric.DEALS_WON:
        return _count(Deal.objects.filter(_between("closed_at", first, last),
                                          status=DealStatus.WON), "owner", "closed_at")  # fmt: skip
    if metric == Metric.PROPOSALS:
        return _count(Document.objects.filter(_between("issued_at", first, last),
                                              kind=DocumentKind.PROPOSAL, version=1),
                      "deal__owner", "issued_at")  # fmt: skip
    kinds = (ActivityKind.CALL,) if metric == Metric.CALLS else MEETING_KINDS
    return _count(Activity.objects.filter(_between("done_at", first, last), kind__in=kinds),
                  "assignee", "done_at")  # fmt: skip


def pipeline(last: date) -> dict[int, Decimal]:
    """Open deals expected by the period's end, less what is paid, by their probability."""
    weighted: dict[int, Decimal] = defaultdict(Decimal)
    for deal in (Deal.objects.filter(status=DealStatus.OPEN)
                 .filter(Q(expected_close__lte=last) | Q(expected_close__isnull=True))
                 .annotate(paid=Sum("invoices__paid")).only("owner", "amount", "probability")):  # fmt: skip
        weighted[deal.owner_id] += (deal.amount - (deal.paid or 0)) * deal.probability / 100
    return weighted


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
    days: dict[date, Decimal] = defaultdict(Decimal)
    for user in users:
        for day, value in by_user.get(user, {}).items():
            days[day] += value
    return days


def plan_progress(plan: SalesPlan, today: date, *,
                  lines: Iterable[PlanLine] | None = None) -> list[LineProgress]:  # fmt: skip
    """Every line's plan against the fact: the company is all its people, a department the
    people in it now, a manager himself."""
    lines = list(lines if lines is not None else
                 plan.lines.select_related("user", "department"))  # fmt: skip
    weeks: dict[int, list[PlanWeek]] = defaultdict(list)
    for week in PlanWeek.objects.filter(line__in=lines).order_by("starts_on"):
        weeks[week.line_id].append(week)
    members: dict[int | None, list[int]] = defaultdict(list)
    for user_id, department_id in User.objects.values_list("pk", "department"):
        members[department_id].append(user_id)
        members[None].append(user_id)
    by_metric = {m.value: facts(m.value, plan.starts_on, plan.ends_on) for m in Metric}
    weighted = pipeline(plan.ends_on)
    out = []
    for line in lines:
        users = [line.user_id] if line.user_id else members[line.department_id]
        line_weeks = [(rules.Bucket(w.starts_on, w.ends_on), w) for w in weeks[line.pk]]
        progress: dict[str, rules.Progress] = {}
        by_week: list[tuple[rules.Bucket, dict[str, tuple[Decimal, Decimal]]]] = [
            (b, {}) for b, _w in line_weeks
        ]
        for metric in Metric:
            days = _sum_days(users, by_metric[metric.value])
            plan_weeks = [(b, getattr(w, metric.value)) for b, w in line_weeks]
            extra = (sum((weighted.get(u, Decimal(0)) for u in users), Decimal(0))
                     if metric == Metric.REVENUE and today <= plan.ends_on else Decimal(0))  # fmt: skip
            progress[metric.value] = rules.progress(plan=plan_weeks, facts=days,
                                                    pipeline=extra, today=today)  # fmt: skip
            for (bucket, cells), (_b, amount) in zip(by_week, plan_weeks, strict=True):
                cells[metric.value] = (amount, sum((v for d, v in days.items() if d in bucket),
                                                   Decimal(0)))  # fmt: skip
        out.append(LineProgress(line, progress, by_week))
    return out


def visible_lines(plan: SalesPlan, user: User) -> list[PlanLine]:
    """The head of sales and the owner see every line, a department head his departments' and
    their managers', a manager his own; the company first, each department with its managers."""
    lines = plan.lines.select_related("user", "department")
    scope = scope_of_user(user)
    if scope is Scope.DEPARTMENT:
        lines = lines.filter(department__in=led_departments(user))
    elif scope is not Scope.ALL:
        lines = lines.filter(user=user)
    return ordered_lines(list(lines))


def ordered_lines(lines: list[PlanLine]) -> list[PlanLine]:
    out = [line for line in lines if line.level == "company"]
    for department in (line for line in lines if line.level == "department"):
        out.append(department)
        out += [m for m in lines
                if m.level == "manager" and m.department_id == department.department_id]  # fmt: skip
    return out + [m for m in lines if m not in out]


def current_progress(user: User, today: date) -> tuple[SalesPlan | None, list[LineProgress]]:
    """The plan in force today, as far as the user sees it."""
    plan = current_plan(today)
    if plan is None:
        return None, []
    lines = visible_lines(plan, user)
    return plan, plan_progress(plan, today, lines=lines) if lines else []
