"""The pilot's pure rules: 30 to 40 days, and the figures per manager."""

import datetime as dt
from decimal import Decimal

import pytest

from otdel.pilot import rules

MONDAY = dt.date(2026, 11, 2)


@pytest.mark.parametrize(
    ("days", "allowed"), [(29, False), (30, True), (35, True), (40, True), (41, False)]
)
def test_a_pilot_runs_30_to_40_days_both_ends_counted(days, allowed):
    ends = MONDAY + dt.timedelta(days=days - 1)
    assert rules.length_in_days(MONDAY, ends) == days
    assert (rules.length_refusal(MONDAY, ends) is None) is allowed


def test_the_refusal_says_the_range_and_the_days_asked():
    message = rules.length_refusal(MONDAY, dt.date(2026, 11, 15))
    assert "30" in message and "40" in message and "14" in message
    assert "02.11.2026" in message and "15.11.2026" in message


def test_activities_per_manager_a_week_and_money_per_manager():
    assert rules.per_week(4, 1, 14) == Decimal("2.0")
    assert rules.per_week(5, 2, 14) == Decimal("1.3")
    assert rules.per_week(3, 0, 14) is None
    assert rules.per_manager(Decimal(10001), 2) == Decimal(5001)
    assert rules.per_manager(Decimal(1), 0) is None
