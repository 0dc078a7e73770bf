"""The company's calendar: days as people read them, months added to a day, working days, and
timestamps counted by local day in the database without a function call per row. SQLite's
time-zone conversion runs in Python for every row (about 17 µs each, 17 s for a year of
activities), so the period is cut where the zone's offset changes (twice a year at most) and within each part
the local day is the UTC time moved by that part's fixed offset, which both databases compute
natively."""

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.db.models import DateField, Expression, Func
from django.utils import timezone
from django.utils.formats import date_format

HOUR = timedelta(hours=1)


def add_months(day: date, months: int) -> date:
    """The same day so many months later (or earlier), cut to the month's length."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def working_day(day: date) -> date:
    """The day itself from Monday to Friday; a Saturday or a Sunday moves to the Monday after,
    as a term that ends on a day off moves to the next working day (Civil Code, art. 193).
    Public holidays are not known to Otdel."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


@dataclass(frozen=True)
class Span:
    start: datetime  # aware; rows at or after ...
    end: datetime  # ... and before this
    minutes: int  # the zone's offset from UTC in this span


def spans(first: date, last: date, zone: tzinfo | None = None) -> list[Span]:
    """The local days first..last as parts of constant UTC offset (offsets change on the hour)."""
    zone = zone or timezone.get_current_timezone()
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)

    def minutes(moment: datetime) -> int:
        offset = moment.astimezone(zone).utcoffset() or timedelta(0)
        return int(offset.total_seconds() // 60)

    out = []
    cut, offset, moment = start, minutes(start), start
    while moment < end:
        moment = min(moment + HOUR, end)
        if moment < end and minutes(moment) != offset:
            out.append(Span(cut, moment, offset))
            cut, offset = moment, minutes(moment)
    out.append(Span(cut, end, offset))
    return out


class ShiftedDate(Func):
    """The date of a timestamp moved by a fixed number of minutes from UTC."""

    output_field = DateField()

    def __init__(self, expression: Expression | str, minutes: int) -> None:
        super().__init__(expression)
        self.minutes = int(minutes)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=f"date(%(expressions)s, '{self.minutes:+d} minutes')",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=f"((%(expressions)s AT TIME ZONE 'UTC') + interval '{self.minutes} minutes')::date",
            **extra,
        )


def day(value: date) -> str:
    """A day inside a sentence: 30 ноября 2026 in Russian, Nov. 30, 2026 in English."""
    return date_format(value, "DATE_FORMAT")


def short_day(value: date) -> str:
    """A day in a table or a title: 30.11.2026 in Russian, 11/30/2026 in English."""
    return date_format(value, "SHORT_DATE_FORMAT")


def moment(value: datetime) -> str:
    """A moment inside a sentence, in the company's time: 30 ноября 2026, 14:05."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")
