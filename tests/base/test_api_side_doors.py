"""The API holds the method as the pages do: owner, state and section change only through the
algorithm's actions, a company made by hand enters like a claim, nothing typed is lost, and
tasks go only to those the caller may set tasks for (issue 12)."""

import pytest

from otdel.algorithm.models import Activity
from otdel.base.models import Company, CompanyEvent, Contact, Section, State
from tests.algorithm.conftest import fill_working_list
from tests.conftest import client_for
from tests.factories import ContactFactory

Kind = CompanyEvent.Kind


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.mark.parametrize(
    ("user", "field", "value", "action"),
    [
        ("hunter1", "state", State.CLIENT, "move/"),
        ("hunter1", "section", Section.HARD_REFUSAL, "triage/"),
        ("head", "owner", "hunter2", "assign/"),
    ],
)
def test_patch_cannot_change_owner_state_or_section(people, base, user, field, value, action):
    company = base.of_hunter1
    if field == "owner":
        value = people.hunter2.pk
    response = send(
        client_for(getattr(people, user)),
        "patch",
        f"/api/v1/companies/{company.pk}/",
        {field: value},
    )
    assert response.status_code == 400
    assert action in " ".join(response.json()[field])
    fresh = Company.objects.get(pk=company.pk)
    assert (fresh.owner, fresh.state, fresh.section) == (people.hunter1, State.NEW, "")
    assert not fresh.events.exists()


def test_put_of_the_whole_representation_with_the_same_owner_state_section_is_accepted(
    people, base
):
    client = client_for(people.hunter1)
    url = f"/api/v1/companies/{base.of_hunter1.pk}/"
    body = client.get(url).json()
    body["legal_name"] = "Альфа-Плюс"
    response = send(client, "put", url, body)
    assert response.status_code == 200, response.json()
    assert Company.objects.get(pk=base.of_hunter1.pk).legal_name == "Альфа-Плюс"


def test_hunter_creates_a_company_into_his_work_with_its_deadline(people):
    response = send(
        client_for(people.hunter1), "post", "/api/v1/companies/", {"legal_name": "Ромашка"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["placed"] == "working_list"
    company = Company.objects.get(pk=response.json()["id"])
    assert (company.owner, company.section) == (people.hunter1, "")
    assert company.claimed_at and company.work_deadline and company.owned_since


def test_hunter_with_a_full_list_creates_into_to_call_and_is_told_why(people):
    fill_working_list(people.hunter1, 90)
    response = send(
        client_for(people.hunter1), "post", "/api/v1/companies/", {"legal_name": "Ромашка"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["placed"] == "to_call"
    assert "90 из 90" in body["placement_note"]
    company = Company.objects.get(pk=body["id"])
    assert (company.owner, company.section, company.work_deadline) == (None, Section.TO_CALL, None)


def test_head_creating_for_a_manager_with_a_full_list_is_held_by_the_cap(people):
    fill_working_list(people.hunter1, 90)
    response = send(
        client_for(people.head),
        "post",
        "/api/v1/companies/",
        {"legal_name": "Ромашка", "owner": people.hunter1.pk},
    )
    assert response.status_code == 201
    assert response.json()["placed"] == "to_call"
    assert Company.objects.get(pk=response.json()["id"]).owner is None


def test_head_creating_without_an_owner_leaves_it_to_call(people):
    response = send(
        client_for(people.head), "post", "/api/v1/companies/", {"legal_name": "Ромашка"}
    )
    company = Company.objects.get(pk=response.json()["id"])
    assert (company.owner, company.section) == (None, Section.TO_CALL)


def test_a_new_company_cannot_start_as_a_client(people):
    response = send(
        client_for(people.hunter1),
        "post",
        "/api/v1/companies/",
        {"legal_name": "Ромашка", "state": State.CLIENT},
    )
    assert response.status_code == 400
    assert "move/" in " ".join(response.json()["state"])
    assert not Company.objects.exists()


def test_rename_and_cleared_phones_emails_and_tax_id_are_in_the_history(people, base):
    client = client_for(people.hunter1)
    url = f"/api/v1/companies/{base.of_hunter1.pk}/"
    send(
        client,
        "patch",
        url,
        {"tax_id": "7707083893", "phones": ["+74951234567"], "emails": ["a@romashka.ru"]},
    )
    response = send(
        client, "patch", url, {"legal_name": "Омега", "tax_id": "", "phones": [], "emails": []}
    )
    assert response.status_code == 200
    changes = {
        e.field: (e.old_value, e.new_value, e.actor)
        for e in base.of_hunter1.events.filter(kind=Kind.FIELD).order_by("pk")
    }
    assert changes == {
        "legal_name": ("Альфа", "Омега", people.hunter1),
        "tax_id": ("7707083893", "", people.hunter1),
        "phones": ("+74951234567", "", people.hunter1),
        "emails": ("a@romashka.ru", "", people.hunter1),
    }


def test_deleting_a_contact_archives_it_with_its_history(people, base):
    contact = ContactFactory(company=base.of_hunter1, full_name="Иванов")
    client = client_for(people.hunter1)
    assert client.delete(f"/api/v1/contacts/{contact.pk}/").status_code == 204
    contact = Contact.objects.get(pk=contact.pk)
    assert (contact.archived_at is not None, contact.archived_by) == (True, people.hunter1)
    event = base.of_hunter1.events.get(kind=Kind.CONTACT_ARCHIVED)
    assert (event.old_value, event.actor) == ("Иванов", people.hunter1)
    listed = client.get("/api/v1/contacts/", {"company": base.of_hunter1.pk}).json()["results"]
    assert listed == []
    archived = client.get("/api/v1/contacts/", {"company": base.of_hunter1.pk, "archived": "true"})
    assert [c["full_name"] for c in archived.json()["results"]] == ["Иванов"]


def test_contact_added_and_changed_through_the_api_is_in_the_history(people, base):
    client = client_for(people.hunter1)
    created = send(
        client, "post", "/api/v1/contacts/", {"company": base.of_hunter1.pk, "full_name": "Иванов"}
    ).json()
    send(
        client,
        "patch",
        f"/api/v1/contacts/{created['id']}/",
        {"full_name": "Петров", "phones": ["+74951234567"]},
    )
    rows = list(
        base.of_hunter1.events.order_by("pk").values_list("kind", "field", "old_value", "new_value")
    )
    assert rows == [
        (Kind.CONTACT_ADDED, "", "", "Иванов"),
        (Kind.CONTACT, "full_name", "Иванов", "Петров"),
        (Kind.CONTACT, "phones", "", "+74951234567"),
    ]


def test_a_task_cannot_be_assigned_to_a_user_outside_the_callers_reach(people, base):
    response = send(
        client_for(people.hunter1),
        "post",
        "/api/v1/activities/",
        {
            "company": base.of_hunter1.pk,
            "kind": "call",
            "subject": "Позвонить",
            "assignee": people.farmer1.pk,
        },
    )
    assert response.status_code == 400
    assert "assignee" in response.json()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("user", "assignee", "company"),
    [
        ("hunter1", "hunter1", "of_hunter1"),
        ("hunters_lead", "hunter2", "of_hunter1"),
        ("head", "farmer1", "of_hunter1"),
        ("pm1", "hunter1", "of_hunter2_gtx"),  # hunter1's matrix leader
    ],
)
def test_tasks_go_to_those_the_caller_may_set_tasks_for(people, base, user, assignee, company):
    response = send(
        client_for(getattr(people, user)),
        "post",
        "/api/v1/activities/",
        {
            "company": getattr(base, company).pk,
            "kind": "task",
            "subject": "Подготовить КП",
            "assignee": getattr(people, assignee).pk,
        },
    )
    assert response.status_code == 201, response.json()
    activity = Activity.objects.get()
    assert (activity.assignee, activity.author) == (
        getattr(people, assignee),
        getattr(people, user),
    )


def test_product_manager_sets_tasks_for_the_owner_of_a_company_of_his_products_only(people, base):
    # METHOD 1: a matrix leader sets tasks for the hunters and farmers of other departments on
    # his products; not for anyone else, on that company or any other.
    def task(assignee):
        data = {"company": base.of_hunter2_gtx.pk, "kind": "task", "subject": "КП"}
        data["assignee"] = assignee.pk
        return send(client_for(people.pm1), "post", "/api/v1/activities/", data)

    assert task(people.hunter2).status_code == 201
    refused = task(people.farmer1)
    assert refused.status_code == 400
    assert "assignee" in refused.json()


def test_duplicate_tax_id_of_an_invisible_company_names_nobody(people, base):
    Company.objects.filter(pk=base.of_hunter2_gtx.pk).update(tax_id="7707083893")
    response = send(
        client_for(people.hunter1),
        "post",
        "/api/v1/companies/",
        {"legal_name": "Ромашка", "tax_id": "7707083893"},
    )
    assert response.status_code == 400
    message = " ".join(response.json()["tax_id"])
    assert "другой менеджер" in message
    assert str(base.of_hunter2_gtx.pk) not in message and str(people.hunter2) not in message
