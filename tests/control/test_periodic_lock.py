"""Two job consumers both schedule every periodic rule: the hour's lock lets one of them run it."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from otdel.control import tasks
from otdel.control.models import PeriodicRun

AT_7_PAST = dt.datetime(2026, 11, 24, 10, 7, tzinfo=dt.UTC)


@pytest.fixture
def counted(monkeypatch):
    """The hourly rule replaced by a counter of its runs."""
    calls: list[int] = []

    def enforce_rules() -> dict[str, int]:
        calls.append(1)
        return {"expired": len(calls)}

    monkeypatch.setattr(tasks, "enforce_rules", enforce_rules)
    return calls


@pytest.mark.django_db
def test_the_second_run_in_one_hour_is_skipped(counted):
    with time_machine.travel(AT_7_PAST, tick=False):
        assert tasks.enforce_rules_hourly.call_local() == {"expired": 1}
    with time_machine.travel(AT_7_PAST + dt.timedelta(minutes=40), tick=False):
        assert tasks.enforce_rules_hourly.call_local() is None
    assert counted == [1]
    run = PeriodicRun.objects.get()
    assert (run.job, run.result) == ("enforce_rules_hourly", {"expired": 1})
    assert run.finished_at is not None


@pytest.mark.django_db
def test_the_next_hour_runs_again(counted):
    with time_machine.travel(AT_7_PAST, tick=False):
        tasks.enforce_rules_hourly.call_local()
    with time_machine.travel(AT_7_PAST + dt.timedelta(hours=1), tick=False):
        tasks.enforce_rules_hourly.call_local()
    assert len(counted) == 2
    assert PeriodicRun.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_run_frees_the_hour_for_a_retry(monkeypatch):
    def broken() -> dict[str, int]:
        raise RuntimeError("database went away")

    monkeypatch.setattr(tasks, "enforce_rules", broken)
    with time_machine.travel(AT_7_PAST, tick=False):
        with pytest.raises(RuntimeError):
            tasks.enforce_rules_hourly.call_local()
        assert not PeriodicRun.objects.exists()
        monkeypatch.setattr(tasks, "enforce_rules", lambda: {"expired": 0})
        assert tasks.enforce_rules_hourly.call_local() == {"expired": 0}


@pytest.mark.django_db
def test_each_rule_has_its_own_lock(counted, monkeypatch):
    monkeypatch.setattr(tasks, "client_watch", lambda as_of: type("W", (), {"as_dict": dict})())
    with time_machine.travel(AT_7_PAST, tick=False):
        tasks.enforce_rules_hourly.call_local()
        assert tasks.client_watch_nightly.call_local() == {}
    assert sorted(PeriodicRun.objects.values_list("job", flat=True)) == [
        "client_watch_nightly",
        "enforce_rules_hourly",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_consumers_at_once_run_the_rule_once(counted):
    """Two threads, each with its own database connection, start the rule together."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:"):
        # The in-memory test database is shared by threads only through SQLite's shared cache,
        # whose table locks are not the file locks a real second consumer meets.
        pytest.skip("needs a file database: run on PostgreSQL")
    start = threading.Barrier(2)
    results: list[object] = []

    def consumer() -> None:
        try:
            start.wait()
            with time_machine.travel(AT_7_PAST, tick=False):
                results.append(tasks.enforce_rules_hourly.call_local())
        finally:
            connection.close()

    threads = [threading.Thread(target=consumer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(counted) == 1
    assert sorted(results, key=repr) == [None, {"expired": 1}]
    assert PeriodicRun.objects.count() == 1
