"""The comparison of a pilot on a small world of known figures (tests/pilot/conftest.py)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from otdel.algorithm.models import Activity
from otdel.pilot import selectors
from otdel.pilot.services import pilot_roll_back, pilot_start
from tests.factories import UserFactory

from .conftest import END, START, TODAY, at


def start(people, **values):
    return pilot_start(
        kind=values.pop("kind", "work_days"),
        title="Проба",
        description="14 дней на проспекта вместо 30",
        starts_on=START,
        ends_on=END,
        managers=[people.hunter1],
        acting_user=people.head,
        **values,
    )


def test_the_control_group_is_the_other_sellers_of_the_same_position(people, travel):
    pilot = start(people)
    assert [m.user for m in pilot.members.filter(group="control")] == [people.hunter2]


def test_the_comparison_counts_the_pilot_the_control_and_the_period_before(people, dataset):
    pilot = start(people)
    figures = selectors.comparison(pilot, TODAY)
    assert (figures["first"], figures["last"], figures["days"]) == ("2026-11-02", "2026-11-15", 14)
    assert figures["before"] == ["2026-10-19", "2026-11-01"]
    groups = figures["groups"]
    assert groups["pilot"] | {"names": None} == {
        "managers": 1,
        "names": None,
        "activities": 4,
        "activities_per_week": "2.0",
        "revenue": "10000.00",
        "revenue_per_manager": "10000",
    }
    assert (groups["control"]["activities_per_week"], groups["control"]["revenue_per_manager"]) == (
        "1.0",
        "3000",
    )
    assert (groups["before"]["activities"], groups["before"]["activities_per_week"]) == (1, "0.5")
    assert groups["before"]["revenue_per_manager"] == "5000"
    states = {line["state"]: line for line in figures["states"]}
    assert states["new"]["pilot"] == {
        "entered": 2,
        "moved_on": 2,
        "lost": 0,
        "conversion": "100",
        "median_days": "1.5",
    }
    assert states["contact_1"]["pilot"] | {"lost": None} == {
        "entered": 2,
        "moved_on": 1,
        "lost": None,
        "conversion": "50",
        "median_days": "2.0",
    }
    assert (states["new"]["control"]["entered"], states["new"]["control"]["median_days"]) == (
        1,
        "4.0",
    )
    assert states["contact_1"]["control"]["conversion"] == "0"
    assert (states["new"]["before"]["entered"], states["new"]["before"]["median_days"]) == (
        1,
        "2.0",
    )
    assert states["contact_1"]["before"]["entered"] == 1
    assert states["contact_2"]["pilot"]["entered"] == 1


def test_nothing_is_compared_before_the_pilot_starts(people, travel):
    pilot = start(people)
    assert selectors.comparison(pilot, START - dt.timedelta(days=1)) is None


def test_the_comparison_kept_at_the_end_reads_the_same_later(people, dataset):
    pilot = start(people)
    pilot_roll_back(pilot=pilot, note="не взлетело", acting_user=people.head)
    pilot.refresh_from_db()
    kept = selectors.comparison_of(pilot, TODAY)
    Activity.objects.create(
        company=dataset["a"], kind="call", subject="Ещё", assignee=people.hunter1, done_at=at(TODAY)
    )
    pilot.refresh_from_db()
    assert selectors.comparison_of(pilot, TODAY) == kept
    assert kept["groups"]["pilot"]["activities"] == 4
    assert selectors.comparison(pilot, TODAY)["groups"]["pilot"]["activities"] == 5


def test_the_comparison_runs_a_fixed_number_of_queries(people, dataset):
    pilot = start(people)
    pilot.refresh_from_db()
    selectors.comparison(pilot, TODAY)  # the algorithm's stages, read once and kept
    with CaptureQueriesContext(connection) as few:
        selectors.comparison(pilot, TODAY)
    for n in range(4):
        pilot.members.create(user=UserFactory(username=f"more{n}"), group="control")
    with CaptureQueriesContext(connection) as many:
        selectors.comparison(pilot, TODAY)
    assert len(few) == len(many) == 8
