"""Home, My work, the board, the call-round and Control as managers and the head meet them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdel.algorithm.enforcement import enforce_rules
from otdel.algorithm.models import Activity
from otdel.base.models import Company
from tests.algorithm.conftest import fill_working_list, free_companies
from tests.conftest import client_for

pytestmark = pytest.mark.usefixtures("english")


def queries(client, url) -> int:
    client.get(url)  # the algorithm's stages are cached after the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_my_work_and_board_run_the_same_queries_at_10_and_80_companies(people, method):
    client = client_for(people.hunter1)
    fill_working_list(people.hunter1, 10)
    small = (
        queries(client, reverse("control:my_work")),
        queries(client, reverse("control:board")),
    )
    fill_working_list(people.hunter1, 70)
    for company in Company.objects.filter(owner=people.hunter1):
        Activity.objects.create(
            company=company, kind="call", subject="Позвонить", assignee=people.hunter1
        )
    large = (
        queries(client, reverse("control:my_work")),
        queries(client, reverse("control:board")),
    )
    assert large == small


def test_control_page_is_for_those_who_lead(people, method):
    assert client_for(people.hunter1).get(reverse("control:control")).status_code == 403
    assert client_for(people.head).get(reverse("control:control")).status_code == 200
    assert client_for(people.hunters_lead).get(reverse("control:control")).status_code == 200


def test_control_shows_blocked_manager_and_reassignment_with_suggestion(people, method, clock):
    method.work_days = 30
    method.save()
    clock.day(0)
    company = free_companies(1)[0]
    client_for(people.hunter1).post(reverse("algorithm:claim", args=[company.pk]))
    clock.day(31)
    enforce_rules()
    clock.day(95)
    enforce_rules()
    page = client_for(people.head).get(reverse("control:control")).content.decode()
    assert 'data-testid="blocked-hunter1"' in page
    untriaged = page.split('data-testid="untriaged-hunter1"')[0].rsplit("<a ", 1)[1]
    assert f"owner={people.hunter1.pk}&amp;attention=untriaged" in untriaged
    queue = page.split('data-testid="reassignment-queue"')[1]
    assert company.legal_name in queue
    assert f'value="{people.hunter2.pk}" selected' in page  # same department, most free


@pytest.mark.parametrize("url_name", ["control:my_work", "control:board", "control:call_round"])
def test_pages_answer_every_manager(people, method, url_name):
    assert client_for(people.farmer1).get(reverse(url_name)).status_code == 200


def test_control_counts_companies_in_work_without_a_next_step(people, method):
    companies = free_companies(3)
    client = client_for(people.hunter1)
    for company in companies:
        client.post(reverse("algorithm:claim", args=[company.pk]))
    Activity.objects.create(
        company=companies[0], kind="call", subject="Позвонить", assignee=people.hunter1
    )
    page = client_for(people.head).get(reverse("control:control")).content.decode()
    assert 'data-testid="no-next-step-hunter1" class="danger-text">2</a>' in page
