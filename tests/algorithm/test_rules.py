"""The limits of METHOD 4 at their edges, without a database."""

from datetime import date

import pytest

from otdel.algorithm import rules
from otdel.algorithm.rules import Candidate
from otdel.org import rules as org_rules

CLAIMED = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("person", "department", "expected"), [(70, 60, 70), (None, 60, 60), (None, None, 90)]
)
def test_effective_cap_person_then_department_then_company(person, department, expected):
    assert (
        rules.effective_cap(person_cap=person, department_cap=department, default_cap=90)
        == expected
    )


@pytest.mark.parametrize(("size", "reached"), [(89, False), (90, True), (91, True)])
def test_cap_reached_at_90_of_90(size, reached):
    assert rules.cap_reached(size, 90) is reached


@pytest.mark.parametrize(("cap", "ok"), [(49, False), (50, True), (90, True), (91, False)])
def test_cap_range(cap, ok):
    assert org_rules.cap_within_range(cap, 50, 90) is ok


@pytest.mark.parametrize(
    ("day", "left", "expired"),
    [(29, 1, False), (30, 0, False), (31, -1, True)],
)
def test_thirty_day_deadline_at_day_29_30_31(day, left, expired):
    deadline = rules.work_deadline(CLAIMED, 30)
    today = date.fromordinal(CLAIMED.toordinal() + day)
    assert rules.days_left(deadline, today) == left
    assert rules.is_expired(deadline, today) is expired


@pytest.mark.parametrize(("day", "warn"), [(26, False), (27, True), (30, True), (31, False)])
def test_warning_three_days_before(day, warn):
    deadline = rules.work_deadline(CLAIMED, 30)
    today = date.fromordinal(CLAIMED.toordinal() + day)
    assert rules.in_warning_window(deadline, today, 3) is warn


@pytest.mark.parametrize(("days", "blocks"), [(1, False), (2, False), (3, True)])
def test_untriaged_more_than_two_days_blocks_claims(days, blocks):
    since = date(2026, 2, 1)
    today = date.fromordinal(since.toordinal() + days)
    assert rules.triage_blocks_claims(since, today, 2) is blocks
    assert (since < rules.triage_block_date(today, 2)) is blocks


@pytest.mark.parametrize(("days", "due"), [(89, False), (90, True), (91, True)])
def test_three_month_rule_at_day_89_90_91(days, due):
    today = date.fromordinal(CLAIMED.toordinal() + days)
    assert rules.due_for_reassignment(CLAIMED, today, 90) is due
    assert (rules.reassignment_cutoff(today, 90) >= CLAIMED) is due


def test_reactivation_due_on_its_date():
    assert rules.reactivation_due(date(2026, 3, 1), date(2026, 3, 1))
    assert not rules.reactivation_due(date(2026, 3, 2), date(2026, 3, 1))
    assert not rules.reactivation_due(None, date(2026, 3, 1))


def test_cooldown_is_thirty_days():
    assert rules.cooldown_until(date(2026, 1, 1), 30) == date(2026, 1, 31)


def test_suggestion_is_same_department_most_free_never_previous_owner():
    candidates = [
        Candidate(user_id=1, department_id=10, working_list_size=10, cap=90),  # previous owner
        Candidate(user_id=2, department_id=10, working_list_size=50, cap=90),
        Candidate(user_id=3, department_id=10, working_list_size=40, cap=90),
        Candidate(user_id=4, department_id=20, working_list_size=0, cap=90),
        Candidate(user_id=5, department_id=10, working_list_size=40, cap=90),
    ]
    assert rules.suggest_new_owner(candidates, department_id=10, excluded_user_ids=[1]) == 3


def test_no_suggestion_when_everyone_is_full():
    full = [Candidate(user_id=2, department_id=10, working_list_size=90, cap=90)]
    assert rules.suggest_new_owner(full, department_id=10, excluded_user_ids=[]) is None


@pytest.mark.parametrize(("hours", "ok"), [(71, True), (72, True), (73, False)])
def test_repeat_meeting_within_three_days(hours, ok):
    from datetime import datetime, timedelta

    first = datetime(2026, 3, 2, 10, 0)
    assert rules.repeat_meeting_in_time(first, first + timedelta(hours=hours), 3) is ok


@pytest.mark.parametrize(
    ("to_call", "in_call_round", "owner", "owner_department", "claimable"),
    [
        (True, False, None, None, True),  # nobody's, to call
        (True, False, 7, 1, False),  # to call but someone's
        (False, False, None, None, False),  # neither to call nor in a call-round
        (False, True, None, None, True),  # in the call-round, nobody's
        (False, True, 1, 1, True),  # in the call-round, his own
        (False, True, 7, 1, True),  # in his department's call-round
        (False, True, 7, 2, False),  # in another department's call-round
        (False, True, 7, None, False),  # its owner has no department
    ],
)
def test_who_may_take_a_company(to_call, in_call_round, owner, owner_department, claimable):
    assert (
        rules.claimable(
            to_call=to_call,
            in_call_round=in_call_round,
            owner_id=owner,
            owner_department_id=owner_department,
            manager_id=1,
            manager_department_id=1,
        )
        is claimable
    )
