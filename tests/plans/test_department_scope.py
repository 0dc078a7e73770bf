"""Plan lines by scope (issue 12): a department head reads his departments' lines and their
managers', on the pages and over the API, not the other departments' nor the company's
total; a manager his own line's progress; only the owner and the head of sales change a plan."""

from datetime import date

import pytest
from django.urls import reverse

from otdel.plans.services import plan_create
from tests.conftest import client_for

from .test_plans import SPLIT, set_figures

HUNTERS = {"Охотники", "hunter1", "hunter2"}


def names(lines: list[dict], people) -> set[str]:
    usernames = {u.pk: u.username for u in people.all().values()}
    departments = {
        people.hunter1.department_id: "Охотники",
        people.farmer1.department_id: "Фермеры",
    }
    return {
        usernames.get(line["user"]) or departments.get(line["department"]) or "company"
        for line in lines
    }


@pytest.fixture
def plan(people, november_done):
    plan = plan_create(kind="month", day=date(2026, 11, 1), acting_user=people.head)
    set_figures(plan, people, SPLIT)
    return plan


def test_a_department_head_reads_his_departments_plan_lines_over_the_api(people, plan):
    lead = client_for(people.hunters_lead)
    listed = lead.get("/api/v1/plans/").json()["results"]
    assert names(listed[0]["lines"], people) == HUNTERS
    assert names(lead.get(f"/api/v1/plans/{plan.pk}/").json()["lines"], people) == HUNTERS
    progress = lead.get(f"/api/v1/plans/{plan.pk}/progress/").json()
    assert names([row["line"] for row in progress], people) == HUNTERS
    everyone = client_for(people.head).get(f"/api/v1/plans/{plan.pk}/").json()["lines"]
    assert names(everyone, people) == HUNTERS | {"company", "Фермеры", "farmer1"}


def test_a_department_head_reads_his_departments_plan_lines_on_the_pages(people, plan):
    lead = client_for(people.hunters_lead)
    detail = lead.get(reverse("plans:detail", args=[plan.pk]))
    assert {str(line) for line in detail.context["lines"]} == {
        "Охотники",
        str(people.hunter1),
        str(people.hunter2),
    }
    html = detail.content.decode()
    assert 'data-testid="line-farmer1"' not in html and 'data-testid="line-company"' not in html
    sheet = lead.get(reverse("control:facts", args=[plan.pk]) + "?format=xlsx")
    assert sheet.status_code == 200 and b"farmer1" not in sheet.content
    company_line = plan.lines.get(user=None, department=None)
    assert lead.get(reverse("plans:weeks", args=[plan.pk, company_line.pk])).status_code == 404


def test_a_manager_reads_only_his_own_lines_progress(people, plan):
    hunter = client_for(people.hunter1)
    assert hunter.get("/api/v1/plans/").json()["results"] == []
    assert hunter.get(f"/api/v1/plans/{plan.pk}/").status_code == 404
    progress = hunter.get(f"/api/v1/plans/{plan.pk}/progress/").json()
    assert [row["line"]["user"] for row in progress] == [people.hunter1.pk]


def test_a_department_head_does_not_change_the_plan(people, plan):
    line = plan.lines.get(user=people.hunter1)
    lead = client_for(people.hunters_lead)
    assert (
        lead.post(reverse("plans:detail", args=[plan.pk]), {f"{line.pk}:revenue": "1"}).status_code
        == 403
    )
    assert (
        lead.post(reverse("plans:weeks", args=[plan.pk, line.pk]), {"spread": "1"}).status_code
        == 403
    )
    assert lead.post(f"/api/v1/plans/{plan.pk}/approve/").status_code == 403
    line.refresh_from_db()
    assert line.revenue == 100000
