"""The audit's judgement without a database: each rule at its threshold, just below and just
above, its severity, the order of the findings and of the plan of changes."""

from datetime import date

import pytest

from otdel.audit import rules
from otdel.audit.rules import Measure, Severity, judge

# (code, just below, at, just above) of the value, and whether each crosses.
EDGES = [
    ("no_personal_plans", None, 0, 1),
    ("no_abc", 0, 1, 2),
    ("monthly_reporting_only", 49.9, 50.0, 50.1),
    ("hunters_serving_clients", 29.9, 30.0, 30.1),
    ("base_without_contracts", 9.9, 10.0, 10.1),
    ("working_lists_over_cap", None, 0, 1),
    ("stale_prospects", 9.9, 10.0, 10.1),
    ("no_next_step", 9.9, 10.0, 10.1),
    ("lost_without_reason", 4.9, 5.0, 5.1),
]


@pytest.mark.parametrize(("code", "below", "at", "above"), EDGES)
def test_every_rule_at_its_threshold(code, below, at, above):
    floor = rules.RULES[code].direction is rules.Direction.BELOW
    if below is not None:
        assert (judge(Measure(code, below, 1)) is not None) is floor
    assert judge(Measure(code, at, 1)) is None
    assert (judge(Measure(code, above, 1)) is not None) is not floor


def test_time_on_d_clients_is_judged_against_their_share_of_revenue():
    def crossed(activities: float) -> bool:
        return judge(Measure("time_on_d_clients", activities, 1, threshold=12.0)) is not None

    assert (crossed(11.9), crossed(12.0), crossed(12.1)) == (False, False, True)


def test_hunters_drifting_quarter_after_quarter_is_a_finding_below_the_threshold():
    rising = Measure("hunters_serving_clients", 25.0, 5, trend=(10.0, 20.0, 25.0))
    level = Measure("hunters_serving_clients", 25.0, 5, trend=(10.0, 25.0, 25.0))
    assert judge(rising) is not None
    assert judge(level) is None
    assert not rules.rising((20.0, 25.0))  # two quarters are no trend yet


def test_nothing_to_measure_is_no_finding():
    assert judge(Measure("base_without_contracts", 0.0, 0, measured=False)) is None


def test_far_beyond_the_threshold_is_one_step_worse():
    assert judge(Measure("stale_prospects", 15.0, 3)).severity is Severity.MEDIUM
    assert judge(Measure("stale_prospects", 20.0, 3)).severity is Severity.HIGH
    assert judge(Measure("base_without_contracts", 6.0, 3)).severity is Severity.MEDIUM
    assert judge(Measure("base_without_contracts", 5.0, 3)).severity is Severity.HIGH
    assert judge(Measure("working_lists_over_cap", 2, 2)).severity is Severity.MEDIUM
    assert judge(Measure("working_lists_over_cap", 3, 3)).severity is Severity.HIGH
    assert judge(Measure("no_personal_plans", 1, 1)).severity is Severity.HIGH


def test_findings_come_worst_first():
    found = rules.findings_of(
        [
            Measure("lost_without_reason", 6.0, 1),  # low
            Measure("stale_prospects", 12.0, 1),  # medium, a fifth past
            Measure("no_next_step", 18.0, 1),  # medium, four fifths past
            Measure("no_personal_plans", 1, 1),  # high
            Measure("no_abc", 1, 0),  # not crossed
        ]
    )
    assert [f.code for f in found] == [
        "no_personal_plans",
        "no_next_step",
        "stale_prospects",
        "lost_without_reason",
    ]


def test_the_plan_of_changes_follows_the_method_and_names_what_each_step_answers():
    found = rules.findings_of([Measure("no_personal_plans", 1, 1), Measure("no_next_step", 50, 5)])
    steps = rules.steps_needed(found)
    assert [s for s, _m, _f in steps] == [
        "sections",
        "algorithm",
        "limits",
        "handoff",
        "abc",
        "plans",
        "control",
    ]
    answered = {step: [f.code for f in findings] for step, _m, findings in steps}
    assert answered["algorithm"] == ["no_next_step"]
    assert answered["plans"] == ["no_personal_plans"]


def test_every_rule_names_a_method_section_and_a_step_of_the_plan():
    steps = {step for step, _method in rules.STEPS}
    for rule in rules.RULES.values():
        assert rule.step in steps
        assert rule.method in {"2", "3", "4", "5", "6", "7", "8"}


@pytest.mark.parametrize(
    ("as_of", "months", "first"),
    [
        (date(2026, 11, 27), 12, date(2025, 11, 27)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 3, date(2025, 10, 15)),
    ],
)
def test_the_period_runs_back_whole_months(as_of, months, first):
    assert rules.period_start(as_of, months) == first


def test_shares_are_per_cent_and_nothing_of_nothing_is_zero():
    assert rules.share(1, 3) == 33.3
    assert rules.share(0, 0) == 0.0
