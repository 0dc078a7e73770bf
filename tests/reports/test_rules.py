"""The funnel counted from hand-built histories, without the database."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from otdel.reports import rules
from tests.reports import history
from tests.reports.history import Born, Move, Span

STATES = ("new", "contact_1", "contact_2", "deal", "client")
LOST = ("refusal", "strategic_reserve")
START = datetime(2026, 11, 2, tzinfo=UTC)
END = START + timedelta(days=7)


def at(day: int, hour: int = 10) -> datetime:
    return START + timedelta(days=day, hours=hour)


def count(spans, **kwargs):
    rows = history.funnel(spans, states=STATES, lost_states=LOST, start=START, end=END, **kwargs)
    return {row.state: row for row in rows}


def test_spans_follow_the_moves_and_start_at_creation():
    moves = [
        Move(1, "new", "contact_1", at(1)),
        Move(1, "contact_1", "refusal", at(3), "Нет денег: позже"),
    ]
    spans = history.spans_of(moves, {1: Born(at(0), "refusal"), 2: Born(at(2), "contact_1")})
    assert sorted(spans, key=lambda s: (s.company, s.entered_at)) == [
        Span(1, "new", at(0), at(1), "contact_1"),
        Span(1, "contact_1", at(1), at(3), "refusal", "Нет денег: позже"),
        Span(1, "refusal", at(3)),
        Span(2, "contact_1", at(2)),  # not moved: where it was created, since then
    ]


def test_companies_created_and_still_there_count_as_entries():
    moves = [Move(1, "new", "contact_1", at(1))]
    born = {n: Born(at(0), "new") for n in (1, 2, 3, 4)} | {5: Born(at(0), "refusal")}
    rows = count(history.spans_of(moves, born))
    assert (rows["new"].entered, rows["new"].moved_on) == (4, 1)
    assert rows["new"].median_days == Decimal("1.0")  # a stay still running has no length


def test_a_company_created_before_the_period_enters_only_by_its_moves():
    spans = history.spans_of([Move(1, "contact_1", "contact_2", at(2))], {})
    assert spans == [Span(1, "contact_2", at(2))]


def test_counts_entries_moves_on_losses_and_median():
    spans = [
        Span(1, "contact_1", at(0), at(2), "contact_2"),  # 2 days, on
        Span(2, "contact_1", at(1), at(5), "deal"),  # 4 days, on (skips contact_2)
        Span(3, "contact_1", at(1), at(2), "refusal", "Нет денег: позже"),  # 1 day, lost
        Span(4, "contact_1", at(3)),  # still there: entered only
        Span(5, "contact_1", at(2), at(9), "contact_2"),  # leaves after the period
    ]
    row = count(spans, known_reasons=["Нет денег"])["contact_1"]
    assert (row.entered, row.moved_on, row.lost) == (5, 2, 1)
    assert row.median_days == Decimal("2.0")
    assert row.lost_reasons == [("Нет денег", 1)]
    assert row.conversion == Decimal(40)


def test_a_company_back_from_triage_enters_again():
    """contact_1 -> refusal (triage) -> contact_1 -> contact_2: two entries into contact_1, one
    lost and one moved on; the refusal itself is outside the funnel's states."""
    moves = [
        Move(7, "new", "contact_1", at(0)),
        Move(7, "contact_1", "refusal", at(1), "Кризис"),
        Move(7, "refusal", "contact_1", at(3)),
        Move(7, "contact_1", "contact_2", at(4, 22)),
    ]
    rows = count(history.spans_of(moves, {}), known_reasons=["Кризис"])
    first = rows["contact_1"]
    assert (first.entered, first.moved_on, first.lost) == (2, 1, 1)
    assert first.lost_reasons == [("Кризис", 1)]
    assert first.median_days == Decimal("1.3")  # 1 day and 1.5 days
    assert rows["contact_2"].entered == 1
    assert rows["new"].entered == 0  # entered before the period: no move into it in the period


def test_entries_outside_the_period_are_not_counted():
    spans = [Span(1, "deal", START - timedelta(seconds=1), at(1), "client"), Span(2, "deal", END)]
    assert count(spans)["deal"].entered == 0


def test_a_move_back_is_neither_on_nor_lost():
    row = count([Span(1, "contact_2", at(0), at(1), "contact_1")])["contact_2"]
    assert (row.entered, row.moved_on, row.lost) == (1, 0, 0)


def test_a_reason_naming_no_refusal_reason_is_kept_as_written():
    assert rules.reason_name("перезвонить в марте", ["Нет денег"]) == "перезвонить в марте"
    assert rules.reason_name("Нет денег: позже", ["Нет денег"]) == "Нет денег"


def test_conversion_of_nothing_is_none():
    assert count([])["deal"].conversion is None


def test_previous_period_has_the_same_length():
    assert rules.previous_period(date(2026, 11, 1), date(2026, 11, 30)) == (
        date(2026, 10, 2),
        date(2026, 10, 31),
    )


def test_iso_week():
    week = rules.parse_week("2026-W48")
    assert (week.monday, week.sunday) == (date(2026, 11, 23), date(2026, 11, 29))
    assert str(week) == "2026-W48"
    assert rules.week_of(date(2027, 1, 1)) == rules.IsoWeek(2026, 53)


@pytest.mark.parametrize("text", ["2026-48", "2026W48", "2026-W4", "", "2025-W53", "2026-W00"])
def test_bad_week_is_refused_with_the_reason(text):
    with pytest.raises(ValueError, match="ISO"):
        rules.parse_week(text)
