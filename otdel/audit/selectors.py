"""The audit's figures, measured from the base, the deals, the activities, the order history,
the plans and the segmentation (METHOD 9), each in one or two set-based queries whatever the
size of the base. Judging them is rules.py's.

Whose figures: the owner, the head of sales and the database owner audit the whole department;
a department head audits his departments (their managers, their activities, plans and deals,
and the companies he sees). The segmentation is the company's, so `no_abc` counts runs for all.
The period is the `months` before the audit's date; the working lists (over the cap, past the
deadline, no next step) are as they stand today, since Otdel keeps no daily copy of them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from otdel.algorithm.models import Activity, RuleSettings
from otdel.algorithm.selectors import cap_of, clock_running, in_work
from otdel.base.models import Company
from otdel.base.selectors import visible_companies
from otdel.billing.models import Invoice
from otdel.control.selectors import controlled_managers
from otdel.deals.models import Deal, DealStatus
from otdel.documents.models import Document, DocumentKind
from otdel.orders.models import Order, OrderLine
from otdel.org.models import DepartmentKind, User
from otdel.plans.models import Metric, PlanLine, PlanStatus, PlanWeek
from otdel.segments.models import SegmentationRun

from . import rules
from .rules import Measure

LOW_CLASSES = ("C", "D")
EVIDENCE_ROWS = 200  # an evidence list shows its first rows; the count says how many in all


@dataclass(frozen=True)
class Period:
    as_of: date
    months: int

    @property
    def first(self) -> date:
        return rules.period_start(self.as_of, self.months)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        """The start of the day after the audit's date: the period holds that whole day."""
        return timezone.make_aware(datetime.combine(self.as_of + timedelta(days=1), time.min))

    def done(self, field: str = "done_at") -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


@dataclass
class Scope:
    """Whom the audit is about: the viewer's managers and the companies he sees."""

    viewer: User
    managers: list[User]

    @property
    def manager_ids(self) -> list[int]:
        return [m.pk for m in self.managers]

    @property
    def companies(self) -> QuerySet[Company]:
        return visible_companies(self.viewer)

    @property
    def hunter_ids(self) -> list[int]:
        return [
            m.pk
            for m in self.managers
            if m.department is not None and m.department.kind == DepartmentKind.ACTIVE_SALES
        ]


def scope_for(viewer: User) -> Scope:
    return Scope(viewer=viewer, managers=controlled_managers(viewer))


# --- the facts each finding is made of -------------------------------------------------------


def _planned_today(as_of: date) -> Q:
    return Q(plan__status=PlanStatus.APPROVED, plan__starts_on__lte=as_of, plan__ends_on__gte=as_of)


def _without_plan(as_of: date) -> Q:
    return ~Q(Exists(PlanLine.objects.filter(_planned_today(as_of), user=OuterRef("pk"))))


def _week_figures() -> Q:
    return Q(*(Q(**{f"{metric}__gt": 0}) for metric in Metric.values), _connector=Q.OR)


def _lines_in(scope: Scope, period: Period) -> QuerySet[PlanLine]:
    return PlanLine.objects.filter(
        user__in=scope.manager_ids,
        plan__status=PlanStatus.APPROVED,
        plan__starts_on__lte=period.as_of,
        plan__ends_on__gte=period.first,
    )


def _monthly_only() -> Q:
    return ~Q(Exists(PlanWeek.objects.filter(_week_figures(), line=OuterRef("pk"))))


def _a_client_by_then() -> Q:
    """The activity's company was a client when it was done: it had ordered, won a deal or been
    handed to a farmer before (METHOD 5: then it is the farmers' to serve)."""
    ordered = Order.objects.filter(
        company=OuterRef("company"), is_return=False, ordered_at__lt=OuterRef("done_at")
    )
    won = Deal.objects.filter(
        company=OuterRef("company"), status=DealStatus.WON, closed_at__lt=OuterRef("done_at")
    )
    return Q(Exists(ordered)) | Q(Exists(won)) | Q(company__handed_off_at__lt=F("done_at"))


def _contracted(before: datetime) -> Q:
    """A company with a paid order (order history), a paid invoice or a signed contract."""
    ordered = Order.objects.filter(company=OuterRef("pk"), is_return=False, ordered_at__lt=before)
    paid = Invoice.objects.filter(deal__company=OuterRef("pk"), paid__gt=0)
    signed = Document.objects.filter(
        deal__company=OuterRef("pk"), kind=DocumentKind.CONTRACT, signed_at__lt=before
    )
    return Q(Exists(ordered)) | Q(Exists(paid)) | Q(Exists(signed))


def _open_step() -> Q:
    return Q(Exists(Activity.objects.filter(company=OuterRef("pk"), done_at__isnull=True)))


def _lost_without_reason() -> Q:
    return Q(lost_reason__isnull=True, lost_note="")


_AMOUNT = ExpressionWrapper(F("quantity") * F("unit_price"), output_field=DecimalField())
_DELIVERED = Q(quantity__gt=0, unit_price__gt=0, is_return=False)


# --- the measures ---------------------------------------------------------------------------


def _no_personal_plans(scope: Scope, period: Period) -> Measure:
    missing = User.objects.filter(pk__in=scope.manager_ids).filter(_without_plan(period.as_of))
    count = missing.count()
    return Measure("no_personal_plans", float(count), count)


def _no_abc(scope: Scope, period: Period) -> Measure:
    since = period.as_of - timedelta(days=rules.ABC_WINDOW_DAYS)
    runs = SegmentationRun.objects.filter(as_of__gt=since, as_of__lte=period.as_of).count()
    unclassed = _unclassed_clients(scope, period).count()
    return Measure("no_abc", float(runs), unclassed)


def _unclassed_clients(scope: Scope, period: Period) -> QuerySet[Company]:
    ordered = Order.objects.filter(period.done("ordered_at"), company=OuterRef("pk"))
    return scope.companies.filter(Exists(ordered), abc_class="")


def _monthly_reporting_only(scope: Scope, period: Period) -> Measure:
    lines = _lines_in(scope, period).aggregate(
        total=Count("pk"), monthly=Count("pk", filter=_monthly_only())
    )
    weekly = lines["total"] - lines["monthly"]
    # No plan at all has no week either: the finding stands, its rows are the managers.
    count = lines["monthly"] if lines["total"] else len(scope.managers)
    return Measure(
        "monthly_reporting_only",
        rules.share(weekly, lines["total"]),
        count,
        measured=bool(scope.managers),
    )


def _hunters_by_quarter(scope: Scope, period: Period) -> list[tuple[str, int, int]]:
    """(quarter, hunters' activities, of them on existing clients), oldest first."""
    rows = (
        Activity.objects.filter(period.done(), assignee__in=scope.hunter_ids)
        .annotate(quarter=TruncQuarter("done_at"))
        .values("quarter")
        .annotate(total=Count("pk"), on_clients=Count("pk", filter=_a_client_by_then()))
        .order_by("quarter")
    )
    return [(rules.quarter_of(r["quarter"]), r["total"], r["on_clients"]) for r in rows]


def _on_clients(scope: Scope, period: Period) -> QuerySet[Activity]:
    """The hunters' activities of the period on companies that were clients by then."""
    return Activity.objects.filter(
        period.done(), _a_client_by_then(), assignee__in=scope.hunter_ids
    )


def _hunters_serving_clients(scope: Scope, period: Period) -> Measure:
    quarters = _hunters_by_quarter(scope, period)
    trend = tuple(rules.share(on, total) for _q, total, on in quarters)
    latest = trend[-1] if trend else 0.0
    # The rows concerned are the hunters, as the evidence lists them, not their activities.
    hunters = _on_clients(scope, period).values("assignee").distinct().count()
    return Measure("hunters_serving_clients", latest, hunters, trend=trend)


def _base_without_contracts(scope: Scope, period: Period) -> Measure:
    base = scope.companies.aggregate(
        total=Count("pk"), contracted=Count("pk", filter=_contracted(period.end))
    )
    return Measure(
        "base_without_contracts",
        rules.share(base["contracted"], base["total"]),
        base["total"] - base["contracted"],
        measured=base["total"] > 0,
    )


def _time_on_d_clients(scope: Scope, period: Period) -> Measure:
    low = Q(company__abc_class__in=LOW_CLASSES)
    acts = Activity.objects.filter(period.done(), assignee__in=scope.manager_ids).aggregate(
        total=Count("pk"), low=Count("pk", filter=low)
    )
    revenue = OrderLine.objects.filter(
        _DELIVERED,
        period.done("order__ordered_at"),
        order__company__in=scope.companies.values("pk"),
    ).aggregate(
        total=Sum(_AMOUNT, default=Decimal(0)),
        low=Sum(_AMOUNT, filter=Q(order__company__abc_class__in=LOW_CLASSES), default=Decimal(0)),
    )
    return Measure(
        "time_on_d_clients",
        rules.share(acts["low"], acts["total"]),
        acts["low"],
        threshold=rules.share(revenue["low"], revenue["total"]),
    )


def _working_lists_over_cap(scope: Scope, period: Period) -> Measure:
    over = len(_over_cap(scope, period))
    return Measure("working_lists_over_cap", float(over), over)


@dataclass
class _Load:
    manager: User
    in_work: int
    cap: int


def _over_cap(scope: Scope, period: Period) -> list[_Load]:
    """Working lists are read as they are today: Otdel keeps no daily copy of them."""
    settings = RuleSettings.load()
    in_work_of = dict(
        Company.objects.filter(in_work(), owner__in=scope.manager_ids)
        .values("owner")
        .annotate(n=Count("pk"))
        .values_list("owner", "n")
    )
    load = [
        _Load(manager, in_work_of.get(manager.pk, 0), cap_of(manager, settings))
        for manager in scope.managers
    ]
    return [row for row in load if row.in_work > row.cap]


def _stale(period: Period) -> Q:
    return Q(work_deadline__lt=period.as_of)


def _stale_prospects(scope: Scope, period: Period) -> Measure:
    counts = Company.objects.filter(clock_running(), owner__in=scope.manager_ids).aggregate(
        total=Count("pk"), stale=Count("pk", filter=_stale(period))
    )
    return Measure(
        "stale_prospects", rules.share(counts["stale"], counts["total"]), counts["stale"]
    )


def _no_next_step(scope: Scope, period: Period) -> Measure:
    counts = Company.objects.filter(in_work(), owner__in=scope.manager_ids).aggregate(
        total=Count("pk"), without=Count("pk", filter=~_open_step())
    )
    return Measure(
        "no_next_step", rules.share(counts["without"], counts["total"]), counts["without"]
    )


def _lost(scope: Scope, period: Period) -> QuerySet[Deal]:
    return Deal.objects.filter(
        period.done("closed_at"), owner__in=scope.manager_ids, status=DealStatus.LOST
    )


def _lost_without_reason_measure(scope: Scope, period: Period) -> Measure:
    counts = _lost(scope, period).aggregate(
        total=Count("pk"), without=Count("pk", filter=_lost_without_reason())
    )
    return Measure(
        "lost_without_reason", rules.share(counts["without"], counts["total"]), counts["without"]
    )


MEASURES = {
    "no_personal_plans": _no_personal_plans,
    "no_abc": _no_abc,
    "monthly_reporting_only": _monthly_reporting_only,
    "hunters_serving_clients": _hunters_serving_clients,
    "base_without_contracts": _base_without_contracts,
    "time_on_d_clients": _time_on_d_clients,
    "working_lists_over_cap": _working_lists_over_cap,
    "stale_prospects": _stale_prospects,
    "no_next_step": _no_next_step,
    "lost_without_reason": _lost_without_reason_measure,
}


def measures(scope: Scope, as_of: date, months: int = rules.DEFAULT_MONTHS) -> list[Measure]:
    period = Period(as_of, months)
    return [measure(scope, period) for measure in MEASURES.values()]


@dataclass
class Audit:
    as_of: date
    months: int
    measures: list[Measure]
    findings: list[rules.Finding]
    hunters_quarters: list[tuple[str, int, int]]

    @property
    def first(self) -> date:
        return rules.period_start(self.as_of, self.months)


def audit(viewer: User, as_of: date, months: int = rules.DEFAULT_MONTHS) -> Audit:
    scope = scope_for(viewer)
    found = measures(scope, as_of, months)
    return Audit(
        as_of=as_of,
        months=months,
        measures=found,
        findings=rules.findings_of(found),
        hunters_quarters=_hunters_by_quarter(scope, Period(as_of, months)),
    )


# --- the evidence: the rows behind a finding --------------------------------------------------


@dataclass
class Evidence:
    kind: str  # "companies", "managers" or "deals"
    rows: list[Any]
    total: int

    def __len__(self) -> int:
        return len(self.rows)


def _companies(queryset: QuerySet[Company]) -> Evidence:
    rows = queryset.select_related("owner").order_by("legal_name", "pk")
    return Evidence("companies", list(rows[:EVIDENCE_ROWS]), rows.count())


def _managers(users: list[User]) -> Evidence:
    return Evidence("managers", users[:EVIDENCE_ROWS], len(users))


def evidence(viewer: User, code: str, as_of: date, months: int) -> Evidence:
    """The companies, managers or deals a finding is about, as the viewer sees them."""
    scope, period = scope_for(viewer), Period(as_of, months)
    in_period = period.done()
    if code == "no_personal_plans":
        missing = set(
            User.objects.filter(pk__in=scope.manager_ids)
            .filter(_without_plan(as_of))
            .values_list("pk", flat=True)
        )
        return _managers([m for m in scope.managers if m.pk in missing])
    if code == "no_abc":
        return _companies(_unclassed_clients(scope, period))
    if code == "monthly_reporting_only":
        lines = _lines_in(scope, period)
        weekly = set(lines.exclude(_monthly_only()).values_list("user", flat=True))
        return _managers([m for m in scope.managers if m.pk not in weekly])
    if code == "hunters_serving_clients":
        counts = dict(
            _on_clients(scope, period).values_list("assignee").annotate(n=Count("pk")).order_by()
        )
        hunters = [m for m in scope.managers if counts.get(m.pk)]
        for hunter in hunters:
            hunter.figure = counts[hunter.pk]  # type: ignore[attr-defined]
        return _managers(sorted(hunters, key=lambda h: -h.figure))  # type: ignore[attr-defined]
    if code == "base_without_contracts":
        return _companies(scope.companies.exclude(_contracted(period.end)))
    if code == "time_on_d_clients":
        on_low = Activity.objects.filter(
            in_period, company=OuterRef("pk"), assignee__in=scope.manager_ids
        )
        return _companies(scope.companies.filter(Exists(on_low), abc_class__in=LOW_CLASSES))
    if code == "working_lists_over_cap":
        over = _over_cap(scope, period)
        for row in over:
            row.manager.figure = row.in_work  # type: ignore[attr-defined]
            row.manager.figure_of = row.cap  # type: ignore[attr-defined]
        return _managers([row.manager for row in over])
    if code == "stale_prospects":
        return _companies(
            Company.objects.filter(clock_running(), _stale(period), owner__in=scope.manager_ids)
        )
    if code == "no_next_step":
        return _companies(
            Company.objects.filter(in_work(), owner__in=scope.manager_ids).exclude(_open_step())
        )
    if code == "lost_without_reason":
        deals = (
            _lost(scope, period).filter(_lost_without_reason()).select_related("company", "owner")
        )
        return Evidence("deals", list(deals.order_by("-closed_at")[:EVIDENCE_ROWS]), deals.count())
    raise KeyError(code)
