"""The reports of METHOD 7: classes and their movement, time spent on D clients, the portrait
of A clients. Each is a fixed number of queries. A leader reads them over the clients he may
read (issue 12: a department head, his departments'); the whole base's leaders over all.
And the figures a segmentation run classifies clients by (`client_figures`, `classify`)."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Abs
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.base.models import Company, CompanyEvent, SizeTag
from otdel.base.selectors import visible_companies
from otdel.days import add_months
from otdel.db import batched
from otdel.orders.models import Order, OrderLine
from otdel.org.models import DepartmentKind, User
from otdel.org.rules import Scope
from otdel.org.selectors import scope_of_user

from . import rules
from .models import ClientSegment, SegmentationRun, SegmentSettings
from .rules import CLASSES, HandoffRule

_AMOUNT = ExpressionWrapper(F("quantity") * F("unit_price"), output_field=DecimalField())
_DELIVERED = Q(quantity__gt=0, unit_price__gt=0, is_return=False)


def may_segment_all(user: User) -> bool:
    """A run reclassifies every client of the base: for those who may change all of it."""
    return user.is_authenticated and scope_of_user(user) is Scope.ALL


def _of_clients_seen_by(segments: QuerySet[ClientSegment], user: User) -> QuerySet[ClientSegment]:
    if may_segment_all(user):
        return segments
    return segments.filter(company__in=visible_companies(user))


def run_summaries(runs: Iterable[SegmentationRun], user: User) -> dict[int, dict[str, Any]]:
    """Each run's summary (clients and revenue by class, returns) over the clients the user may
    read: the stored one for the whole base's leaders, one grouped query for the others."""
    runs = list(runs)
    if may_segment_all(user):
        return {run.pk: run.summary for run in runs}
    rows = (
        _of_clients_seen_by(ClientSegment.objects.filter(run__in=runs), user)
        .values("run", "abc_class")
        .annotate(n=Count("pk"), revenue=Sum("revenue"), returns=Sum("returns"))
        .order_by()
    )
    by_run: dict[int, dict[str, dict[str, Any]]] = {run.pk: {} for run in runs}
    for row in rows:
        by_run[row["run"]][row["abc_class"]] = dict(row)
    return {pk: _summary(classes) for pk, classes in by_run.items()}


def _summary(classes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The shape of a stored summary (segments.rules.summarise), from per-class sums."""
    revenue = sum((c["revenue"] for c in classes.values()), Decimal(0))
    share = {
        c: round(float(classes[c]["revenue"] / revenue), 4) if revenue and c in classes else 0.0
        for c in CLASSES
    }
    return {
        "clients": sum(c["n"] for c in classes.values()),
        **{c: classes[c]["n"] if c in classes else 0 for c in CLASSES},
        "revenue": round(float(revenue), 2),
        "share": share,
        "returns": round(float(sum((c["returns"] for c in classes.values()), Decimal(0))), 2),
    }


def last_two_runs() -> tuple[SegmentationRun | None, SegmentationRun | None]:
    runs = list(SegmentationRun.objects.order_by("-created_at", "-pk")[:2])
    return (runs[0] if runs else None, runs[1] if len(runs) > 1 else None)


def movement(
    current: SegmentationRun, previous: SegmentationRun, user: User
) -> dict[tuple[str, str], int]:
    """(class before, class now) -> clients; "" where the client was not in that run."""
    segments = _of_clients_seen_by(ClientSegment.objects.all(), user)
    before = dict(segments.filter(run=previous).values_list("company_id", "abc_class"))
    now = dict(segments.filter(run=current).values_list("company_id", "abc_class"))
    moves: dict[tuple[str, str], int] = {}
    for company in before.keys() | now.keys():
        key = (before.get(company, ""), now.get(company, ""))
        moves[key] = moves.get(key, 0) + 1
    return moves


def moved_clients(
    current: SegmentationRun, previous: SegmentationRun, user: User, was: str, now: str
) -> QuerySet[Company]:
    """The clients behind one cell of `movement`: of class `was` in the previous run and `now`
    in the current one ("" where the client was not in that run)."""
    segments = _of_clients_seen_by(ClientSegment.objects.all(), user)

    def side(run: SegmentationRun, abc_class: str) -> Q:
        in_run = segments.filter(run=run)
        if abc_class:
            return Q(pk__in=in_run.filter(abc_class=abc_class).values("company_id"))
        return ~Q(pk__in=in_run.values("company_id"))

    return (
        Company.objects.filter(
            side(previous, was),
            side(current, now),
            pk__in=segments.filter(run__in=[previous, current]).values("company_id"),
        )
        .select_related("owner")
        .order_by("legal_name", "pk")
    )


def activities_on_d(since: datetime, people: QuerySet[Any]) -> list[dict[str, Any]]:
    """Per manager: activities done since the date, and how many of them were on D clients
    (METHOD 7: time spent on clients not worth it)."""
    rows = (
        Activity.objects.filter(done_at__gte=since, assignee__in=people)
        .values("assignee", "assignee__first_name", "assignee__last_name")
        .annotate(total=Count("pk"), on_d=Count("pk", filter=Q(company__abc_class="D")))
        .order_by("-on_d", "assignee__last_name")
    )
    return [{**row, "share": row["on_d"] / row["total"] if row["total"] else 0.0} for row in rows]


PORTRAIT = (
    ("category__name", "category"),
    ("segment__name", "segment"),
    ("source__name", "source"),
    ("size_tag", "size"),
)


def portrait_of_a(companies: QuerySet[Company]) -> dict[str, list[tuple[str, int]]]:
    """What the A clients are like, to aim prospecting at more of them (METHOD 7)."""
    a_clients = companies.filter(abc_class="A").order_by()
    sizes = dict(SizeTag.choices)
    return {
        label: [
            (
                str(sizes.get(row[field], row[field]))
                if field == "size_tag"
                else row[field] or "—",
                row["n"],
            )
            for row in a_clients.values(field).annotate(n=Count("pk")).order_by("-n")[:8]
        ]
        for field, label in PORTRAIT
    }


def handoff_rule(min_orders: int | None = None) -> HandoffRule:
    """The company's rule; `min_orders` replaces its order count for one run (CLI)."""
    s = SegmentSettings.load()
    return HandoffRule(
        match_all=s.handoff_match_all,
        min_orders=min_orders if min_orders is not None else s.handoff_min_orders,
        min_volume=s.handoff_min_volume,
        volume_days=s.handoff_volume_days,
        products=frozenset(s.handoff_products.values_list("pk", flat=True)),
        groups=frozenset(s.handoff_groups.values_list("pk", flat=True)),
        min_monthly=s.handoff_min_monthly,
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def waiting_clients() -> QuerySet[Company]:
    """Clients not yet with a farmer: not handed off, not kept with the hunter by the head,
    and not owned by someone of a client department."""
    return (
        Company.objects.filter(handed_off_at__isnull=True, orders__isnull=False)
        .exclude(owner__department__kind=DepartmentKind.CLIENT)
        .exclude(events__kind=CompanyEvent.Kind.HANDOFF, events__rule="kept")
        .distinct()
    )


def candidates(rule: HandoffRule, today: date, among: QuerySet[Company] | None = None) -> list[int]:
    """Ids of the clients that meet the rule today (a constant number of queries)."""
    waiting = waiting_clients()
    if among is not None:
        waiting = waiting.filter(pk__in=among.values("pk"))
    ids = set(waiting.values_list("pk", flat=True))
    met: list[set[int]] = []
    lines = OrderLine.objects.filter(order__company_id__in=ids)
    if rule.min_orders:
        paid = Order.objects.filter(company_id__in=ids, is_return=False).values("company_id")
        met.append(
            {r["company_id"] for r in paid.annotate(n=Count("pk")).filter(n__gte=rule.min_orders)}
        )
    if rule.min_volume is not None:
        recent = lines.filter(
            _DELIVERED,
            order__ordered_at__gte=_start_of(today - timedelta(days=rule.volume_days - 1)),
        )
        volume = (
            recent.values("order__company_id")
            .annotate(v=Sum(_AMOUNT))
            .filter(v__gte=rule.min_volume)
        )
        met.append({r["order__company_id"] for r in volume})
    if rule.products or rule.groups:
        bought = lines.filter(_DELIVERED).filter(
            Q(product__in=rule.products) | Q(product__group__in=rule.groups)
        )
        met.append(set(bought.values_list("order__company_id", flat=True)))
    if rule.min_monthly is not None:
        months = [
            add_months(today.replace(day=1), -n) for n in (3, 2, 1, 0)
        ]  # the last 3 full months
        every: set[int] = set(ids)
        for begin, end in zip(months, months[1:], strict=False):
            month = lines.filter(
                _DELIVERED,
                order__ordered_at__gte=_start_of(begin),
                order__ordered_at__lt=_start_of(end),
            )
            enough = (
                month.values("order__company_id")
                .annotate(v=Sum(_AMOUNT))
                .filter(v__gte=rule.min_monthly)
            )
            every &= {r["order__company_id"] for r in enough}
        met.append(every)
    if not met:
        return []
    chosen = set.intersection(*met) if rule.match_all else set.union(*met)
    return sorted(chosen & ids)


def farmers_by_load() -> list[tuple[User, int, set[int]]]:
    """(farmer, clients he owns, his territory ids), least loaded first."""
    farmers = (
        User.objects.filter(is_active=True, department__kind=DepartmentKind.CLIENT)
        .annotate(load=Count("companies", distinct=True))
        .prefetch_related("territories")
        .order_by("load", "pk")
    )
    return [(f, f.load, {t.pk for t in f.territories.all()}) for f in farmers]


def client_figures(as_of: date, days: int) -> list[dict[str, Any]]:
    """Per client with order lines in the period: revenue (gross value of delivered lines:
    quantity > 0 and price > 0), returns (value of lines coming back, beside it, never
    subtracted), and the number of orders. Two aggregates: the orders are counted on their own
    table, as COUNT(DISTINCT) over the lines costs several times the rest."""
    start, end = rules.period(as_of, days)
    delivered = Q(quantity__gt=0, unit_price__gt=0, is_return=False)
    came_back = Q(is_return=True) | Q(quantity__lt=0)
    rows = (
        OrderLine.objects.filter(order__ordered_at__gte=start, order__ordered_at__lt=end)
        .values("order__company_id")
        .annotate(
            revenue=Sum(_AMOUNT, filter=delivered, default=Decimal(0)),
            returns=Sum(Abs(_AMOUNT), filter=came_back, default=Decimal(0)),
        )
        .order_by()
    )
    orders = dict(
        Order.objects.filter(ordered_at__gte=start, ordered_at__lt=end, is_return=False)
        .values("company_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("company_id", "n")
    )
    return [{**row, "orders": orders.get(row["order__company_id"], 0)} for row in rows]


def _margins(as_of: date, days: int, ids: list[int]) -> dict[int, tuple[float, float]]:
    """Client -> (gross profit, revenue) over the delivered lines whose product has a cost."""
    start, end = rules.period(as_of, days)
    profit = ExpressionWrapper(
        F("quantity") * (F("unit_price") - F("product__cost_price")), output_field=DecimalField()
    )
    rows = (
        OrderLine.objects.filter(
            order__ordered_at__gte=start,
            order__ordered_at__lt=end,
            quantity__gt=0,
            unit_price__gt=0,
            is_return=False,
            product__cost_price__isnull=False,
            order__company_id__in=ids,
        )
        .values("order__company_id")
        .annotate(profit=Sum(profit), revenue=Sum(_AMOUNT))
        .order_by()
    )
    return {r["order__company_id"]: (float(r["profit"]), float(r["revenue"])) for r in rows}


def _worth(figures: list[dict[str, Any]], as_of: date, days: int) -> dict[int, rules.Worth]:
    """Potential (the manager's estimate, the segment's, or the size tag), margin (where cost
    prices are known) and order frequency of each client."""
    counts = sorted(f["orders"] for f in figures)
    busy = counts[int(len(counts) * 0.9)] if counts else 0  # the 90th percentile client
    ids = [f["order__company_id"] for f in figures]
    tags: dict[int, tuple[str, str, str]] = {}
    margins: dict[int, tuple[float, float]] = {}
    for part in batched(ids):
        for pk, size_tag, manual, segment_potential in Company.all_objects.filter(
            pk__in=part
        ).values_list("pk", "size_tag", "potential", "segment__potential"):
            tags[pk] = (size_tag, manual, segment_potential or "")
        margins.update(_margins(as_of, days, part))
    return {
        f["order__company_id"]: rules.Worth(
            potential=rules.potential(*tags.get(f["order__company_id"], ("", "", ""))),
            margin=rules.margin(*margins.get(f["order__company_id"], (None, None))),
            frequency=rules.frequency(f["orders"], busy),
        )
        for f in figures
    }


def classify(
    figures: list[dict[str, Any]], criteria: str, as_of: date | None = None, days: int = 365
) -> dict[int, str]:
    settings = SegmentSettings.load()
    pareto = rules.pareto_classes(
        ((f["order__company_id"], f["revenue"]) for f in figures),
        rules.Thresholds(a=settings.a_share, b=settings.b_share),
    )
    if criteria != "all":
        return pareto
    weights = rules.Weights(
        potential=settings.weight_potential,
        margin=settings.weight_margin,
        frequency=settings.weight_frequency,
        d_below=settings.d_below,
    )
    worth = _worth(figures, as_of or timezone.localdate(), days)
    return {client: rules.with_d(label, worth[client], weights) for client, label in pareto.items()}
