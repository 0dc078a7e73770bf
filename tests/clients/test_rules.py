"""The order rhythm at its edges (METHOD 5; issue 17), without a database."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from otdel.clients import rules

START = date(2026, 1, 1)


def every(days: int, count: int, amount: int = 100) -> list[tuple[date, Decimal]]:
    return [(START + timedelta(days=days * n), Decimal(amount)) for n in range(count)]


def after(history: list[tuple[date, Decimal]], days: int) -> rules.Rhythm:
    rhythm = rules.rhythm(history, max(d for d, _ in history) + timedelta(days=days))
    assert rhythm is not None
    return rhythm


def test_two_orders_make_no_rhythm_three_do():
    assert rules.rhythm(every(10, 2), START + timedelta(days=100)) is None
    rhythm = rules.rhythm(every(10, 3), START + timedelta(days=100))
    assert rhythm == rules.Rhythm(
        orders=3,
        last_order=START + timedelta(days=20),
        days_since=80,
        interval_days=10,
        usual_volume=Decimal("100.00"),
    )


def test_orders_after_the_day_do_not_count_yet():
    assert rules.rhythm(every(10, 3), START + timedelta(days=19)) is None


def test_orders_of_one_day_are_one_order_of_their_total():
    history = every(10, 2) + [(START, Decimal(50)), (START, Decimal(50))]
    assert rules.rhythm(history, START + timedelta(days=30)) is None
    history += [(START + timedelta(days=20), Decimal(100))]
    rhythm = rules.rhythm(history, START + timedelta(days=30))
    assert rhythm is not None and rhythm.usual_volume == Decimal("100.00")


def test_the_median_of_the_last_orders_only():
    # Old habit: every 100 days; the last seven orders: every 10 days.
    old = [(START - timedelta(days=100 * n), Decimal(5)) for n in range(1, 6)]
    rhythm = after(old + every(10, 7, amount=40), 0)
    assert rhythm.interval_days == 10 and rhythm.usual_volume == Decimal("40.00")
    # An even count of intervals: the median between two, rounded up to a whole day.
    uneven = [(START, Decimal(1)), (START + timedelta(days=10), Decimal(1))]
    uneven += [(START + timedelta(days=25), Decimal(1))]
    assert after(uneven, 0).interval_days == 13  # median of 10 and 15 is 12.5


def test_due_from_the_day_the_interval_is_reached():
    history = every(20, 4)
    assert not rules.is_due(after(history, 19))
    assert rules.is_due(after(history, 20))


def test_dormant_after_twice_the_interval_not_at_it():
    history = every(20, 4)
    assert rules.is_due(after(history, 40)) and not rules.is_dormant(after(history, 40))
    assert rules.is_dormant(after(history, 41)) and not rules.is_due(after(history, 41))


def test_dormant_needs_at_least_thirty_days():
    history = every(10, 4)  # twice the interval passes on day 21
    assert not rules.is_dormant(after(history, 29))
    assert rules.is_due(after(history, 29))
    assert rules.is_dormant(after(history, 30))
    assert rules.is_dormant(after(history, 31))


def test_dropping_under_half_of_the_same_months_a_year_before():
    assert rules.is_dropping(Decimal("49.99"), Decimal(100))
    assert not rules.is_dropping(Decimal(50), Decimal(100))
    assert not rules.is_dropping(Decimal(0), Decimal(0))  # nothing then: nothing to drop


def test_dropping_windows_are_three_months_and_the_same_a_year_before():
    recent, before = rules.dropping_windows(date(2026, 5, 31))
    assert recent == (date(2026, 3, 1), date(2026, 5, 31))
    assert before == (date(2025, 3, 1), date(2025, 5, 31))
    days = [(date(2026, 2, 28), Decimal(7)), (date(2026, 3, 1), Decimal(1))]
    days += [(date(2026, 5, 31), Decimal(2)), (date(2026, 6, 1), Decimal(9))]
    assert rules.revenue_in(days, recent) == Decimal(3)


def test_the_cycle_goes_on_and_starts_again():
    assert rules.next_step_position([10, 20, 30], None) == 10
    assert rules.next_step_position([30, 10, 20], 10) == 20
    assert rules.next_step_position([10, 20, 30], 30) == 10
    assert rules.next_step_position([], 10) is None


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.integers(1, 400), min_size=2, max_size=12),
    wait=st.integers(0, 2000),
)
def test_a_regular_client_is_due_dormant_or_neither_never_both(gaps, wait):
    days = [START]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    rhythm = rules.rhythm([(d, Decimal(1)) for d in days], days[-1] + timedelta(days=wait))
    assert rhythm is not None and rhythm.days_since == wait
    assert not (rules.is_due(rhythm) and rules.is_dormant(rhythm))
    assert rules.is_due(rhythm) or rules.is_dormant(rhythm) or wait < rhythm.interval_days
    assert min(gaps[-6:]) <= rhythm.interval_days <= max(gaps[-6:])


def test_customer_codes_sort_as_people_read_them():
    codes = ["50", "Q3", "5", "46", "A1"]
    assert sorted(codes, key=rules.code_order) == ["5", "46", "50", "A1", "Q3"]
