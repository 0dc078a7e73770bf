"""Companies and contacts through the REST API (/api/v1/): same rules and messages as the
pages."""

from django.test import Client

from otdel.base.models import Company, CompanyEvent
from otdel.org.services import api_token_create
from tests.conftest import client_for


def test_token_auth_lists_only_visible_companies(people, base):
    _token, key = api_token_create(user=people.hunter1, name="test", acting_user=None)
    response = Client().get("/api/v1/companies/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    names = {row["legal_name"] for row in response.json()["results"]}
    assert names == {"Альфа", "Дельта"}


def test_wrong_token_is_refused(base):
    response = Client().get("/api/v1/companies/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401


def test_create_with_phones_and_history(people):
    client = client_for(people.head)
    response = client.post(
        "/api/v1/companies/",
        {
            "legal_name": "Ромашка",
            "tax_id": "7707083893",
            "phones": ["8 495 123-45-67"],
            "emails": ["sales@romashka.ru"],
            "owner": people.hunter1.pk,
            "section": "",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phones"] == ["+74951234567"]
    assert body["emails"] == ["sales@romashka.ru"]
    company = Company.objects.get(pk=body["id"])
    assert company.owner == people.hunter1
    # The head's choice of owner is an assignment: owner and section (out of "to call").
    assert set(company.events.values_list("kind", flat=True)) == {"created", "owner", "section"}
    assert company.work_deadline is not None


def test_bad_input_names_the_field_and_saves_nothing(people, base):
    Company.objects.filter(pk=base.of_hunter1.pk).update(tax_id="7707083893")
    client = client_for(people.head)
    cases = [
        ({"tax_id": "7707083894"}, "tax_id", "ИНН: неверная контрольная цифра."),
        ({"tax_id": "7707083893"}, "tax_id", f"Уже есть в базе: компания №{base.of_hunter1.pk}"),
        ({"phones": ["+7 495 123-45-67", "xx"]}, "phones", "Строка 2: «xx» — не номер телефона."),
    ]
    before = (Company.objects.count(), CompanyEvent.objects.count())
    for fields, field, message in cases:
        response = client.post(
            "/api/v1/companies/",
            {"legal_name": "Ромашка", **fields},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert message in " ".join(response.json()[field])
    assert (Company.objects.count(), CompanyEvent.objects.count()) == before


def test_api_owner_change_is_in_history(people, base):
    client = client_for(people.head)
    response = client.post(
        f"/api/v1/companies/{base.of_hunter1.pk}/assign/",
        {"manager": people.hunter2.pk, "reason": "отпуск"},
        content_type="application/json",
    )
    assert response.status_code == 200
    event = base.of_hunter1.events.get(kind="owner")
    assert (event.old_value, event.new_value, event.reason, event.actor) == (
        str(people.hunter1),
        str(people.hunter2),
        "отпуск",
        people.head,
    )


def test_contacts_with_phones(people, base):
    client = client_for(people.hunter1)
    response = client.post(
        "/api/v1/contacts/",
        {
            "company": base.of_hunter1.pk,
            "full_name": "Иванов",
            "phones": ["+74951234567"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["phones"] == ["+74951234567"]
    listed = client.get("/api/v1/contacts/", {"company": base.of_hunter1.pk}).json()["results"]
    assert [c["full_name"] for c in listed] == ["Иванов"]
