"""Who sees what (issue 2, item 4): every role against every read and write path.

A company someone may not read does not exist for him (404); one he may read but not change
answers 403 on the write paths.
"""

import pytest
from django.urls import reverse

from otdel.base.models import Company
from otdel.base.selectors import can_edit_company, editable_companies
from tests.conftest import client_for

ALL = {"of_hunter1", "of_hunter2_gtx", "of_farmer1_north", "unclaimed"}
READS = {
    "owner": ALL,
    "head": ALL,
    "hunters_lead": {"of_hunter1", "of_hunter2_gtx", "unclaimed"},
    "hunter1": {"of_hunter1", "unclaimed"},
    "hunter2": {"of_hunter2_gtx", "unclaimed"},
    "farmer1": {"of_farmer1_north", "unclaimed"},
    "pm1": {"of_hunter2_gtx", "unclaimed"},
    "tm1": {"of_farmer1_north", "unclaimed"},
    "outsider": {"unclaimed"},
}
# Matrix leaders read across departments; the owning department keeps the pen.
WRITES = {**READS, "pm1": {"unclaimed"}, "tm1": {"unclaimed"}}
CASES = [(person, company) for person in READS for company in sorted(ALL)]


def expected_status(person: str, company: str, ok: int) -> int:
    if company not in READS[person]:
        return 404
    return ok if company in WRITES[person] else 403


def edit_form_data(company: Company, **changes: object) -> dict[str, object]:
    data = {
        "legal_name": company.legal_name,
        "tax_id_kind": company.tax_id_kind,
        "section": company.section,
        "state": company.state,
        "owner": company.owner_id or "",
        "note": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(("person", "name"), CASES)
def test_read_paths_agree(people, base, person, name):
    user = people.all()[person]
    company = base.all()[name]
    visible = name in READS[person]
    client = client_for(user)
    detail_url = reverse("base:company_detail", args=[company.pk])

    page = client.get(reverse("base:company_list"), {"scope": "all"}).content.decode()
    assert (f'href="{detail_url}"' in page) is visible

    found = client.get(reverse("base:company_list"), {"scope": "all", "q": company.legal_name})
    found = found.content.decode()
    assert (f'href="{detail_url}"' in found) is visible

    assert client.get(detail_url).status_code == (200 if visible else 404)

    export = client.get(reverse("base:company_export_csv"), {"scope": "all"}).content.decode()
    assert (company.legal_name in export) is visible

    api_ids = {row["id"] for row in client.get("/api/v1/companies/").json()["results"]}
    assert (company.pk in api_ids) is visible
    assert client.get(f"/api/v1/companies/{company.pk}/").status_code == (200 if visible else 404)

    contacts = client.get("/api/v1/contacts/", {"company": company.pk})
    assert contacts.status_code == 200


@pytest.mark.parametrize(("person", "name"), CASES)
def test_write_paths_agree(people, base, person, name):
    user = people.all()[person]
    company = base.all()[name]
    client = client_for(user)
    edit_url = reverse("base:company_edit", args=[company.pk])

    assert client.get(edit_url).status_code == expected_status(person, name, 200)

    response = client.post(edit_url, edit_form_data(company, note="edited in page"))
    assert response.status_code == expected_status(person, name, 302)
    company.refresh_from_db()
    assert (company.note == "edited in page") is (name in WRITES[person])

    response = client.patch(
        f"/api/v1/companies/{company.pk}/",
        {"note": "edited by api"},
        content_type="application/json",
    )
    assert response.status_code == expected_status(person, name, 200)
    company.refresh_from_db()
    assert (company.note == "edited by api") is (name in WRITES[person])

    response = client.post(
        reverse("base:contact_create", args=[company.pk]), {"full_name": "Петров Пётр"}
    )
    assert response.status_code == expected_status(person, name, 302)

    response = client.post(
        "/api/v1/contacts/",
        {"company": company.pk, "full_name": "Сидоров Иван"},
        content_type="application/json",
    )
    assert response.status_code == (201 if name in WRITES[person] else 400)
    names = set(company.contacts.values_list("full_name", flat=True))
    expected = {"Петров Пётр", "Сидоров Иван"} if name in WRITES[person] else set()
    assert names == expected


@pytest.mark.parametrize(("person", "name"), CASES)
def test_the_card_asks_who_may_change_a_company_as_the_lists_do(people, base, person, name):
    """can_edit_company answers the owner and those who see all without a query: the same
    answer as editable_companies, for a live company, a merged one and a deactivated owner."""
    user = people.all()[person]
    company = base.all()[name]
    assert can_edit_company(user, company) is (name in WRITES[person])

    user.is_active = False
    assert can_edit_company(user, company) is False
    user.is_active = True

    company.merged_into = base.unclaimed if company != base.unclaimed else base.of_hunter1
    company.save(update_fields=["merged_into"])
    assert can_edit_company(user, company) is False
    assert not editable_companies(user).filter(pk=company.pk).exists()


def test_anonymous_sees_nothing(base):
    from django.test import Client

    client = Client()
    assert client.get(reverse("base:company_list")).status_code == 302
    assert client.get(f"/api/v1/companies/{base.unclaimed.pk}/").status_code in (401, 403)


def test_manager_cannot_hand_his_company_to_another_by_api(people, base):
    client = client_for(people.hunter1)
    response = client.patch(
        f"/api/v1/companies/{base.of_hunter1.pk}/",
        {"owner": people.hunter2.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "owner" in response.json()
    base.of_hunter1.refresh_from_db()
    assert base.of_hunter1.owner == people.hunter1


def test_department_head_assigns_only_inside_his_department(people, base):
    client = client_for(people.hunters_lead)
    url = f"/api/v1/companies/{base.of_hunter1.pk}/assign/"
    outside = client.post(url, {"manager": people.farmer1.pk}, content_type="application/json")
    assert outside.status_code == 400
    inside = client.post(url, {"manager": people.hunter2.pk}, content_type="application/json")
    assert inside.status_code == 200
    base.of_hunter1.refresh_from_db()
    assert base.of_hunter1.owner == people.hunter2


def test_edit_form_shows_the_owner_read_only_to_everyone(people, base):
    for person in (people.hunter1, people.head):
        page = client_for(person).get(reverse("base:company_edit", args=[base.of_hunter1.pk]))
        assert page.context["form"].fields["owner"].disabled


def test_matrix_leader_sets_a_task_for_another_departments_manager(people, base):
    """pm1 leads GTX across departments: he may not edit hunter2's company but, as hunter2's
    matrix leader, may task him (issue 12: tasks go only to one's own people)."""
    people.hunter2.matrix_leader = people.pm1
    people.hunter2.save()
    company = base.of_hunter2_gtx
    client = client_for(people.pm1)
    response = client.post(
        reverse("algorithm:activity_add", args=[company.pk]),
        {"kind": "task", "subject": "Предложить GTX Pro", "due_at": "2030-01-10T10:00"},
    )
    assert response.status_code == 302
    task = company.activities.get()
    assert (task.assignee, task.author) == (people.hunter2, people.pm1)
    api = client.post(
        "/api/v1/activities/",
        {"company": company.pk, "kind": "task", "subject": "Ещё задача"},
        content_type="application/json",
    )
    assert api.status_code == 201
    assert api.json()["assignee"] == people.hunter2.pk


def test_others_cannot_set_tasks_on_companies_they_only_read_or_do_not_see(people, base):
    blocked = client_for(people.hunter1).post(
        reverse("algorithm:activity_add", args=[base.of_hunter2_gtx.pk]),
        {"kind": "task", "subject": "x"},
    )
    assert blocked.status_code == 404
    assert not base.of_hunter2_gtx.activities.exists()
