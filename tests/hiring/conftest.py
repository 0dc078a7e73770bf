from decimal import Decimal

import pytest
from django.utils import timezone

from otdel.hiring.models import Candidate, Stage, Vacancy
from otdel.hiring.services import candidate_add, hiring_install_defaults, vacancy_save
from otdel.org.models import Position


@pytest.fixture(autouse=True)
def defaults(request):
    """The method's lists, as the first migration installs them (a test run may have flushed
    them: a transactional test empties every table)."""
    if "db" in request.fixturenames or "people" in request.fixturenames:
        request.getfixturevalue("db")
        hiring_install_defaults()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded CVs go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path


def make_vacancy(people, *, department=None, position=Position.SALES_MANAGER, **changes) -> Vacancy:
    return vacancy_save(
        vacancy=None,
        changes={
            "title": "Менеджер по продажам",
            "position": position,
            "department": department or people.hunter1.department,
            "budget": Decimal(50000),
            "opened_on": timezone.localdate(),
            **changes,
        },
        acting_user=people.head,
    )


@pytest.fixture
def vacancy(people) -> Vacancy:
    return make_vacancy(people)


@pytest.fixture
def candidate(people, vacancy) -> Candidate:
    found = candidate_add(vacancy=vacancy, full_name="Иван Петров", acting_user=people.head)
    assert found.stage == Stage.RESPONSE
    return found
