"""A period's local days cut where the zone's offset changes."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from otdel.days import Span, add_months, spans, working_day


def test_a_year_in_berlin_has_three_parts_and_moscow_one():
    berlin = spans(date(2026, 1, 1), date(2026, 12, 31), ZoneInfo("Europe/Berlin"))
    assert berlin == [
        Span(datetime(2025, 12, 31, 23, tzinfo=UTC), datetime(2026, 3, 29, 1, tzinfo=UTC), 60),
        Span(datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC), 120),
        Span(datetime(2026, 10, 25, 1, tzinfo=UTC), datetime(2026, 12, 31, 23, tzinfo=UTC), 60),
    ]
    assert spans(date(2026, 11, 1), date(2026, 11, 30), ZoneInfo("Europe/Moscow")) == [
        Span(datetime(2026, 10, 31, 21, tzinfo=UTC), datetime(2026, 11, 30, 21, tzinfo=UTC), 180)
    ]


def test_months_added_and_taken_away_keep_within_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 1), 2) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert add_months(date(2026, 3, 31), -13) == date(2025, 2, 28)


def test_a_day_off_moves_to_the_next_working_day():
    friday, saturday, sunday, monday = (date(2026, 11, d) for d in (27, 28, 29, 30))
    assert working_day(friday) == friday
    assert working_day(saturday) == monday
    assert working_day(sunday) == monday
    assert working_day(monday) == monday
