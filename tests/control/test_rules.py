"""Control's arithmetic without a database: which manager comes first, how complete a working
list's data is, where the algorithm was not followed."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from otdel.control import rules

QUIET = rules.Figures(
    in_work=40,
    cap=60,
    untriaged=0,
    overdue_steps=0,
    no_next_step=0,
    awaiting_invoice=0,
    awaiting_payment=0,
    overdue_invoices=0,
    pace=Decimal(100),
)


def test_a_quiet_manager_calls_for_nothing():
    assert rules.alerts(QUIET) == []
    assert rules.alerts(replace(QUIET, pace=None)) == []  # no plan line: nothing to be behind


def test_each_figure_out_of_bounds_is_named():
    loud = replace(
        QUIET,
        in_work=61,
        untriaged=1,
        overdue_steps=2,
        no_next_step=3,
        awaiting_invoice=1,
        awaiting_payment=1,
        overdue_invoices=1,
        pace=Decimal(89),
    )
    assert rules.alerts(loud) == [
        "over_cap",
        "untriaged",
        "overdue_steps",
        "no_next_step",
        "awaiting_invoice",
        "awaiting_payment",
        "overdue_invoices",
        "behind",
    ]
    # A full list is no alert, nor 90 % of the pace (the plan pages' "behind" is under 90 %).
    assert rules.alerts(replace(QUIET, in_work=60, pace=Decimal(90))) == []


def test_worst_first_counts_alerts_then_money_then_waiting_companies_then_pace():
    def order(**rows):
        return sorted(rows, key=lambda name: rules.severity(rows[name]), reverse=True)

    money = replace(QUIET, overdue_invoices=1)
    black_hole = replace(QUIET, awaiting_invoice=1)
    companies = replace(QUIET, no_next_step=30)
    behind = replace(QUIET, pace=Decimal(10))
    two = replace(QUIET, untriaged=1, no_next_step=1)
    assert order(q=QUIET, m=money, b=black_hole, c=companies, p=behind, two=two) == [
        "two",  # two alerts beat one, however large
        "m",
        "b",
        "c",
        "p",
        "q",
    ]
    # Among those behind, the furthest behind first.
    assert order(a=replace(behind, pace=Decimal(50)), b=behind) == ["b", "a"]


def test_missing_data_lists_the_fields_a_company_lacks_in_order():
    assert rules.missing_data({"phone": True, "category": True, "size": True}) == [
        "tax_id",
        "decision_maker",
        "segment",
    ]
    assert rules.missing_data(dict.fromkeys(rules.DATA_FIELDS, True)) == []


def test_completeness_is_the_share_of_fields_filled():
    assert rules.completeness([]) == 100
    assert rules.completeness([[], []]) == 100
    assert rules.completeness([list(rules.DATA_FIELDS)]) == 0
    assert rules.completeness([["tax_id"], ["tax_id", "phone", "segment"]]) == 67  # 8 of 12


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sets(st.sampled_from(list(rules.DATA_FIELDS))), max_size=30))
def test_completeness_stays_within_0_and_100_and_falls_with_each_missing_field(missing):
    score = rules.completeness([sorted(m) for m in missing])
    assert 0 <= score <= 100
    if missing and any(len(m) < len(rules.DATA_FIELDS) for m in missing):
        worse = [sorted(set(rules.DATA_FIELDS)) for _m in missing]
        assert rules.completeness(worse) <= score


FIRST = datetime(2026, 11, 2, 15, 0)


def test_a_repeat_meeting_is_due_within_three_days_of_the_first():
    assert not rules.repeat_meeting_late(FIRST, datetime(2026, 11, 5, 18, 0), date(2026, 11, 20))
    assert rules.repeat_meeting_late(FIRST, datetime(2026, 11, 6, 9, 0), date(2026, 11, 6))
    # None yet: late only once the three days are over.
    assert not rules.repeat_meeting_late(FIRST, None, date(2026, 11, 5))
    assert rules.repeat_meeting_late(FIRST, None, date(2026, 11, 6))


def test_preparation_skipped_names_the_items_not_done():
    checklist = ["Цель встречи", "Кто ЛПР", "Материалы"]
    assert rules.preparation_skipped(["Кто ЛПР"], checklist) == ["Цель встречи", "Материалы"]
    assert rules.preparation_skipped(checklist, checklist) == []
    assert rules.preparation_skipped([], []) == []


def test_checklists_skipped_are_the_stages_left_in_the_window_with_items_missing():
    import datetime as dt

    since = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    day = dt.timedelta(days=1)
    left = [
        ("old", since - day, ["ЛПР"]),
        ("full", since + day, []),
        ("first", since + day, ["КП"]),
        ("edge", since, ["Дата"]),
        ("last", since + 3 * day, ("ЛПР", "Дата")),
        ("working", None, ["КП"]),
    ]
    assert rules.checklists_skipped(left, since) == [
        ("last", ["ЛПР", "Дата"]),
        ("first", ["КП"]),
        ("edge", ["Дата"]),
    ]
    assert rules.checklists_skipped([], since) == []
