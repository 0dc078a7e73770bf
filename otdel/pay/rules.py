"""How a manager's pay for a month is computed (METHOD 6: base + % of sales, bonuses for
meeting the plan, penalties for missing it; simple enough that every manager can compute it at
any moment). Plain functions of numbers; every step becomes a line of the payslip, so the
manager reads the calculation, not only the total.

Sales are the money received in the month (a refund is a negative sale). A new sale is the first
paid order of a client, a repeat sale any later one; hunters and farmers have their own
percentages, and a product group may have its own. After a hand-off the hunter keeps a share of
the client's payments for a number of months.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Scheme:
    base_salary: Decimal
    new_percent: Decimal  # of new sales
    repeat_percent: Decimal  # of repeat sales
    group_percent: dict[int, Decimal] = field(default_factory=dict)  # group id -> % (any sale)
    hunter_share_percent: Decimal = Decimal(0)  # of a handed-off client's payments
    # (plan fulfilment % reached, bonus): the highest step reached pays.
    bonus_steps: tuple[tuple[Decimal, Decimal], ...] = ()
    penalty_below_percent: Decimal | None = None  # fulfilment below this ...
    penalty: Decimal = Decimal(0)  # ... costs this much
    # Activity KPI: below this share of the activity plan, the variable pay is multiplied.
    kpi_floor_percent: Decimal | None = None
    kpi_multiplier: Decimal = Decimal(1)


@dataclass(frozen=True)
class Sale:
    amount: Decimal  # money received (negative: refunded)
    is_new: bool
    group_id: int | None = None
    handed_off: bool = False  # a payment of a client the manager won and handed to a farmer


@dataclass(frozen=True)
class PlanVersion:
    """A monthly plan in force from a day (a plan changed mid-month has several)."""

    since: date
    amount: Decimal


@dataclass(frozen=True)
class Line:
    label: str
    facts: dict[str, Decimal | int]  # the numbers the amount comes from, for the payslip text
    amount: Decimal


@dataclass
class Payslip:
    lines: list[Line]

    @property
    def total(self) -> Decimal:
        return money(sum((line.amount for line in self.lines), Decimal(0)))


def plan_for_month(versions: Iterable[PlanVersion], first: date, last: date) -> Decimal:
    """The month's plan: each version weighted by the days it was in force (the first one from
    the first day of the month)."""
    ordered = sorted(versions, key=lambda v: v.since)
    after = last + timedelta(days=1)
    total = Decimal(0)
    for n, version in enumerate(ordered):
        start = first if n == 0 else max(version.since, first)
        stop = min(ordered[n + 1].since, after) if n + 1 < len(ordered) else after
        if stop > start:
            total += version.amount * (stop - start).days
    return money(total / ((after - first).days)) if ordered else Decimal(0)


def _percent_of(sale: Sale, scheme: Scheme) -> Decimal:
    if sale.handed_off:
        return scheme.hunter_share_percent
    if sale.group_id is not None and sale.group_id in scheme.group_percent:
        return scheme.group_percent[sale.group_id]
    return scheme.new_percent if sale.is_new else scheme.repeat_percent


def compute_pay(
    *,
    scheme: Scheme,
    sales: Iterable[Sale],
    plan: Decimal,
    days_employed: int,
    days_in_month: int,
    activities_done: int = 0,
    activities_planned: int = 0,
) -> Payslip:
    """The month's pay, line by line."""
    sales = list(sales)
    lines: list[Line] = []
    base = money(scheme.base_salary * days_employed / days_in_month)
    lines.append(
        Line(
            "base",
            {"salary": scheme.base_salary, "days": days_employed, "month_days": days_in_month},
            base,
        )
    )
    buckets: dict[tuple[str, Decimal], Decimal] = {}
    for sale in sales:
        kind = (
            "hunter share"
            if sale.handed_off
            else f"group {sale.group_id}"
            if sale.group_id in scheme.group_percent
            else "new sales"
            if sale.is_new
            else "repeat sales"
        )
        key = (kind, _percent_of(sale, scheme))
        buckets[key] = buckets.get(key, Decimal(0)) + sale.amount
    variable = Decimal(0)
    for (kind, percent), amount in sorted(buckets.items()):
        commission = money(amount * percent / HUNDRED)
        variable += commission
        lines.append(Line(kind, {"percent": percent, "amount": money(amount)}, commission))
    own = sum((s.amount for s in sales if not s.handed_off), Decimal(0))
    fulfilment = (own / plan * HUNDRED) if plan > 0 else Decimal(0)
    reached = [bonus for step, bonus in scheme.bonus_steps if fulfilment >= step]
    if reached:
        bonus = max(reached)
        variable += bonus
        lines.append(
            Line(
                "plan bonus",
                {
                    "plan": money(plan),
                    "done": money(own),
                    "fulfilment": fulfilment.quantize(Decimal("0.1")),
                },
                bonus,
            )
        )
    if (
        scheme.penalty_below_percent is not None
        and plan > 0
        and fulfilment < scheme.penalty_below_percent
    ):
        lines.append(
            Line(
                "plan penalty",
                {
                    "fulfilment": fulfilment.quantize(Decimal("0.1")),
                    "floor": scheme.penalty_below_percent,
                },
                -scheme.penalty,
            )
        )
    if (
        scheme.kpi_floor_percent is not None
        and activities_planned > 0
        and Decimal(activities_done) * HUNDRED / activities_planned < scheme.kpi_floor_percent
    ):
        cut = money(variable * (scheme.kpi_multiplier - 1))
        lines.append(
            Line(
                "activity KPI",
                {
                    "done": activities_done,
                    "planned": activities_planned,
                    "multiplier": scheme.kpi_multiplier,
                },
                cut,
            )
        )
    return Payslip(lines)
