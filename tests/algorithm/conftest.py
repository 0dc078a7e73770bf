import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from otdel.algorithm.models import RuleSettings
from otdel.base.models import Company, Section
from tests.factories import CompanyFactory

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def in_english(english):
    """Every test here reads messages in English (tests/conftest.py: english)."""


@pytest.fixture
def clock():
    """Frozen time the test moves day by day: `clock.day(30)` is day 30 after START."""

    class Clock:
        def __init__(self):
            self.traveller = time_machine.travel(START, tick=False)
            self.frozen = self.traveller.start()

        def day(self, n: int) -> dt.date:
            self.frozen.move_to(START + dt.timedelta(days=n))
            return timezone.localdate()

    clock = Clock()
    yield clock
    clock.traveller.stop()


@pytest.fixture
def method(db) -> RuleSettings:
    return RuleSettings.load()


def free_companies(n: int, **fields) -> list[Company]:
    return [CompanyFactory(section=Section.TO_CALL, **fields) for _ in range(n)]


def fill_working_list(manager, n: int) -> None:
    """n companies already in the manager's active work, without going through claims."""
    Company.objects.bulk_create(
        Company(legal_name=f"В работе {i}", search_name=f"в работе {i}", owner=manager, section="")
        for i in range(n)
    )
