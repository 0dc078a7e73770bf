"""The arithmetic of keeping and growing clients, as plain functions (no ORM, no I/O)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum


def complaint_overdue(due_on: date, today: date, *, is_open: bool) -> bool:
    """An open complaint past the day it was to be resolved (the day itself is still in time)."""
    return is_open and today > due_on


def due_too_early(due_on: date, today: date) -> bool:
    """A complaint is resolved on the day it is recorded at the earliest: a day before it would
    be overdue from the start."""
    return due_on < today


def is_big_fish(
    *,
    employees: int | None,
    annual_revenue: Decimal | None,
    potential: str,
    min_employees: int | None,
    min_revenue: Decimal | None,
    high_potential: bool,
) -> bool:
    """A client or prospect the development department works (METHOD 1 [000]): above either
    size threshold the company set, or of high potential when it counts that in."""
    return (
        (min_employees is not None and employees is not None and employees >= min_employees)
        or (
            min_revenue is not None and annual_revenue is not None and annual_revenue >= min_revenue
        )
        or (high_potential and potential == "high")
    )


# METHOD 1 [000]: once the base has grown, active sales (OP) is about 40-50 % smaller than the
# client department (KO), so OP has 50-60 % of KO's headcount.
OP_SHARE_OF_KO = (Decimal("0.5"), Decimal("0.6"))


@dataclass(frozen=True)
class DepartmentFigures:
    """Those who sell in one department, and their pay schemes' averages (None: nobody on a
    scheme). `percent` is the percent of the sales the department is for: new sales for
    active sales, repeat sales for the client department."""

    headcount: int
    salary: Decimal | None
    percent: Decimal | None


class OrgWarning(Enum):
    NO_CLIENT_DEPARTMENT = "no_client_department"
    NO_ACTIVE_SALES = "no_active_sales"
    ACTIVE_SALES_TOO_LARGE = "active_sales_too_large"
    ACTIVE_SALES_TOO_SMALL = "active_sales_too_small"
    SALARY_NOT_HIGHER = "salary_not_higher"
    PERCENT_NOT_HIGHER = "percent_not_higher"


@dataclass(frozen=True)
class OrgCheck:
    # OP's headcount as a share of KO's (None when KO has nobody).
    ratio: Decimal | None
    warnings: tuple[OrgWarning, ...]


def organisation_check(active: DepartmentFigures, client: DepartmentFigures) -> OrgCheck:
    """METHOD 1 [000]: OP 40-50 % smaller than KO, with a higher salary and percent.
    A figure that is missing (no one on a pay scheme) is not compared."""
    warnings: list[OrgWarning] = []
    ratio = None
    if client.headcount == 0:
        warnings.append(OrgWarning.NO_CLIENT_DEPARTMENT)
    if active.headcount == 0:
        warnings.append(OrgWarning.NO_ACTIVE_SALES)
    if client.headcount and active.headcount:
        ratio = Decimal(active.headcount) / Decimal(client.headcount)
        low, high = OP_SHARE_OF_KO
        if ratio > high:
            warnings.append(OrgWarning.ACTIVE_SALES_TOO_LARGE)
        elif ratio < low:
            warnings.append(OrgWarning.ACTIVE_SALES_TOO_SMALL)
    if active.salary is not None and client.salary is not None and active.salary <= client.salary:
        warnings.append(OrgWarning.SALARY_NOT_HIGHER)
    if (
        active.percent is not None
        and client.percent is not None
        and active.percent <= client.percent
    ):
        warnings.append(OrgWarning.PERCENT_NOT_HIGHER)
    return OrgCheck(ratio=ratio, warnings=tuple(warnings))


def criteria_shares(counts: dict[str, int], clients: int) -> list[tuple[str, int, float]]:
    """Each criterion with how many clients named it and their share, most named first."""
    rows = [(code, n, n / clients if clients else 0.0) for code, n in counts.items() if n]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


# The class a client grows into (METHOD 7: grow C -> B -> A).
NEXT_CLASS = {"C": "B", "B": "A"}


@dataclass(frozen=True)
class Growth:
    revenue: Decimal  # the client's, over the segmentation's window
    next_class: str
    target: Decimal  # the revenue of the smallest client of the next class
    gap: Decimal
    wallet: Decimal  # what a client like him buys from us: the median of his peers' A clients


def _median(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def growth_of(
    abc_class: str,
    revenue: Decimal,
    *,
    class_floors: dict[str, Decimal],
    peers_a: list[Decimal],
) -> Growth | None:
    """A B or C client's growth target (the floor of the class above) and his wallet estimate
    (the median A client among his peers, never below what he buys now); None for A and D
    clients, or when the class above is empty."""
    next_class = NEXT_CLASS.get(abc_class)
    if next_class is None or next_class not in class_floors:
        return None
    target = class_floors[next_class]
    wallet = max(revenue, _median(peers_a) or target)
    return Growth(
        revenue=revenue,
        next_class=next_class,
        target=target,
        gap=max(target - revenue, Decimal(0)),
        wallet=wallet,
    )


def products_to_offer(
    bought: set[int], peers_buying: dict[int, int], limit: int = 5
) -> list[tuple[int, int]]:
    """Products the client has not bought, by how many similar clients buy them, most first
    (ties by product id, so the list is stable)."""
    rows = [(product, n) for product, n in peers_buying.items() if product not in bought and n]
    return sorted(rows, key=lambda row: (-row[1], row[0]))[:limit]
