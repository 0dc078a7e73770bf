"""The plan's arithmetic, computed by hand. November 2026 starts on a Sunday and ends on a
Monday: six weeks of 0, 5, 5, 5, 5 and 1 working days (21 in all)."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from otdel.plans import rules

NOVEMBER = rules.buckets(date(2026, 11, 1), date(2026, 11, 30))


def test_a_month_is_cut_into_weeks_from_monday():
    assert [(b.first.day, b.last.day, len(b.working_days)) for b in NOVEMBER] == [
        (1, 1, 0),
        (2, 8, 5),
        (9, 15, 5),
        (16, 22, 5),
        (23, 29, 5),
        (30, 30, 1),
    ]


def test_a_quarter_is_cut_at_each_months_end_too():
    quarter = rules.buckets(*rules.period_bounds("quarter", date(2026, 11, 18)))
    assert quarter[0] == rules.Bucket(date(2026, 10, 1), date(2026, 10, 4))
    # The week of 26 October - 1 November is two buckets, one in each month.
    assert rules.Bucket(date(2026, 10, 26), date(2026, 10, 31)) in quarter
    assert rules.Bucket(date(2026, 11, 1), date(2026, 11, 1)) in quarter
    assert quarter[-1] == rules.Bucket(date(2026, 12, 28), date(2026, 12, 31))
    assert sum(len(b.days) for b in quarter) == 92


def test_periods():
    assert rules.period_bounds("month", date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert rules.period_bounds("quarter", date(2026, 11, 18)) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert rules.period_bounds("year", date(2026, 11, 18)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert rules.next_period("quarter", date(2026, 10, 1)) == date(2027, 1, 1)
    assert rules.next_period("month", date(2026, 12, 1)) == date(2027, 1, 1)


def test_a_plan_is_spread_over_the_weeks_by_their_working_days():
    assert rules.spread_over_weeks(D(210000), NOVEMBER, whole=False) == [
        D(0),
        D(50000),
        D(50000),
        D(50000),
        D(50000),
        D(10000),
    ]
    # 10 calls: 0, 2.38 x 4, 0.48 -> whole calls, the largest remainders first.
    assert rules.spread_over_weeks(D(10), NOVEMBER, whole=True) == [
        D(0),
        D(3),
        D(2),
        D(2),
        D(2),
        D(1),
    ]


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=60),
    st.booleans(),
)
def test_the_parts_always_add_up_to_the_plan(amount, weights, whole):
    if whole:
        amount = amount.to_integral()
    parts = rules.spread(amount, weights, whole=whole)
    assert sum(parts) == amount and all(p >= 0 for p in parts)


def test_a_day_breakdown_for_short_deals():
    week = NOVEMBER[1]
    assert rules.spread_over_days(D(7), week, whole=True) == [
        (date(2026, 11, 2), D(2)),
        (date(2026, 11, 3), D(2)),
        (date(2026, 11, 4), D(1)),
        (date(2026, 11, 5), D(1)),
        (date(2026, 11, 6), D(1)),
    ]


def test_facts_by_day_are_summed_into_the_weeks():
    facts = {
        date(2026, 11, 1): D(5),
        date(2026, 11, 2): D(1),
        date(2026, 11, 8): D(2),
        date(2026, 11, 30): D(4),
        date(2026, 12, 1): D(100),
    }
    index = rules.bucket_index(NOVEMBER)
    assert rules.by_bucket(facts, index, len(NOVEMBER)) == [D(5), D(3), D(0), D(0), D(0), D(4)]


def test_what_the_plan_asks_for_by_today():
    plan = list(
        zip(NOVEMBER, rules.spread_over_weeks(D(210000), NOVEMBER, whole=False), strict=True)
    )
    # Wednesday 18 November: two full weeks (100,000) and 3 of the 5 working days of this one.
    assert rules.planned_by(plan, date(2026, 11, 18)) == D(130000)
    assert rules.planned_by(plan, date(2026, 11, 1)) == D(0)
    assert rules.planned_by(plan, date(2026, 12, 5)) == D(210000)


def test_progress_says_who_is_behind_and_forecasts_the_month():
    plan = list(
        zip(NOVEMBER, rules.spread_over_weeks(D(210000), NOVEMBER, whole=False), strict=True)
    )
    facts = {
        date(2026, 11, 5): D(60000),
        date(2026, 11, 16): D(30000),
        date(2026, 11, 18): D(10000),
        date(2026, 11, 25): D(99999),
    }  # the last: future
    p = rules.progress(plan=plan, facts=facts, pipeline=D(20000), today=date(2026, 11, 18))
    assert p.plan == D(210000) and p.expected == D(130000) and p.fact == D(100000)
    assert p.week_plan == D(50000) and p.week_fact == D(40000)
    # 100,000 in 18 of 30 days -> 166,666.67 at this pace; with the pipeline 186,666.67.
    assert p.run_rate == D("166666.67") and p.with_pipeline == D("186666.67")
    assert p.percent_of_pace == D(77) and p.percent_of_plan == D(48)
    assert p.behind  # 100,000 < 90 % of 130,000
    on_track = rules.progress(
        plan=plan, facts={date(2026, 11, 10): D(117000)}, pipeline=D(0), today=date(2026, 11, 18)
    )
    assert not on_track.behind  # exactly 90 %
    assert not rules.progress(
        plan=[(NOVEMBER[0], D(0))], facts={}, pipeline=D(0), today=date(2026, 11, 1)
    ).behind  # no plan, nobody behind


def test_a_months_share_of_a_quarter_and_the_shortfall():
    quarter = rules.buckets(date(2026, 10, 1), date(2026, 12, 31))
    plan = list(zip(quarter, rules.spread_over_weeks(D(650000), quarter, whole=False), strict=True))
    shares = [rules.month_share(plan, date(2026, m, 1)) for m in (10, 11, 12)]
    # 22, 21 and 23 working days of 66: 216,666.67, 206,818.18, 226,515.15, give or take the
    # cents each week rounds to.
    exact = [D("216666.67"), D("206818.18"), D("226515.15")]
    assert all(abs(s - e) <= D("0.05") for s, e in zip(shares, exact, strict=True))
    assert sum(shares) == D(650000)
    assert rules.shortfall(D(100), [D(40), D(50)]) == D(10)
    assert rules.shortfall(D(100), [D(60), D(50)]) == D(0)
