"""Sales plans as numbers (METHOD 6): a period split into weeks, a plan spread over them, and
the plan against the fact while there is still time to act. Plain functions, no database.

A period (a month, a quarter, a year) is cut into buckets: calendar weeks from Monday, also cut
at each month's end, so that a month's share of any plan is exact (pay is monthly). A plan is
spread over the buckets by their working days (Monday to Friday) unless the head sets the weeks
by hand; "by today" means the buckets already over plus the part of this one whose working days
have passed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from otdel.days import add_months

CENT = Decimal("0.01")
ONE = Decimal(1)
HUNDRED = Decimal(100)
# Fact under 90 % of the plan by today: warn while the period can still be saved.
BEHIND_BELOW = Decimal("0.9")

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def period_start(kind: str, day: date) -> date:
    """The first day of the period of this kind that holds the day (quarters from January)."""
    months = PERIOD_MONTHS[kind]
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def period_bounds(kind: str, day: date) -> tuple[date, date]:
    first = period_start(kind, day)
    return first, add_months(first, PERIOD_MONTHS[kind]) - timedelta(days=1)


def next_period(kind: str, first: date) -> date:
    return add_months(period_start(kind, first), PERIOD_MONTHS[kind])


@dataclass(frozen=True)
class Bucket:
    first: date
    last: date

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def working_days(self) -> list[date]:
        return [day for day in self.days if day.weekday() < 5]


def buckets(first: date, last: date) -> list[Bucket]:
    """The weeks of a period, each also cut at a month's end."""
    out = []
    start = first
    while start <= last:
        week_end = start + timedelta(days=6 - start.weekday())
        month_end = add_months(start.replace(day=1), 1) - timedelta(days=1)
        end = min(week_end, month_end, last)
        out.append(Bucket(start, end))
        start = end + timedelta(days=1)
    return out


def spread(amount: Decimal, weights: Sequence[int], *, whole: bool) -> list[Decimal]:
    """Split an amount in proportion to the weights, in cents (or whole units for counts), so
    that the parts add up to the amount exactly: the largest remainders get the leftover units."""
    if not weights:
        return []
    if sum(weights) == 0:
        weights = [1] * len(weights)
    unit = ONE if whole else CENT
    total = sum(weights)
    exact = [amount * w / total for w in weights]
    parts = [e.quantize(unit, rounding=ROUND_DOWN) for e in exact]
    leftover = int((amount.quantize(unit, rounding=ROUND_HALF_UP) - sum(parts)) / unit)
    by_remainder = sorted(range(len(parts)), key=lambda n: (parts[n] - exact[n], n))
    for n in by_remainder[:leftover]:
        parts[n] += unit
    return parts


def spread_over_weeks(amount: Decimal, weeks: Sequence[Bucket], *, whole: bool) -> list[Decimal]:
    """A plan spread over the weeks by their working days."""
    return spread(amount, [len(week.working_days) for week in weeks], whole=whole)


def spread_over_days(amount: Decimal, week: Bucket, *, whole: bool) -> list[tuple[date, Decimal]]:
    """A week's plan by working day, for short deals (a week without working days: by day)."""
    days = week.working_days or week.days
    return list(zip(days, spread(amount, [1] * len(days), whole=whole), strict=True))


def bucket_index(periods: Sequence[Bucket]) -> dict[date, int]:
    """Day -> the number of its bucket."""
    return {day: n for n, period in enumerate(periods) for day in period.days}


def by_bucket(facts: dict[date, Decimal], index: dict[date, int], count: int) -> list[Decimal]:
    """Facts by day summed into the buckets (days outside them are left out)."""
    sums = [Decimal(0)] * count
    for day, value in facts.items():
        if (n := index.get(day)) is not None:
            sums[n] += value
    return sums


def planned_by(plan: Iterable[tuple[Bucket, Decimal]], today: date) -> Decimal:
    """What the plan asks for by the end of today: the weeks over, and this week's share of its
    working days passed (today included)."""
    total = Decimal(0)
    for week, amount in plan:
        if week.last <= today:
            total += amount
        elif week.first <= today:
            days = week.working_days or week.days
            passed = sum(1 for day in days if day <= today)
            total += amount * passed / len(days)
    return total


def shortfall(parent: Decimal, children: Iterable[Decimal]) -> Decimal:
    """How much of a plan nobody below has taken on (0 when the parts cover it)."""
    return max(parent - sum(children, Decimal(0)), Decimal(0))


@dataclass(frozen=True)
class Progress:
    """One metric of one line of a plan: the period to date, this week, and the forecast."""

    plan: Decimal
    expected: Decimal  # what the plan asks for by today
    fact: Decimal
    week_plan: Decimal
    week_fact: Decimal
    run_rate: Decimal  # the period's end at the pace so far
    with_pipeline: Decimal  # ... plus the open deals weighted by their probability

    @property
    def percent_of_pace(self) -> Decimal:
        if not self.expected:
            return Decimal(0)
        return (self.fact / self.expected * HUNDRED).quantize(ONE, rounding=ROUND_HALF_UP)

    @property
    def percent_of_plan(self) -> Decimal:
        if not self.plan:
            return Decimal(0)
        return (self.fact / self.plan * HUNDRED).quantize(ONE, rounding=ROUND_HALF_UP)

    @property
    def behind(self) -> bool:
        """METHOD 6: the month's report is an autopsy; say so while the period can be saved."""
        return self.plan > 0 and self.fact < self.expected * BEHIND_BELOW


def progress(
    *,
    plan: Sequence[tuple[Bucket, Decimal]],
    facts: dict[date, Decimal],
    pipeline: Decimal,
    today: date,
) -> Progress:
    """Plan against fact for a line's metric: plan by week, facts by day."""
    first, last = plan[0][0].first, plan[-1][0].last
    to_date = min(today, last)
    fact = sum((v for day, v in facts.items() if first <= day <= to_date), Decimal(0))
    week_first = today - timedelta(days=today.weekday())
    week_last = week_first + timedelta(days=6)
    week_plan = sum(
        (a for w, a in plan if w.first <= week_last and w.last >= week_first), Decimal(0)
    )
    week_fact = sum(
        (
            v
            for day, v in facts.items()
            if week_first <= day <= min(week_last, last) and day >= first
        ),
        Decimal(0),
    )
    days = (last - first).days + 1
    elapsed = max(min((today - first).days + 1, days), 1)
    run_rate = fact / elapsed * days if today >= first else Decimal(0)
    return Progress(
        plan=sum((a for _w, a in plan), Decimal(0)),
        expected=planned_by(plan, today).quantize(CENT, rounding=ROUND_HALF_UP),
        fact=fact,
        week_plan=week_plan,
        week_fact=week_fact,
        run_rate=run_rate.quantize(CENT, rounding=ROUND_HALF_UP),
        with_pipeline=(run_rate + pipeline).quantize(CENT, rounding=ROUND_HALF_UP),
    )


def month_share(plan: Iterable[tuple[Bucket, Decimal]], month_first: date) -> Decimal:
    """A month's part of a longer plan (buckets never cross a month's end)."""
    return sum(
        (
            a
            for w, a in plan
            if (w.first.year, w.first.month) == (month_first.year, month_first.month)
        ),
        Decimal(0),
    )


def amount_text(value: Decimal) -> str:
    """A plan figure as people read it: whole numbers without decimals, grouped."""
    return number_format(
        value.normalize() if value == value.to_integral() else value, force_grouping=True
    )
