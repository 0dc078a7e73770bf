"""The client department's arithmetic (METHOD 5, 7): a regular client's rhythm of orders and
the alerts it gives, and the client algorithm's next step. Plain data in, plain data out."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from math import ceil
from statistics import median

from otdel.days import add_months

# A client is regular from his third order: two orders make one interval, no rhythm.
REGULAR_ORDERS = 3
# The usual interval and volume are read from the last orders only: a client's habits change.
LAST_ORDERS = 7
DORMANT_MIN_DAYS = 30
DROPPING_MONTHS = 3


@dataclass(frozen=True)
class Rhythm:
    orders: int
    last_order: date
    days_since: int
    interval_days: int
    usual_volume: Decimal


def rhythm(orders: Sequence[tuple[date, Decimal]], as_of: date) -> Rhythm | None:
    """A regular client's usual interval (median of the last orders' intervals, whole days,
    rounded up) and usual volume (median of their amounts); None for fewer than three orders.

    `orders` are (day, amount) of his orders up to `as_of`, in any order; several orders on one
    day are one order of their total (a shop splits a basket into invoices)."""
    by_day: dict[date, Decimal] = {}
    for day, amount in orders:
        if day <= as_of:
            by_day[day] = by_day.get(day, Decimal(0)) + amount
    if len(by_day) < REGULAR_ORDERS:
        return None
    days = sorted(by_day)[-LAST_ORDERS:]
    intervals = [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)]
    return Rhythm(
        orders=len(by_day),
        last_order=days[-1],
        days_since=(as_of - days[-1]).days,
        interval_days=max(1, ceil(median(intervals))),
        usual_volume=Decimal(median([by_day[d] for d in days])).quantize(Decimal("0.01")),
    )


def is_dormant(r: Rhythm) -> bool:
    """Quiet for more than twice his usual interval and at least a month: he may be gone to a
    competitor (METHOD 5)."""
    return r.days_since > 2 * r.interval_days and r.days_since >= DORMANT_MIN_DAYS


def is_due(r: Rhythm) -> bool:
    """His usual interval has passed since his last order: time for the reorder call. A dormant
    client is no longer due, he is dormant."""
    return r.days_since >= r.interval_days and not is_dormant(r)


def dropping_windows(as_of: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The last three months up to `as_of` and the same months a year before, each as
    (first day, last day), both included."""
    recent = (add_months(as_of, -DROPPING_MONTHS) + timedelta(days=1), as_of)
    return recent, (add_months(recent[0], -12), add_months(as_of, -12))


def revenue_in(days: Sequence[tuple[date, Decimal]], window: tuple[date, date]) -> Decimal:
    first, last = window
    return sum((amount for day, amount in days if first <= day <= last), start=Decimal(0))


def is_dropping(recent: Decimal, year_before: Decimal) -> bool:
    """The last three months bring less than half of the same months a year before."""
    return year_before > 0 and recent * 2 < year_before


def next_step_position(positions: Sequence[int], done: int | None) -> int | None:
    """The step of the client cycle after the one done: the next by position, from the first
    again after the last; the first when none was done yet."""
    ordered = sorted(positions)
    if not ordered:
        return None
    later = [p for p in ordered if done is not None and p > done]
    return later[0] if later else ordered[0]


def code_order(code: str) -> tuple[int, int, str]:
    """Customer codes read as people read them: 5 before 46, numbers before letters."""
    return (0, int(code), "") if code.isdigit() else (1, 0, code)
