"""Pay against hand-computed examples (issue 7): commissions, plan bonus and penalty, a refund,
a return, a mid-month hire, a hand-off inside the month, a plan changed mid-month, the KPI."""

from datetime import date
from decimal import Decimal as D

from otdel.pay.rules import PlanVersion, Sale, Scheme, compute_pay, plan_for_month

HUNTER = Scheme(
    base_salary=D(30000),
    new_percent=D(10),
    repeat_percent=D(3),
    group_percent={7: D(15)},
    hunter_share_percent=D(2),
    bonus_steps=((D(100), D(10000)), (D(120), D(20000))),
    penalty_below_percent=D(50),
    penalty=D(5000),
    kpi_floor_percent=D(80),
    kpi_multiplier=D("0.5"),
)


def lines(slip):
    return {line.label: line.amount for line in slip.lines}


def test_a_plain_month():
    # base 30,000; 10 % of 200,000 new = 20,000; 3 % of 100,000 repeat = 3,000;
    # done 300,000 of a 250,000 plan = 120 %: bonus 20,000. Total 73,000.
    slip = compute_pay(
        scheme=HUNTER,
        sales=[Sale(D(200000), True), Sale(D(100000), False)],
        plan=D(250000),
        days_employed=30,
        days_in_month=30,
    )
    assert lines(slip) == {
        "base": D(30000),
        "new sales": D(20000),
        "repeat sales": D(3000),
        "plan bonus": D(20000),
    }
    assert slip.total == D(73000)


def test_a_refund_and_a_return_reduce_sales_and_the_fulfilment():
    # 100,000 new, 20,000 refunded, goods worth 5,000 returned: 75,000 new sales -> 7,500;
    # 75 % of a 100,000 plan: no bonus, no penalty. Total 37,500.
    sales = [Sale(D(100000), True), Sale(D(-20000), True), Sale(D(-5000), True)]
    slip = compute_pay(
        scheme=HUNTER, sales=sales, plan=D(100000), days_employed=30, days_in_month=30
    )
    assert lines(slip) == {"base": D(30000), "new sales": D(7500)}
    assert slip.total == D(37500)


def test_a_mid_month_hire_gets_base_for_the_days_worked_and_a_penalty_below_half_the_plan():
    # hired on day 21 of 30: base 30,000 x 10/30 = 10,000; 10 % of 40,000 = 4,000;
    # 40 % of a 100,000 plan < 50 %: penalty 5,000. Total 9,000.
    slip = compute_pay(
        scheme=HUNTER,
        sales=[Sale(D(40000), True)],
        plan=D(100000),
        days_employed=10,
        days_in_month=30,
    )
    assert lines(slip) == {"base": D(10000), "new sales": D(4000), "plan penalty": D(-5000)}
    assert slip.total == D(9000)


def test_a_hand_off_inside_the_month():
    # The hunter: 50,000 paid before the hand-off at 10 % = 5,000; 30,000 paid after it, as
    # the farmer's client, at his 2 % share = 600; the plan counts only his own 50,000.
    hunter = compute_pay(
        scheme=HUNTER,
        plan=D(50000),
        days_employed=30,
        days_in_month=30,
        sales=[Sale(D(50000), True), Sale(D(30000), False, handed_off=True)],
    )
    assert lines(hunter) == {
        "base": D(30000),
        "new sales": D(5000),
        "hunter share": D(600),
        "plan bonus": D(10000),
    }
    farmer_scheme = Scheme(base_salary=D(40000), new_percent=D(5), repeat_percent=D(5))
    farmer = compute_pay(
        scheme=farmer_scheme,
        sales=[Sale(D(30000), False)],
        plan=D(0),
        days_employed=30,
        days_in_month=30,
    )
    assert farmer.total == D(41500)


def test_a_plan_changed_mid_month_is_weighted_by_days():
    # 100,000 for the first 10 days of 30, then 160,000: (100,000 x 10 + 160,000 x 20) / 30.
    versions = [
        PlanVersion(date(2026, 10, 20), D(100000)),
        PlanVersion(date(2026, 11, 11), D(160000)),
    ]
    assert plan_for_month(versions, date(2026, 11, 1), date(2026, 11, 30)) == D(140000)
    assert plan_for_month([], date(2026, 11, 1), date(2026, 11, 30)) == D(0)


def test_a_product_group_rate_and_the_activity_kpi():
    # 15 % of 20,000 in group 7 = 3,000; 10 % of 80,000 new = 8,000; 100 % of the plan: bonus
    # 10,000; 50 of 100 activities < 80 %: variable 21,000 x 0.5 -> minus 10,500. Total 40,500.
    slip = compute_pay(
        scheme=HUNTER,
        sales=[Sale(D(20000), True, group_id=7), Sale(D(80000), True)],
        plan=D(100000),
        days_employed=30,
        days_in_month=30,
        activities_done=50,
        activities_planned=100,
    )
    assert lines(slip) == {
        "base": D(30000),
        "group 7": D(3000),
        "new sales": D(8000),
        "plan bonus": D(10000),
        "activity KPI": D(-10500),
    }
    assert slip.total == D(40500)
