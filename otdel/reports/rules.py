"""The funnel read from the companies' history (METHOD 6: the head corrects course week by week),
and the ISO week a weekly report is about, as plain functions of plain data.

A company's history of states is cut into stays: the state it was in, when it entered and left
it, and where it went (the database keeps them as each move is written: base.CompanyStay, and
counts them: reports.selectors). The funnel of a period counts the stays that *began* in it:

- entered: every entry counts, so a company that went from "1st contact" to triage (a refusal)
  and was taken back to "1st contact" entered it twice, and both stays are judged;
- moved on: the span ended, before the period's end, in a later state of the funnel;
- lost: the span ended, before the period's end, in a refusal or the reserve (out of the
  funnel), with the reason written at the move;
- median days: of the spans that ended before the period's end (a stay still running has no
  length yet);
- conversion: moved on / entered, the share of entries that went forward.
"""

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


@dataclass
class FunnelRow:
    state: str
    entered: int = 0
    moved_on: int = 0
    lost: int = 0
    median_days: Decimal | None = None
    lost_reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def conversion(self) -> Decimal | None:
        """Percent of the entries that went forward."""
        return percent_of(self.moved_on, self.entered)


def percent_of(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def median_days(lengths: Sequence[timedelta]) -> Decimal | None:
    if not lengths:
        return None
    days = statistics.median(length.total_seconds() / 86400 for length in lengths)
    return Decimal(str(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def reason_name(reason: str, known: Sequence[str]) -> str:
    """The refusal reason a move's text names (the triage writes "<reason>: <comment>"), or
    the text itself when it names none."""
    for name in known:
        if reason == name or reason.startswith(name + ":"):
            return name
    return reason.strip()


@dataclass(frozen=True)
class Tally:
    """How many stays that began in the period began in `state` and ended alike: in
    `next_state`, with `reason`, before the period's end; both empty for the stays still running
    at its end (the database counts stays so, by owner)."""

    state: str
    next_state: str
    reason: str
    number: int


def funnel_of(
    tallies: Iterable[Tally],
    lengths: Mapping[str, Sequence[timedelta]],
    *,
    states: Sequence[str],
    lost_states: Iterable[str],
    known_reasons: Sequence[str] = (),
) -> list[FunnelRow]:
    """The funnel of the stays that began in a period, counted as tallies. `lengths` holds, by
    state, the lengths of the stays that ended in the period, or only the one or two in their
    middle: the median is the same."""
    order = {state: n for n, state in enumerate(states)}
    lost = set(lost_states)
    rows = {state: FunnelRow(state) for state in states}
    reasons: dict[str, Counter[str]] = {state: Counter() for state in states}
    for tally in tallies:
        row = rows.get(tally.state)
        if row is None:
            continue
        row.entered += tally.number
        if not tally.next_state:
            continue
        if tally.next_state in lost:
            row.lost += tally.number
            reasons[tally.state][reason_name(tally.reason, known_reasons)] += tally.number
        elif order.get(tally.next_state, -1) > order[tally.state]:
            row.moved_on += tally.number
    for state, row in rows.items():
        row.median_days = median_days(lengths.get(state, ()))
        row.lost_reasons = sorted(reasons[state].items(), key=lambda item: (-item[1], item[0]))
    return list(rows.values())


def previous_period(first: date, last: date) -> tuple[date, date]:
    """The period of the same length just before [first, last]."""
    length = last - first + timedelta(days=1)
    return first - length, last - length


@dataclass(frozen=True)
class IsoWeek:
    year: int
    week: int

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 7)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def parse_week(text: str) -> IsoWeek:
    """An ISO week written YYYY-Www (2026-W48); ValueError saying what is wrong otherwise."""
    match = _WEEK.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            _("“%(text)s” is not an ISO week: write it as YYYY-Www, e.g. 2026-W48.")
            % {"text": text}
        )
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(
            _("%(year)s has no ISO week %(week)s.") % {"year": year, "week": week}
        ) from None
    return IsoWeek(year, week)


def week_of(day: date) -> IsoWeek:
    year, week, _weekday = day.isocalendar()
    return IsoWeek(year, week)
