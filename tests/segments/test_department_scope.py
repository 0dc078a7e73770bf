"""Segmentation figures by scope (issue 12): a department head reads the classes, movement,
activities on D clients and portrait of A of his departments' clients only, on the page and
over the API; running it (every client of the base) is for the owner and the head of sales;
the hand on a client follows the client's edit rights."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.base.models import Company
from otdel.org.models import Position
from otdel.segments.services import segment
from tests.conftest import client_for
from tests.factories import CategoryFactory, CompanyFactory, UserFactory

from .test_segment import order


@pytest.fixture
def clients(people):
    """A hunter's client (a shop, small) and a farmer's (a factory, big), segmented twice."""
    farmers = people.farmer1.department
    farmers.head = UserFactory(
        username="farmers_lead", position=Position.DEPARTMENT_HEAD, department=farmers
    )
    farmers.save()
    shop = CompanyFactory(
        legal_name="Магазин",
        owner=people.hunter1,
        section="",
        category=CategoryFactory(name="Магазины"),
    )
    plant = CompanyFactory(
        legal_name="Завод",
        owner=people.farmer1,
        section="",
        category=CategoryFactory(name="Заводы"),
    )
    order(shop, date.today() - timedelta(days=10), (1, 100))
    order(plant, date.today() - timedelta(days=10), (1, 900))
    segment(as_of=timezone.localdate())
    order(shop, date.today() - timedelta(days=5), (1, 100))
    segment(as_of=timezone.localdate())
    for company, user in ((shop, people.hunter1), (plant, people.farmer1)):
        Activity.objects.create(
            company=company,
            kind="call",
            subject="Звонок",
            assignee=user,
            done_at=timezone.now(),
            author=user,
        )
    return shop, plant


def report(user):
    return client_for(user).get(reverse("segments:report"))


def test_a_department_head_reads_his_departments_figures_only(people, clients):
    page = report(people.hunters_lead)
    summary = page.context["summary"]
    assert (summary["clients"], summary["revenue"]) == (1, 200.0)
    assert sum(n for _before, counts in page.context["matrix"] for _now, n in counts) == 1
    assert [row["assignee"] for row in page.context["on_d"]] == [people.hunter1.pk]
    assert "Заводы" not in page.content.decode()  # the A client's category is the farmers'
    everyone = report(people.head)
    assert (everyone.context["summary"]["clients"], everyone.context["summary"]["revenue"]) == (
        2,
        1100.0,
    )
    assert "Заводы (1)" in everyone.content.decode()


def test_the_api_summary_counts_his_departments_clients_only(people, clients):
    lead = client_for(people.hunters_lead)
    runs = lead.get("/api/v1/segmentations/").json()["results"]
    assert [(r["summary"]["clients"], r["summary"]["revenue"]) for r in runs] == [
        (1, 200.0),
        (1, 100.0),
    ]
    one = lead.get(f"/api/v1/segmentations/{runs[0]['id']}/").json()["summary"]
    assert one == runs[0]["summary"] and one["share"]["A"] + one["share"]["B"] == 1.0
    head = client_for(people.head).get(f"/api/v1/segmentations/{runs[0]['id']}/").json()
    assert (head["summary"]["clients"], head["summary"]["revenue"]) == (2, 1100.0)


def test_only_the_whole_bases_leaders_run_the_segmentation(people, clients):
    lead = client_for(people.hunters_lead)
    assert lead.post(reverse("segments:run")).status_code == 403
    assert lead.post("/api/v1/segmentations/run/").status_code == 403
    assert 'data-testid="run-segmentation"' not in report(people.hunters_lead).content.decode()
    assert client_for(people.head).post("/api/v1/segmentations/run/").status_code == 200


def test_the_hand_on_a_client_follows_the_clients_edit_rights(people, clients):
    shop, plant = clients
    lead = client_for(people.hunters_lead)
    refused = lead.post(
        reverse("segments:company_override", args=[plant.pk]),
        {"action": "class", "abc_class": "D", "reason": "Мало"},
    )
    assert refused.status_code == 404
    hunter = client_for(people.hunter2)
    assert (
        hunter.post(
            reverse("segments:company_override", args=[shop.pk]),
            {"action": "class", "abc_class": "D", "reason": "Мало"},
        ).status_code
        == 404
    )
    lead.post(
        reverse("segments:company_override", args=[shop.pk]),
        {"action": "class", "abc_class": "D", "reason": "Мало"},
    )
    assert Company.objects.get(pk=shop.pk).abc_class == "D"
    assert Company.objects.get(pk=plant.pk).abc_class == "A"


def test_the_runs_summaries_cost_the_same_queries_however_many_runs(people, clients):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(people.hunters_lead).get("/api/v1/segmentations/").status_code == 200
        return len(captured)

    queries()  # the first request fills the caches (the company's language)
    two = queries()
    segment(as_of=timezone.localdate())
    segment(as_of=timezone.localdate())
    assert queries() == two
