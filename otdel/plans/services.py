"""The write paths of a sales plan: made (or copied from the last period), its amounts and weeks
set while it is a draft, approved and locked, reopened with a reason. Approval also writes each
manager's monthly plan that his pay is measured against: pay, which reads plans, registers that
write here (register_month_plan_writer, from its AppConfig.ready()), so plans does not import pay."""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from otdel import days
from otdel.algorithm.services import RuleRefused
from otdel.org.models import User
from otdel.recorded import fitted, recorded

from . import rules
from .models import (
    ACTIVITY_METRICS,
    MONEY_METRICS,
    Metric,
    PeriodKind,
    PlanEvent,
    PlanLine,
    PlanStatus,
    PlanWeek,
    SalesPlan,
)
from .selectors import planned_people, shortfalls


class PlanRefused(RuleRefused):
    """The plan cannot be changed so; the message says why, for the user."""


def lock_plan(plan: SalesPlan) -> SalesPlan:
    return SalesPlan.objects.select_for_update().get(pk=plan.pk)


def _editable(plan: SalesPlan) -> SalesPlan:
    plan = lock_plan(plan)
    if plan.is_locked:
        raise PlanRefused(_("The plan is approved and locked; reopen it to change it."))
    return plan


# The plan's history in no language of its own (otdel/recorded.py).
COMPANY_LINE = pgettext_lazy("plan line", "Company")
LINES = gettext_lazy("%(lines)s")


def _record(plan: SalesPlan, kind: str, acting_user: User | None, note: str = "") -> None:
    PlanEvent.objects.create(plan=plan, kind=kind, actor=acting_user, note=fitted(note, 500))


def _plan_words(plan: SalesPlan) -> str:
    """The plan as its history names it, in the reader's language (otdel/recorded.py)."""
    return recorded(
        gettext_lazy("%(kind)s %(starts)s – %(ends)s"),
        kind=PeriodKind(plan.kind).label,
        starts=plan.starts_on,
        ends=plan.ends_on,
    )


def _line_words(line: PlanLine) -> object:
    return str(line.user or line.department) if line.level != "company" else COMPANY_LINE


def _spread_weeks(line: PlanLine, weeks: list[PlanWeek], metrics: list[str]) -> None:
    periods = [rules.Bucket(w.starts_on, w.ends_on) for w in weeks]
    for metric in metrics:
        parts = rules.spread_over_weeks(
            getattr(line, metric), periods, whole=metric not in MONEY_METRICS
        )
        for week, part in zip(weeks, parts, strict=True):
            setattr(week, metric, part)


def _add_lines(plan: SalesPlan, lines: list[PlanLine]) -> None:
    """Save new (empty) lines with their (empty) weeks."""
    PlanLine.objects.bulk_create(lines)
    periods = rules.buckets(plan.starts_on, plan.ends_on)
    PlanWeek.objects.bulk_create(
        PlanWeek(line=line, starts_on=p.first, ends_on=p.last)
        for line in PlanLine.objects.filter(plan=plan)
        for p in periods
    )


def _lines_for(plan: SalesPlan, people: list[User]) -> list[PlanLine]:
    departments = sorted({p.department_id for p in people if p.department_id})
    return [
        PlanLine(plan=plan),
        *(PlanLine(plan=plan, department_id=d) for d in departments),
        *(PlanLine(plan=plan, department_id=p.department_id, user=p) for p in people),
    ]


@transaction.atomic
def plan_create(*, kind: str, day: date, acting_user: User, by_day: bool = False) -> SalesPlan:
    """An empty plan for the period that holds the day: the company, each selling department
    and each of its managers, every line with its weeks."""
    first, last = rules.period_bounds(kind, day)
    if SalesPlan.objects.filter(kind=kind, starts_on=first).exists():
        raise PlanRefused(
            _("There is already a plan for %(period)s.")
            % {"period": f"{PeriodKind(kind).label} {days.day(first)}"}
        )
    plan = SalesPlan.objects.create(kind=kind, starts_on=first, ends_on=last, by_day=by_day)
    _add_lines(plan, _lines_for(plan, list(planned_people())))
    _record(plan, PlanEvent.Kind.CREATED, acting_user)
    return plan


@transaction.atomic
def plan_copy(*, source: SalesPlan, acting_user: User) -> SalesPlan:
    """The next period's plan with the same amounts, spread over its own weeks; managers who
    left are dropped and those who joined get an empty line."""
    plan = plan_create(
        kind=source.kind,
        day=rules.next_period(source.kind, source.starts_on),
        acting_user=acting_user,
        by_day=source.by_day,
    )
    old = {(line.department_id, line.user_id): line for line in source.lines.all()}
    lines = list(plan.lines.all())
    for line in lines:
        if (was := old.get((line.department_id, line.user_id))) is not None:
            for metric in Metric:
                setattr(line, metric.value, getattr(was, metric.value))
    PlanLine.objects.bulk_update(lines, [m.value for m in Metric])
    _respread(lines, [m.value for m in Metric])
    PlanEvent.objects.filter(plan=plan).update(
        note=recorded(gettext_lazy("copied from %(plan)s"), plan=_plan_words(source))
    )
    return plan


def _respread(lines: list[PlanLine], metrics: list[str]) -> None:
    weeks = list(PlanWeek.objects.filter(line__in=lines).order_by("line", "starts_on"))
    by_line: dict[int, list[PlanWeek]] = {}
    for week in weeks:
        by_line.setdefault(week.line_id, []).append(week)
    for line in lines:
        _spread_weeks(line, by_line.get(line.pk, []), metrics)
    PlanWeek.objects.bulk_update(weeks, metrics)


def parse_amount(metric: str, raw: object, where: str) -> Decimal:
    """A number typed into a plan cell; the error names the cell."""
    text = str(raw if raw is not None else "").replace("\xa0", "").replace(" ", "")
    try:
        value = Decimal(text.replace(",", ".")) if text else Decimal(0)
        if not value.is_finite():  # "nan", "inf": Decimal reads them, a plan has no use for them
            raise InvalidOperation
    except InvalidOperation:
        raise PlanRefused(
            _("%(where)s, %(metric)s: «%(value)s» is not a number.")
            % {"where": where, "metric": Metric(metric).label, "value": raw}
        ) from None
    if value < 0:
        raise PlanRefused(
            _("%(where)s, %(metric)s: a plan cannot be negative.")
            % {"where": where, "metric": Metric(metric).label}
        )
    if metric not in MONEY_METRICS and value != value.to_integral():
        raise PlanRefused(
            _("%(where)s, %(metric)s: a count is a whole number.")
            % {"where": where, "metric": Metric(metric).label}
        )
    return value.quantize(rules.CENT)


@transaction.atomic
def plan_set_amounts(
    *, plan: SalesPlan, amounts: Mapping[int, Mapping[str, object]], acting_user: User
) -> int:
    """Set the lines' amounts (line id -> metric -> value typed); a changed amount is spread
    again over the line's weeks. Returns how many lines changed."""
    plan = _editable(plan)
    lines = {line.pk: line for line in plan.lines.select_related("user", "department")}
    changed: dict[str, list[PlanLine]] = {}
    for line_id, values in amounts.items():
        line = lines.get(int(line_id))
        if line is None:
            raise PlanRefused(_("Line %(id)s is not in this plan.") % {"id": line_id})
        for metric, raw in values.items():
            value = parse_amount(metric, raw, str(line))
            if value != getattr(line, metric):
                setattr(line, metric, value)
                changed.setdefault(metric, []).append(line)
    touched = {line.pk: line for group in changed.values() for line in group}
    PlanLine.objects.bulk_update(touched.values(), [m.value for m in Metric])
    for metric, group in changed.items():
        _respread(group, [metric])
    if touched:
        _record(
            plan,
            PlanEvent.Kind.CHANGED,
            acting_user,
            recorded(LINES, lines=[_line_words(line) for line in touched.values()]),
        )
    return len(touched)


@transaction.atomic
def plan_set_weeks(
    *, line: PlanLine, weeks: Mapping[int, Mapping[str, object]], acting_user: User
) -> None:
    """The head's own week breakdown of a line (seasonality, holidays); the weeks must add up
    to the line's plan, metric by metric."""
    plan = _editable(line.plan)
    rows = {w.pk: w for w in line.weeks.all()}
    for week_id, values in weeks.items():
        week = rows.get(int(week_id))
        if week is None:
            raise PlanRefused(_("Week %(id)s is not in this line.") % {"id": week_id})
        where = f"{week.starts_on:%d.%m}–{week.ends_on:%d.%m}"
        for metric, raw in values.items():
            setattr(week, metric, parse_amount(metric, raw, where))
    for metric in Metric:
        total = sum((getattr(w, metric.value) for w in rows.values()), Decimal(0))
        if total != getattr(line, metric.value):
            raise PlanRefused(
                _("%(metric)s: the weeks add up to %(weeks)s, the plan of %(line)s is %(plan)s.")
                % {
                    "metric": metric.label,
                    "weeks": rules.amount_text(total),
                    "line": line,
                    "plan": rules.amount_text(getattr(line, metric.value)),
                }
            )
    PlanWeek.objects.bulk_update(rows.values(), [m.value for m in Metric])
    _record(plan, PlanEvent.Kind.WEEKS, acting_user, recorded(LINES, lines=[_line_words(line)]))


@transaction.atomic
def plan_spread_weeks(*, line: PlanLine, acting_user: User) -> None:
    """Back to the even split by working days."""
    plan = _editable(line.plan)
    _respread([line], [m.value for m in Metric])
    _record(
        plan,
        PlanEvent.Kind.WEEKS,
        acting_user,
        recorded(gettext_lazy("%(line)s: by working days"), line=_line_words(line)),
    )


# app label -> the write of one manager's monthly plan, inside the approval's transaction.
_MONTH_PLAN_WRITERS: dict[str, Callable[..., None]] = {}


def register_month_plan_writer(app: str, write: Callable[..., None]) -> None:
    _MONTH_PLAN_WRITERS[app] = write


@transaction.atomic
def plan_approve(*, plan: SalesPlan, acting_user: User, today: date | None = None) -> SalesPlan:
    """Lock the plan, and make each manager's line the monthly plan his pay is measured against.
    A plan re-approved in a month already begun changes from today (pay weighs both by days)."""
    plan = _editable(plan)
    problems = shortfalls(plan)
    if problems:
        raise PlanRefused(" ".join(problems))
    today = today or timezone.localdate()
    first_approval = not plan.events.filter(kind=PlanEvent.Kind.APPROVED).exists()
    months = sorted(
        {(w.first.year, w.first.month) for w in rules.buckets(plan.starts_on, plan.ends_on)}
    )
    lines = plan.lines.filter(user__isnull=False).prefetch_related("weeks")
    for line in lines:
        for year, month in months:
            _month_plan(plan, line, date(year, month, 1), today, first_approval)
    plan.status, plan.approved_by, plan.approved_at = (
        PlanStatus.APPROVED,
        acting_user,
        timezone.now(),
    )
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    _record(plan, PlanEvent.Kind.APPROVED, acting_user)
    return plan


def _month_plan(
    plan: SalesPlan, line: PlanLine, month: date, today: date, first_approval: bool
) -> None:
    by_week = [(rules.Bucket(w.starts_on, w.ends_on), w) for w in line.weeks.all()]

    def share(metric: str) -> Decimal:
        return rules.month_share([(b, getattr(w, metric)) for b, w in by_week], month)

    revenue = share(Metric.REVENUE)
    activities = int(sum((share(m) for m in ACTIVITY_METRICS), Decimal(0)))
    begun = month <= today and not first_approval
    since = today if begun else month
    # Only managers' lines come here: their user is set.
    for write in _MONTH_PLAN_WRITERS.values():
        write(
            user=cast(User, line.user),
            plan=plan,
            month=month,
            since=since,
            revenue=revenue,
            activities=activities,
        )


@transaction.atomic
def plan_reopen(*, plan: SalesPlan, acting_user: User, reason: str) -> SalesPlan:
    plan = lock_plan(plan)
    if not plan.is_locked:
        raise PlanRefused(_("The plan is a draft already."))
    if not reason.strip():
        raise PlanRefused(_("Say why the approved plan is reopened."))
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status"])
    _record(plan, PlanEvent.Kind.REOPENED, acting_user, reason.strip())
    return plan
