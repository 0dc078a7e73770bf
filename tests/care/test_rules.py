"""The arithmetic of care, without a database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from otdel.care.rules import (
    DepartmentFigures,
    OrgWarning,
    complaint_overdue,
    criteria_shares,
    due_too_early,
    growth_of,
    is_big_fish,
    organisation_check,
    products_to_offer,
)

DUE = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("today", "is_open", "overdue"),
    [
        (date(2026, 11, 19), True, False),
        (DUE, True, False),  # the day itself is still in time
        (date(2026, 11, 21), True, True),
        (date(2026, 11, 21), False, False),  # a closed complaint is never late
    ],
)
def test_a_complaint_is_overdue_only_open_and_after_its_day(today, is_open, overdue):
    assert complaint_overdue(DUE, today, is_open=is_open) is overdue


def fish(**company) -> bool:
    values = {"employees": None, "annual_revenue": None, "potential": ""} | company
    return is_big_fish(
        **values, min_employees=250, min_revenue=Decimal(1_000_000), high_potential=True
    )


@pytest.mark.parametrize(("days", "early"), [(-1, True), (0, False), (3, False)])
def test_a_complaint_is_due_the_day_it_is_recorded_at_the_earliest(days, early):
    assert due_too_early(DUE + timedelta(days=days), DUE) is early


def test_a_big_fish_is_above_either_threshold_or_of_high_potential():
    assert fish(employees=250)
    assert not fish(employees=249)
    assert fish(annual_revenue=Decimal(1_000_000))
    assert not fish(annual_revenue=Decimal(999_999))
    assert fish(potential="high")
    assert not fish(potential="medium")
    assert not fish()


def test_an_empty_threshold_makes_nobody_a_big_fish_by_it():
    assert not is_big_fish(
        employees=10_000,
        annual_revenue=None,
        potential="high",
        min_employees=None,
        min_revenue=None,
        high_potential=False,
    )


def team(headcount: int, salary: int | None = None, percent: int | None = None):
    return DepartmentFigures(
        headcount=headcount,
        salary=None if salary is None else Decimal(salary),
        percent=None if percent is None else Decimal(percent),
    )


def test_active_sales_half_the_client_department_with_higher_pay_agrees_with_the_method():
    check = organisation_check(team(5, 60000, 10), team(10, 50000, 5))
    assert check.warnings == ()
    assert check.ratio == Decimal("0.5")


@pytest.mark.parametrize(
    ("active", "client", "warning"),
    [
        (5, 3, OrgWarning.ACTIVE_SALES_TOO_LARGE),  # more hunters than farmers
        (7, 10, OrgWarning.ACTIVE_SALES_TOO_LARGE),  # only 30 % smaller
        (4, 10, OrgWarning.ACTIVE_SALES_TOO_SMALL),  # 60 % smaller
    ],
)
def test_the_headcount_ratio_outside_40_to_50_percent_smaller_is_warned(active, client, warning):
    assert organisation_check(team(active), team(client)).warnings == (warning,)


@pytest.mark.parametrize(("active", "client"), [(6, 10), (5, 10), (3, 5)])
def test_the_edges_of_the_ratio_are_within_the_method(active, client):
    assert organisation_check(team(active), team(client)).warnings == ()


def test_lower_or_equal_salary_and_percent_of_active_sales_are_warned():
    check = organisation_check(team(5, 40000, 5), team(10, 50000, 5))
    assert check.warnings == (OrgWarning.SALARY_NOT_HIGHER, OrgWarning.PERCENT_NOT_HIGHER)


def test_pay_nobody_is_on_is_not_compared():
    assert organisation_check(team(5, None, None), team(10, 50000, 5)).warnings == ()


def test_a_missing_department_is_named_and_no_ratio_given():
    check = organisation_check(team(5), team(0))
    assert check.ratio is None
    assert check.warnings == (OrgWarning.NO_CLIENT_DEPARTMENT,)
    assert organisation_check(team(0), team(3)).warnings == (OrgWarning.NO_ACTIVE_SALES,)


def test_criteria_are_listed_most_named_first_without_those_nobody_named():
    rows = criteria_shares({"price": 1, "quality": 3, "range": 0, "delivery": 3}, 4)
    assert rows == [("delivery", 3, 0.75), ("quality", 3, 0.75), ("price", 1, 0.25)]
    assert criteria_shares({"price": 0}, 0) == []


FLOORS = {"A": Decimal(1000), "B": Decimal(300), "C": Decimal(50)}


def test_a_c_client_aims_at_the_smallest_b_and_a_b_client_at_the_smallest_a():
    c = growth_of("C", Decimal(100), class_floors=FLOORS, peers_a=[])
    assert (c.next_class, c.target, c.gap) == ("B", Decimal(300), Decimal(200))
    b = growth_of("B", Decimal(400), class_floors=FLOORS, peers_a=[])
    assert (b.next_class, b.target, b.gap) == ("A", Decimal(1000), Decimal(600))


def test_a_and_d_clients_and_an_empty_class_above_have_no_growth_target():
    assert growth_of("A", Decimal(5000), class_floors=FLOORS, peers_a=[]) is None
    assert growth_of("D", Decimal(1), class_floors=FLOORS, peers_a=[]) is None
    assert growth_of("B", Decimal(1), class_floors={"B": Decimal(300)}, peers_a=[]) is None


def test_the_wallet_is_the_median_a_peer_never_below_what_the_client_buys():
    peers = [Decimal(900), Decimal(3000), Decimal(1200), Decimal(2000)]
    assert growth_of("C", Decimal(100), class_floors=FLOORS, peers_a=peers).wallet == 1600
    assert growth_of("C", Decimal(100), class_floors=FLOORS, peers_a=peers[:3]).wallet == 1200
    assert growth_of("C", Decimal(5000), class_floors=FLOORS, peers_a=peers).wallet == 5000
    # No A client among his peers: the next class's floor is the least he could buy.
    assert growth_of("C", Decimal(100), class_floors=FLOORS, peers_a=[]).wallet == 300


def test_a_client_gap_is_never_negative():
    # Classes come from revenue share and other weights: a C client may buy more than a B one.
    assert growth_of("C", Decimal(500), class_floors=FLOORS, peers_a=[]).gap == 0


def test_products_to_offer_are_those_peers_buy_that_he_has_not():
    peers = {1: 5, 2: 3, 3: 3, 4: 0, 5: 9}
    assert products_to_offer({5}, peers) == [(1, 5), (2, 3), (3, 3)]
    assert products_to_offer(set(), peers, limit=2) == [(5, 9), (1, 5)]
