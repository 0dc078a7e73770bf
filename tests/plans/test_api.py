"""Plans over the API: those who lead read them, a manager reads the progress of his own line,
approval follows the same rule as the page (409 with the reason)."""

from datetime import date

from otdel.plans.services import plan_create
from tests.conftest import client_for

from .test_plans import SPLIT, set_figures


def test_plans_progress_and_approval_over_the_api(people, november_done):
    plan = plan_create(kind="month", day=date(2026, 11, 1), acting_user=people.head)
    set_figures(plan, people, {k: v for k, v in SPLIT.items() if k != "hunter2"})
    head = client_for(people.head)
    listed = head.get("/api/v1/plans/").json()["results"]
    assert listed[0]["id"] == plan.pk and len(listed[0]["lines"]) == 6
    refused = head.post(f"/api/v1/plans/{plan.pk}/approve/")
    assert (
        refused.status_code == 409 and "не распределено по менеджерам" in refused.json()["detail"]
    )
    set_figures(plan, people, {"hunter2": SPLIT["hunter2"]})
    assert (
        client_for(people.hunters_lead).post(f"/api/v1/plans/{plan.pk}/approve/").status_code == 403
    )
    assert head.post(f"/api/v1/plans/{plan.pk}/approve/").json()["status"] == "approved"
    assert client_for(people.hunter1).get("/api/v1/plans/").json()["results"] == []
    mine = client_for(people.hunter1).get(f"/api/v1/plans/{plan.pk}/progress/").json()
    assert [row["line"]["user"] for row in mine] == [people.hunter1.pk]
    assert mine[0]["metrics"]["revenue"]["fact"] == "9000.00"
    assert "revenue" in mine[0]["behind"]


def test_the_schema_says_what_the_plan_endpoints_answer(people):
    paths = (
        client_for(people.head).get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    )
    progress = paths["/api/v1/plans/{id}/progress/"]["get"]["responses"]["200"]
    assert progress["content"]["application/json"]["schema"]["type"] == "array"
    assert "409" in paths["/api/v1/plans/{id}/approve/"]["post"]["responses"]
