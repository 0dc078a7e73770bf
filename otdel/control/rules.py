"""Control's arithmetic (METHOD 8): which manager needs the head first, how complete a
company's data is, and where a working list strays from the algorithm. Plain functions of
plain values, tested without a database."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from django.utils.translation import pgettext_lazy

from otdel.plans.rules import BEHIND_BELOW

T = TypeVar("T")

# METHOD 3, active sales: repeat meetings come "at most a few days after the first".
REPEAT_MEETING_DAYS = 3
# Under this share of what the plan asks for by today a manager is behind, as on the plan pages.
PACE_BEHIND_PERCENT = BEHIND_BELOW * 100

# The data a company needs before it can be worked by the algorithm, in the order the head
# reads them; each is a yes/no fact the selector reads for every company of a working list.
DATA_FIELDS: dict[str, object] = {
    "tax_id": pgettext_lazy("missing data", "tax id"),
    "phone": pgettext_lazy("missing data", "phone"),
    "decision_maker": pgettext_lazy("missing data", "decision maker"),
    "category": pgettext_lazy("missing data", "category"),
    "segment": pgettext_lazy("missing data", "segment"),
    "size": pgettext_lazy("missing data", "size"),
}


@dataclass(frozen=True)
class Figures:
    """One manager's line on Control; each figure is the number of rows of the list behind it."""

    in_work: int
    cap: int
    untriaged: int
    overdue_steps: int
    no_next_step: int
    awaiting_invoice: int
    awaiting_payment: int
    overdue_invoices: int
    pace: Decimal | None  # percent of what the plan asks by today; None without a plan line


def alerts(figures: Figures) -> list[str]:
    """The figures that call for the head, by name: a full working list, a company left
    untriaged, an overdue or missing next step, a deal stuck between the client's yes and the
    money, a client late to pay, a plan behind its pace."""
    found = []
    if figures.in_work > figures.cap:
        found.append("over_cap")
    for name in (
        "untriaged",
        "overdue_steps",
        "no_next_step",
        "awaiting_invoice",
        "awaiting_payment",
        "overdue_invoices",
    ):
        if getattr(figures, name):
            found.append(name)
    if figures.pace is not None and figures.pace < PACE_BEHIND_PERCENT:
        found.append("behind")
    return found


def severity(figures: Figures) -> tuple[int, int, int, int, Decimal]:
    """The order of Control's lines, worst first, as a key to sort by in descending order:

    1. how many figures call for the head (`alerts`);
    2. money first: overdue invoices, then deals waiting for an invoice or a payment;
    3. then the companies waiting for an action: untriaged, overdue and missing next steps;
    4. then the furthest behind the plan's pace (no plan line counts as on pace).
    """
    pace = figures.pace if figures.pace is not None else Decimal(100)
    return (
        len(alerts(figures)),
        figures.overdue_invoices,
        figures.awaiting_invoice + figures.awaiting_payment,
        figures.untriaged + figures.overdue_steps + figures.no_next_step,
        -pace,
    )


def missing_data(facts: Mapping[str, bool]) -> list[str]:
    """The data fields a company lacks (`DATA_FIELDS` keys), given which it has."""
    return [name for name in DATA_FIELDS if not facts.get(name)]


def completeness(missing: Iterable[Sequence[str]]) -> int:
    """The share of the data fields filled across a working list, in percent (100 for an empty
    list: nothing is missing)."""
    rows = list(missing)
    if not rows:
        return 100
    total = len(rows) * len(DATA_FIELDS)
    filled = total - sum(len(m) for m in rows)
    return round(filled * 100 / total)


def repeat_meeting_late(
    first_held: datetime,
    repeat_at: datetime | None,
    today: date,
    *,
    days: int = REPEAT_MEETING_DAYS,
) -> bool:
    """A repeat meeting held or planned more than `days` after the first meeting, or none yet
    when those days are over (METHOD 3: repeat meetings at most a few days after the first)."""
    limit = first_held.date() + timedelta(days=days)
    if repeat_at is None:
        return today > limit
    return repeat_at.date() > limit


def preparation_skipped(prepared: Sequence[str], checklist: Sequence[str]) -> list[str]:
    """The checklist's items a meeting was held without (METHOD 8: the algorithm followed)."""
    return [item for item in checklist if item not in prepared]


def checklists_skipped(
    left: Iterable[tuple[T, datetime | None, Sequence[str]]], since: datetime
) -> list[tuple[T, list[str]]]:
    """The stages left since `since` (a stage not left yet, `None`, is still being worked)
    with items of their playbook checklist not ticked, each with those items, newest first
    (METHOD 8: the algorithm followed stage by stage)."""
    skipped = [
        (row, at, list(missing))
        for row, at, missing in left
        if at is not None and at >= since and missing
    ]
    skipped.sort(key=lambda found: found[1], reverse=True)
    return [(row, missing) for row, _at, missing in skipped]
