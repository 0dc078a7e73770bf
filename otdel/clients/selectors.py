"""The reads of the client department: whose clients, their orders as the rhythm needs them,
the farmer's day and the head's alerts. Each page part asks a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone

from otdel.base.models import Company
from otdel.base.selectors import visible_companies
from otdel.orders.models import OrderLine
from otdel.org.models import User
from otdel.stages import config
from otdel.stages.models import StageKind

from . import rules
from .models import AlertKind, ClientAlert, ClientPlan, ClientStep

ROWS = 200


def clients() -> QuerySet[Company]:
    """The client base: companies at a client stage in active work (in no section)."""
    return Company.objects.filter(section="", state__in=config.current().codes(StageKind.CLIENT))


def visible_clients(user: User) -> QuerySet[Company]:
    return visible_companies(user).filter(
        section="", state__in=config.current().codes(StageKind.CLIENT)
    )


def steps() -> list[ClientStep]:
    return list(ClientStep.objects.order_by("position", "pk"))


def suggested_next(
    done: ClientStep | None, cycle: list[ClientStep], today: date
) -> tuple[ClientStep, date]:
    """The step that follows the one done in the cycle, and its day."""
    position = rules.next_step_position(
        [s.position for s in cycle], done.position if done else None
    )
    step = next(s for s in cycle if s.position == position)
    return step, today + timedelta(days=step.interval_days)


@dataclass
class History:
    """A client's orders up to a day: (day, amount) of his orders, and the net revenue of
    each of his order days including returns (for the dropping alert)."""

    orders: list[tuple[date, Decimal]]
    revenue: list[tuple[date, Decimal]]


def order_history(as_of: date, company_ids: QuerySet | None = None) -> dict[int, History]:
    """Every client's orders up to `as_of`, in one grouped query over the order lines; a
    median has no portable SQL, so the rhythm itself is computed in Python per client."""
    zone = timezone.get_current_timezone()
    end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time()), zone)
    lines = OrderLine.objects.filter(order__ordered_at__lt=end)
    if company_ids is not None:
        lines = lines.filter(order__company_id__in=company_ids)
    rows = (
        lines.values("order_id", "order__company_id", "order__ordered_at", "order__is_return")
        .annotate(amount=Sum(F("quantity") * F("unit_price")))
        .order_by()
    )
    found: dict[int, History] = defaultdict(lambda: History([], []))
    for row in rows.iterator(chunk_size=5000):
        day = timezone.localtime(row["order__ordered_at"], zone).date()
        amount = Decimal(row["amount"] or 0)
        history = found[row["order__company_id"]]
        history.revenue.append((day, amount))
        if not row["order__is_return"]:
            history.orders.append((day, amount))
    return found


def rhythm_and_alerts(
    history: History, as_of: date, windows: tuple[tuple[date, date], tuple[date, date]]
) -> tuple[rules.Rhythm | None, list[AlertKind]]:
    """A client's rhythm as of the day and what it says of him: dormant or due (never both),
    and dropping; `windows` are `rules.dropping_windows(as_of)`, computed once for many."""
    rhythm = rules.rhythm(history.orders, as_of)
    alerts = []
    if rhythm is not None and rules.is_dormant(rhythm):
        alerts.append(AlertKind.DORMANT)
    elif rhythm is not None and rules.is_due(rhythm):
        alerts.append(AlertKind.DUE)
    recent, year_before = windows
    if rules.is_dropping(
        rules.revenue_in(history.revenue, recent), rules.revenue_in(history.revenue, year_before)
    ):
        alerts.append(AlertKind.DROPPING)
    return rhythm, alerts


@dataclass
class MyClients:
    """The farmer's part of My work."""

    count: int
    due: list[ClientPlan]
    alerts: list[ClientAlert]
    steps: list[ClientStep]
    today: date


def my_clients(user: User, today: date) -> MyClients:
    """His clients whose next step is due today or overdue, and his clients' alerts; one query
    for a manager with no clients (a hunter)."""
    mine = clients().filter(owner=user)
    count = mine.count()
    if not count:
        return MyClients(0, [], [], [], today)
    due = list(
        ClientPlan.objects.filter(company__in=mine, due_on__lte=today)
        .select_related("company", "step")
        .order_by("due_on", "company_id")[:ROWS]
    )
    alerts = list(
        ClientAlert.objects.filter(company__in=mine)
        .select_related("company")
        .order_by("kind", "-days_since", "pk")[:ROWS]
    )
    cycle = steps()
    for plan in due:
        # The form offers the step after the due one, on its usual day.
        plan.suggested_step, plan.suggested_on = suggested_next(plan.step, cycle, today)  # type: ignore[attr-defined]
    return MyClients(count, due, alerts, cycle, today)


@dataclass
class ControlAlerts:
    """The head's part of Control: the dormant A and B clients escalated to him, and the
    others' alerts by kind."""

    escalated: list[ClientAlert]
    counts: dict[str, int]
    overdue_steps: int


def control_alerts(viewer: User, today: date) -> ControlAlerts:
    seen = visible_clients(viewer).exclude(owner=None)
    alerts = ClientAlert.objects.filter(company__in=seen)
    escalated = list(
        alerts.filter(escalated=True)
        .select_related("company", "company__owner")
        .order_by("-days_since", "pk")[:ROWS]
    )
    counts = dict(alerts.values_list("kind").annotate(n=Count("pk")).order_by())
    overdue = ClientPlan.objects.filter(company__in=seen, due_on__lt=today).count()
    return ControlAlerts(
        escalated,
        {kind: counts.get(kind, 0) for kind in AlertKind.values},
        overdue,
    )


@dataclass
class ClientCard:
    """The client algorithm's part of a client's card: his next step and his order rhythm."""

    plan: ClientPlan | None
    orders: int
    rhythm: rules.Rhythm | None
    alerts: list[AlertKind]
    today: date


def client_card(company: Company, today: date) -> ClientCard | None:
    """None for a company that is no client (no query); for a client two queries, however
    long his history. The alerts are read from his orders as of today, not from the last
    night's watch, so that an order taken today clears them."""
    if company.section or config.current().kind_of(company.state) != StageKind.CLIENT:
        return None
    plan = ClientPlan.objects.select_related("step").filter(company=company).first()
    history = order_history(today, Company.objects.filter(pk=company.pk).values("pk")).get(
        company.pk, History([], [])
    )
    rhythm, alerts = rhythm_and_alerts(history, today, rules.dropping_windows(today))
    orders = rhythm.orders if rhythm else len({day for day, _amount in history.orders})
    return ClientCard(plan, orders, rhythm, alerts, today)
