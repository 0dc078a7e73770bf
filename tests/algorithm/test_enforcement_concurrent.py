"""Two enforcement runs at once (issue 20, item 7: two job consumers, or the hourly job and a
head's `otdel enforce-rules`): each company is changed and recorded once.

The first run is held inside its transaction after it put the expired companies into triage;
the second starts meanwhile. Its INSERT ... SELECT ... FOR UPDATE waits for the first run's row
locks and, once they are released, reads the rows again and finds nothing left to do."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from otdel.algorithm import enforcement
from otdel.algorithm.services import algorithm_install_defaults
from otdel.base.models import CompanyEvent

from .test_enforcement import claimed

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite runs one writing transaction at a time (BEGIN IMMEDIATE): runs cannot overlap",
)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_change_each_company_once(people, method, clock, monkeypatch):
    # An earlier test of a whole transaction may have flushed what the migrations install.
    algorithm_install_defaults()
    companies = [claimed(people, clock) for _ in range(3)]
    today = clock.day(31)
    holding, release = threading.Event(), threading.Event()
    apply_three_month_rule = enforcement.apply_three_month_rule

    def held(*args, **kwargs):
        done = apply_three_month_rule(*args, **kwargs)
        if threading.current_thread().name == "first":
            holding.set()
            assert release.wait(30)
        return done

    monkeypatch.setattr(enforcement, "apply_three_month_rule", held)
    results: dict[str, dict] = {}

    def run(name: str) -> None:
        try:
            results[name] = enforcement.enforce_rules(today=today)
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("first",), name="first")
    second = threading.Thread(target=run, args=("second",), name="second")
    first.start()
    assert holding.wait(30)
    second.start()
    time.sleep(0.5)  # the second run reaches the locked rows and waits there
    release.set()
    first.join(60)
    second.join(60)

    assert results["first"]["expired"] == 3
    assert results["second"]["expired"] == 0
    for company in companies:
        triage = CompanyEvent.objects.filter(company=company, kind=CompanyEvent.Kind.TRIAGE)
        assert triage.count() == 1
