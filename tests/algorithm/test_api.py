"""The algorithm through the API: the same rules, refusals as 409 with the reason."""

import pytest

from otdel.algorithm.models import Activity
from otdel.base.models import Company
from tests.algorithm.conftest import fill_working_list, free_companies
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def in_english():
    """Unlike the rest of this folder, these tests read the API's messages in Russian, its
    default language (they moved here from tests/api/)."""


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_claim_then_working_list(people):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    response = post(client, f"/api/v1/companies/{company.pk}/claim/")
    assert response.status_code == 200
    assert response.json()["days_left"] == 30
    items = client.get("/api/v1/working-list/").json()["results"]
    assert [item["id"] for item in items] == [company.pk]


def test_claim_over_cap_is_409_with_reason(people):
    fill_working_list(people.hunter1, 90)
    company = free_companies(1)[0]
    response = post(client_for(people.hunter1), f"/api/v1/companies/{company.pk}/claim/")
    assert response.status_code == 409
    assert "90 из 90" in response.json()["detail"]


def test_claim_of_invisible_company_is_404(people, base):
    response = post(
        client_for(people.hunter1), f"/api/v1/companies/{base.of_hunter2_gtx.pk}/claim/"
    )
    assert response.status_code == 404


def test_move_and_refused_move(people):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    post(client, f"/api/v1/companies/{company.pk}/claim/")
    refused = post(client, f"/api/v1/companies/{company.pk}/move/", {"state": "client"})
    assert refused.status_code == 409
    moved = post(client, f"/api/v1/companies/{company.pk}/move/", {"state": "contact_1"})
    assert moved.json()["state"] == "contact_1"


def test_triage_validates_outcome_and_date(people):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    post(client, f"/api/v1/companies/{company.pk}/claim/")
    url = f"/api/v1/companies/{company.pk}/triage/"
    assert post(client, url, {"outcome": "nonsense"}).status_code == 400
    assert post(client, url, {"outcome": "follow_up", "reason": "нет денег"}).status_code == 409
    assert post(client, url, {"outcome": "strategic_archive"}).status_code == 400  # no reason
    done = post(client, url, {"outcome": "strategic_archive", "reason": "позже"})
    assert done.status_code == 200
    assert done.json()["section"] == "strategic_archive"


def test_assign_is_for_leads_only(people):
    company = free_companies(1)[0]
    url = f"/api/v1/companies/{company.pk}/assign/"
    assert post(client_for(people.hunter1), url, {"manager": people.hunter2.pk}).status_code == 403
    response = post(client_for(people.head), url, {"manager": people.hunter2.pk, "reason": "x"})
    assert response.status_code == 200
    company.refresh_from_db()
    assert company.owner == people.hunter2


def test_queues_answer(people):
    client = client_for(people.hunter1)
    assert client.get("/api/v1/triage-queue/").status_code == 200
    assert client.get("/api/v1/call-round/").status_code == 200
    assert client.get("/api/v1/reassignment-queue/").status_code == 403
    assert client_for(people.head).get("/api/v1/reassignment-queue/").status_code == 200


def test_activity_complete_with_next_step(people):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    post(client, f"/api/v1/companies/{company.pk}/claim/")
    created = post(
        client, "/api/v1/activities/", {"company": company.pk, "kind": "call", "subject": "Звонок"}
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/activities/{created.json()['id']}/complete/"
    assert post(client, url, {"result": "ok"}).status_code == 409
    done = post(
        client,
        url,
        {
            "result": "ok",
            "next_step": {
                "kind": "meeting",
                "subject": "Встреча",
                "due_at": "2030-01-01T10:00:00Z",
            },
        },
    )
    assert done.status_code == 200
    assert Activity.objects.filter(company=company, done_at__isnull=True).get().subject == "Встреча"
    assert Company.objects.get(pk=company.pk).owner == people.hunter1
