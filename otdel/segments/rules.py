"""ABC(D) segmentation of clients (METHOD 7), as plain functions of numbers.

The revenue Pareto: clients ranked by revenue, largest first; a client is A while the clients
ranked above it hold less than A_SHARE of the revenue, B while less than B_SHARE, C after.
Clients with equal revenue are one rank: they share a class (none of them is "above" another).
Then, with all criteria, a C client that is worth little (no potential, rare orders) is D:
"not worth the time".
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from otdel.base.models import ABC_CLASSES as CLASSES

if TYPE_CHECKING:
    from otdel.org.models import User

A_SHARE = Decimal("0.80")
B_SHARE = Decimal("0.95")


@dataclass(frozen=True)
class Thresholds:
    a: Decimal = A_SHARE
    b: Decimal = B_SHARE


def pareto_classes(
    revenues: Iterable[tuple[int, Decimal]], thresholds: Thresholds = Thresholds()
) -> dict[int, str]:
    """Client id -> "A", "B" or "C" by the share of revenue held by the clients above it.
    A client with no revenue (only returns, say) is C."""
    ranked = sorted(revenues, key=lambda pair: pair[1], reverse=True)
    total = sum((revenue for _id, revenue in ranked), Decimal(0))
    classes: dict[int, str] = {}
    above = Decimal(0)
    i = 0
    while i < len(ranked):
        revenue = ranked[i][1]
        j = i
        while j < len(ranked) and ranked[j][1] == revenue:  # ties: one rank
            j += 1
        peers = [client for client, _r in ranked[i:j]]
        if total <= 0 or revenue <= 0:
            label = "C"
        else:
            share = above / total
            label = "A" if share < thresholds.a else "B" if share < thresholds.b else "C"
        for client in peers:
            classes[client] = label
        above += revenue * len(peers)
        i = j
    return classes


@dataclass(frozen=True)
class Worth:
    """What else METHOD 7 weighs besides revenue, each scored 0..1."""

    potential: float  # size tag, segment, the manager's own estimate
    margin: float  # 0.5 when unknown
    frequency: float  # orders in the period, relative to the busiest clients


@dataclass(frozen=True)
class Weights:
    potential: float = 0.5
    margin: float = 0.2
    frequency: float = 0.3
    d_below: float = 0.35  # a C client whose weighted worth is below this is D


def worth_score(worth: Worth, weights: Weights = Weights()) -> float:
    total = weights.potential + weights.margin + weights.frequency
    return (
        worth.potential * weights.potential
        + worth.margin * weights.margin
        + worth.frequency * weights.frequency
    ) / total


def with_d(pareto: str, worth: Worth, weights: Weights = Weights()) -> str:
    """The final class: A and B stay; C of low weighted worth becomes D."""
    if pareto == "C" and worth_score(worth, weights) < weights.d_below:
        return "D"
    return pareto


POTENTIAL_OF_SIZE = {"large": 1.0, "medium": 0.6, "small": 0.2, "non_core": 0.0, "": 0.3}
POTENTIAL_OF_MANUAL = {"high": 1.0, "medium": 0.6, "low": 0.1}


def potential(size_tag: str, manual: str, segment: str = "") -> float:
    """The manager's own estimate wins; then the segment's; otherwise the size tag says it."""
    for estimate in (manual, segment):
        if estimate in POTENTIAL_OF_MANUAL:
            return POTENTIAL_OF_MANUAL[estimate]
    return POTENTIAL_OF_SIZE.get(size_tag, 0.3)


UNKNOWN_MARGIN = 0.5
GOOD_MARGIN = 0.5  # a gross margin of 50 % scores full marks


def margin(profit: float | None, revenue: float | None) -> float:
    """The client's gross margin as a score: unknown (no cost prices) weighs neutrally."""
    if profit is None or not revenue:
        return UNKNOWN_MARGIN
    return max(0.0, min(profit / revenue / GOOD_MARGIN, 1.0))


def frequency(orders: int, busy: int) -> float:
    """Orders relative to a busy client's count (capped at 1)."""
    return min(orders / busy, 1.0) if busy > 0 else 0.0


# Hunter -> farmer hand-off (METHOD 5): a client that meets the company's rule becomes a regular
# client of a farmer of its territory, else of the least loaded one.


@dataclass(frozen=True)
class HandoffRule:
    """The company's criteria; each set one is a condition, all or any of them must hold."""

    match_all: bool = True
    min_orders: int | None = None
    min_volume: Decimal | None = None
    volume_days: int = 365
    products: frozenset[int] = field(default_factory=frozenset)
    groups: frozenset[int] = field(default_factory=frozenset)
    min_monthly: Decimal | None = None


def pick_farmer(
    territory_id: int | None, farmers: Sequence[tuple["User", int, set[int]]]
) -> "User | None":
    """A farmer of the client's territory, else any; the least loaded. `farmers` is
    (farmer, clients he owns, his territory ids)."""
    local = [f for f in farmers if territory_id and territory_id in f[2]]
    pool = local or farmers
    return min(pool, key=lambda f: (f[1], f[0].pk))[0] if pool else None


def period(as_of: date, days: int) -> tuple[datetime, datetime]:
    """The `days` days up to and including `as_of`, as aware datetimes [start, end)."""
    start = timezone.make_aware(datetime.combine(as_of - timedelta(days=days - 1), time.min))
    end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    return start, end


def summarise(figures: list[dict[str, Any]], classes: dict[int, str]) -> dict[str, Any]:
    revenue = sum((f["revenue"] for f in figures), Decimal(0))
    by_class = {c: Decimal(0) for c in CLASSES}
    for f in figures:
        by_class[classes[f["order__company_id"]]] += f["revenue"]
    counts = dict.fromkeys(CLASSES, 0)
    for label in classes.values():
        counts[label] += 1
    return {
        "clients": len(figures),
        **counts,
        "revenue": round(float(revenue), 2),
        "share": {c: round(float(by_class[c] / revenue), 4) if revenue else 0.0 for c in CLASSES},
        "returns": round(float(sum((f["returns"] for f in figures), Decimal(0))), 2),
    }
