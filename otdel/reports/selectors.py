"""The reads behind the funnel and the weekly report: the managers a viewer reports on, their
companies' history cut into spans (rules.py counts them), and the week's facts from the apps
that keep them. A fixed number of queries whatever the number of companies and managers."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from otdel import days
from otdel.algorithm.models import RefusalReason
from otdel.base.models import Company, CompanyEvent, CompanyStay
from otdel.billing.models import Invoice
from otdel.billing.selectors import OUTSTANDING
from otdel.deals.models import Deal
from otdel.deals.selectors import AWAITING, with_paper_facts
from otdel.org.models import Department, User
from otdel.org.rules import SELLING_POSITIONS
from otdel.org.selectors import assignable_owners
from otdel.plans.models import Metric
from otdel.plans.selectors import (
    LineProgress,
    current_plan,
    period_facts,
    plan_progress,
    visible_lines,
)
from otdel.stages import config
from otdel.stages.models import StageKind

from . import rules

# Where a company leaves the funnel: a refusal or the reserve (METHOD 3, step 5).
LOST_KINDS = (StageKind.REFUSAL, StageKind.RESERVE)
# The cohort filters of the funnel: those that narrow the owners, as a field of the manager...
OWNER_FIELDS = {"manager": "pk", "department": "department"}
# ... and those that narrow the companies, as a field of the company.
COMPANY_FIELDS = {
    "source": "source",
    "segment": "segment",
    "category": "category",
    "size": "size_tag",
}


def reported_managers(viewer: User | None) -> QuerySet[User]:
    """Those whose figures the viewer reads: the owner and the head of sales every manager, a
    department head his departments', a manager himself; the whole company when nobody asks
    (the command and the job's own copy)."""
    if viewer is None:
        return User.objects.filter(is_active=True, position__in=SELLING_POSITIONS).select_related(
            "department"
        )
    return assignable_owners(viewer)


def may_see_reports(user: User) -> bool:
    return reported_managers(user).exists()


def reported_departments(viewer: User) -> QuerySet[Department]:
    return Department.objects.filter(
        pk__in=reported_managers(viewer).exclude(department=None).values("department")
    )


@dataclass(frozen=True)
class Cohort:
    """The companies a funnel counts: those of these owners (every company, the unowned too,
    when None), narrowed by fields of the company itself (source, segment, ...), as the
    companies are now: a company handed to another manager counts with its new owner."""

    owners: QuerySet[User] | list[int] | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def companies(self) -> QuerySet[Company]:
        companies = Company.objects.filter(**self.attributes)
        return companies if self.owners is None else companies.filter(owner__in=self.owners)

    def stays(self) -> QuerySet[CompanyStay]:
        # A stay keeps its company's current owner, so the companies are joined only for their
        # own fields. A merged company has no stays: its moves went to the survivor's.
        stays = CompanyStay.objects.filter(
            **{f"company__{name}": value for name, value in self.attributes.items()}
        )
        return stays if self.owners is None else stays.filter(owner__in=self.owners)


def cohort_of(managers: QuerySet[User], filters: dict[str, Any]) -> Cohort:
    """The companies of these managers, narrowed by the funnel form's filters."""
    # The form gives a manager and a department as rows, the tests as ids.
    chosen = {
        name: getattr(value, "pk", value)
        for name, value in filters.items()
        if value not in (None, "")
    }
    for name in OWNER_FIELDS.keys() & chosen.keys():
        managers = managers.filter(**{OWNER_FIELDS[name]: chosen[name]})
    return Cohort(
        managers,
        {COMPANY_FIELDS[name]: chosen[name] for name in COMPANY_FIELDS.keys() & chosen.keys()},
    )


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    parts = days.spans(first, last)
    return parts[0].start, parts[-1].end


@dataclass
class PeriodSpans:
    """The stays of the cohort's companies that began in [start, end) (a company created then
    began its first), counted in the database by owner and how they ended (rules.Tally). The
    median stays are asked for each set of owners."""

    cohort: Cohort
    start: datetime
    end: datetime

    def _began(self) -> QuerySet[CompanyStay]:
        return self.cohort.stays().filter(
            entered_at__gte=self.start,
            entered_at__lt=self.end,
            state__in=config.current().board,
        )

    @cached_property
    def _tallies(self) -> list[tuple[int | None, rules.Tally]]:
        # Grouped by the columns themselves, not by expressions of them: PostgreSQL then
        # estimates the groups (a few thousand) and hashes them, where it sorted 90,000 rows of
        # a quarter at 1M; COUNT(*) lets it count from the index alone.
        rows = (
            self._began()
            .annotate(ended=ExpressionWrapper(Q(left_at__lt=self.end), BooleanField()))
            .values_list("owner", "state", "next_state", "reason", "ended")
            .annotate(number=Count("*"))
            .order_by()
        )
        lost = set(config.current().codes(*LOST_KINDS))
        return [
            (
                owner,
                rules.Tally(
                    state,
                    next_state if ended else "",
                    reason if ended and next_state in lost else "",
                    number,
                ),
            )
            for owner, state, next_state, reason, ended, number in rows
        ]

    def _middle_lengths(self, chosen: set[int | None] | None) -> dict[str, list[timedelta]]:
        """By state, the one or two stays in the middle of those that ended in the period, the
        shortest first: the median of all of them, in one query."""
        ended = self._began().filter(left_at__lt=self.end)
        if chosen is not None:
            owned = Q(owner__in=[owner for owner in chosen if owner is not None])
            ended = ended.filter(owned | Q(owner=None) if None in chosen else owned)
        length = F("left_at") - F("entered_at")
        if connection.vendor == "postgresql":
            # The median in the aggregate, without ranking every stay of the period.
            medians = ended.values("state").annotate(median=_Median(length)).order_by()
            return {row["state"]: [row["median"]] for row in medians}
        middle = (
            ended.annotate(
                rank=Window(
                    RowNumber(), partition_by=[F("state")], order_by=[length.asc(), F("pk")]
                ),
                of=Window(Count("pk"), partition_by=[F("state")]),
            )
            .annotate(off=2 * F("rank") - F("of"))
            .filter(off__gte=0, off__lte=2)
            .values_list("state", "entered_at", "left_at")
        )
        lengths: dict[str, list[timedelta]] = defaultdict(list)
        for state, entered_at, left_at in middle:
            lengths[state].append(left_at - entered_at)  # type: ignore[operator]
        return lengths

    def rows(self, owners: Iterable[int | None] | None = None, reasons: list[str] | None = None):
        """The funnel of the owners' companies (everybody's when `owners` is None)."""
        chosen = None if owners is None else set(owners)
        return self._rows(chosen, reasons or [], self._middle_lengths(chosen))

    def counts(self, owner: int | None) -> list[rules.FunnelRow]:
        """The owner's funnel without the median stays (no query once counted)."""
        return self._rows({owner}, [], {})

    def _rows(
        self,
        chosen: set[int | None] | None,
        reasons: list[str],
        lengths: dict[str, list[timedelta]],
    ) -> list[rules.FunnelRow]:
        algorithm = config.current()
        return rules.funnel_of(
            [tally for owner, tally in self._tallies if chosen is None or owner in chosen],
            lengths,
            states=algorithm.board,
            lost_states=algorithm.codes(*LOST_KINDS),
            known_reasons=reasons,
        )

    def owners_seen(self) -> set[int | None]:
        return {owner for owner, _tally in self._tallies}


def period_spans(cohort: Cohort, first: date, last: date) -> PeriodSpans:
    """The stays of the cohort's companies that began in the days first..last, counted as they
    are asked for: one query for the counts of all owners, one for each set of owners' median
    stays."""
    return PeriodSpans(cohort, *_bounds(first, last))


@dataclass
class FunnelLine:
    """A state of the funnel in the period and in the one before it."""

    state: str
    label: str
    now: rules.FunnelRow
    before: rules.FunnelRow

    @property
    def entered_change(self) -> int:
        return self.now.entered - self.before.entered


class _Median(Aggregate):
    """PostgreSQL's median of intervals: the middle one, or the mean of the two middle ones."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass
class Funnel:
    first: date
    last: date
    previous: tuple[date, date]
    lines: list[FunnelLine] = field(default_factory=list)
    spans: PeriodSpans | None = None

    @property
    def is_empty(self) -> bool:
        """No company entered a state in the period nor in the one before it."""
        return not any(line.now.entered or line.before.entered for line in self.lines)

    def per_owner(self) -> dict[int | None, tuple[int, int, int]]:
        """Each owner's entries into the funnel's states, how many moved on, were lost."""
        if self.spans is None:
            return {}
        out = {}
        for owner in self.spans.owners_seen():
            rows = self.spans.counts(owner)
            out[owner] = (
                sum(r.entered for r in rows),
                sum(r.moved_on for r in rows),
                sum(r.lost for r in rows),
            )
        return out

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "state": line.state,
                "label": line.label,
                "entered": line.now.entered,
                "moved_on": line.now.moved_on,
                "lost": line.now.lost,
                "median_days": line.now.median_days,
                "conversion": line.now.conversion,
                "lost_reasons": dict(line.now.lost_reasons),
                "previous": {
                    "entered": line.before.entered,
                    "moved_on": line.before.moved_on,
                    "lost": line.before.lost,
                    "median_days": line.before.median_days,
                    "conversion": line.before.conversion,
                },
            }
            for line in self.lines
        ]


def funnel_report(cohort: Cohort, first: date, last: date) -> Funnel:
    """The period's funnel beside the previous period's of the same length."""
    previous = rules.previous_period(first, last)
    reasons = list(RefusalReason.objects.values_list("name", flat=True))
    spans = period_spans(cohort, first, last)
    now = spans.rows(reasons=reasons)
    before = period_spans(cohort, *previous).rows(reasons=reasons)
    algorithm = config.current()
    return Funnel(
        first,
        last,
        previous,
        [
            FunnelLine(a.state, algorithm.label(a.state), a, b)
            for a, b in zip(now, before, strict=True)
        ],
        spans,
    )


# The weekly report


@dataclass
class ManagerLine:
    manager: User
    facts: dict[str, Decimal]
    entered: int = 0
    moved_on: int = 0
    lost: int = 0
    black_hole: int = 0
    overdue: Decimal = Decimal(0)


@dataclass
class WeeklyReport:
    week: rules.IsoWeek
    plan: Any
    plan_fact: list[LineProgress]
    funnel: Funnel
    managers: list[ManagerLine]
    new_clients: int
    handoffs: list[CompanyEvent]
    abc_moves: list[tuple[str, str, int]]
    black_hole: list[Deal]
    overdue_payments: list[Invoice]

    def as_json(self) -> dict[str, Any]:
        return {
            "week": str(self.week),
            "first": self.week.monday,
            "last": self.week.sunday,
            "managers": [
                {
                    "id": line.manager.pk,
                    "name": str(line.manager),
                    "department": str(line.manager.department or ""),
                    **line.facts,
                    "entered": line.entered,
                    "moved_on": line.moved_on,
                    "lost": line.lost,
                    "black_hole": line.black_hole,
                    "overdue": line.overdue,
                }
                for line in self.managers
            ],
            "plan_fact": [
                {
                    "line": str(progress.line),
                    "level": progress.line.level,
                    "metric": metric,
                    "plan": p.plan,
                    "expected": p.expected,
                    "fact": p.fact,
                    "week_plan": p.week_plan,
                    "week_fact": p.week_fact,
                    "pace_percent": p.percent_of_pace,
                    "forecast": p.run_rate,
                    "behind": p.behind,
                }
                for progress in self.plan_fact
                for metric, p in progress.metrics.items()
            ],
            "funnel": self.funnel.as_json(),
            "new_clients": self.new_clients,
            "handoffs": [
                {
                    "company": str(event.company),
                    "company_id": event.company_id,
                    "from": event.old_value,
                    "to": event.new_value,
                    "at": event.at,
                    "rule": event.rule,
                }
                for event in self.handoffs
            ],
            "abc_moves": [{"from": a, "to": b, "companies": n} for a, b, n in self.abc_moves],
            "black_hole": [
                {
                    "deal": deal.title,
                    "deal_id": deal.pk,
                    "company": str(deal.company),
                    "manager": str(deal.owner),
                    "amount": deal.amount,
                    "invoiced": deal.invoiced_amount,  # type: ignore[attr-defined]
                    "paid": deal.paid_amount,  # type: ignore[attr-defined]
                    "currency": deal.currency,
                }
                for deal in self.black_hole
            ],
            "overdue_payments": [
                {
                    "invoice": invoice.number,
                    "company": str(invoice.deal.company),
                    "manager": str(invoice.deal.owner),
                    "due_on": invoice.due_on,
                    "days_overdue": (self.week.sunday - invoice.due_on).days,
                    "outstanding": invoice.outstanding_amount,  # type: ignore[attr-defined]
                    "currency": invoice.currency,
                }
                for invoice in self.overdue_payments
            ],
        }


def black_hole_deals(managers: QuerySet[User] | list[User]) -> QuerySet[Deal]:
    """The deals between the client's yes and the money (METHOD 3: where clients vanish), as
    Control counts them (`deals.selectors.AWAITING`): a contract but no invoice, or an invoice
    but no payment; with what was invoiced and paid."""
    waiting = AWAITING["invoice"] | AWAITING["payment"]
    return (
        with_paper_facts(Deal.objects.filter(owner__in=managers))
        .filter(waiting)
        .annotate(
            invoiced_amount=Coalesce(Sum("invoices__amount"), Decimal(0)),
            paid_amount=Coalesce(Sum("invoices__paid"), Decimal(0)),
        )
        .select_related("company", "owner")
        .order_by("owner__last_name", "owner", "created_at", "pk")
    )


def overdue_at(managers: QuerySet[User], day: date) -> QuerySet[Invoice]:
    """Invoices of these managers' deals still owing money after their due date, at the day."""
    return (
        Invoice.objects.filter(paid__lt=F("amount"), due_on__lt=day, deal__owner__in=managers)
        .select_related("deal", "deal__company", "deal__owner")
        .annotate(outstanding_amount=OUTSTANDING)
        .order_by("due_on", "pk")
    )


def _plan_fact(viewer: User | None, day: date) -> tuple[Any, list[LineProgress]]:
    plan = current_plan(day)
    if plan is None:
        return None, []
    if viewer is None:
        return plan, plan_progress(plan, day)
    lines = visible_lines(plan, viewer)
    return plan, plan_progress(plan, day, lines=lines) if lines else []


def weekly_report(week: rules.IsoWeek, viewer: User | None) -> WeeklyReport:
    """The week's report on the managers the viewer reads (everyone's when None)."""
    managers_qs = reported_managers(viewer)
    managers = list(managers_qs.order_by("department__name", "last_name", "pk"))
    ids = frozenset(m.pk for m in managers)
    first, last = week.monday, week.sunday
    start, end = _bounds(first, last)
    facts = period_facts(first, last, ids)
    cohort = Cohort(managers_qs)
    funnel = funnel_report(cohort, first, last)
    week_events = CompanyEvent.objects.filter(
        at__gte=start, at__lt=end, company__in=cohort.companies()
    )
    handoffs = list(
        week_events.filter(kind=CompanyEvent.Kind.HANDOFF)
        .select_related("company")
        .order_by("at", "pk")
    )
    abc = Counter(
        week_events.filter(kind=CompanyEvent.Kind.ABC).values_list("old_value", "new_value")
    )
    black_hole = list(black_hole_deals(managers_qs))
    overdue = list(overdue_at(managers_qs, last))
    per_manager = funnel.per_owner()
    holes = Counter(deal.owner_id for deal in black_hole)
    owed: dict[int, Decimal] = defaultdict(Decimal)
    for invoice in overdue:
        owed[invoice.deal.owner_id] += invoice.outstanding_amount  # type: ignore[attr-defined]
    lines = []
    for manager in managers:
        counts = per_manager.get(manager.pk, (0, 0, 0))
        lines.append(
            ManagerLine(
                manager,
                {
                    metric.value: sum(facts[metric.value].get(manager.pk, {}).values(), Decimal(0))
                    for metric in Metric
                },
                *counts,
                black_hole=holes[manager.pk],
                overdue=owed[manager.pk],
            )
        )
    plan, plan_fact = _plan_fact(viewer, last)
    return WeeklyReport(
        week=week,
        plan=plan,
        plan_fact=plan_fact,
        funnel=funnel,
        managers=lines,
        new_clients=sum(int(line.facts[Metric.NEW_CLIENTS]) for line in lines),
        handoffs=handoffs,
        abc_moves=sorted((a or "—", b or "—", n) for (a, b), n in abc.items()),
        black_hole=black_hole,
        overdue_payments=overdue,
    )
