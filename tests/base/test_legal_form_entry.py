"""A name typed with its legal form, on the company form and through the API, is stored as the
form and the name, shown as it was written and sorted by the name (issue 14)."""

from django.urls import reverse

from otdel.base.models import Company
from tests.conftest import client_for
from tests.factories import CompanyFactory


def new_company(**fields) -> dict:
    return {"tax_id_kind": "ru_inn", "section": "to_call", "state": "new", **fields}


def test_a_name_typed_with_its_form_is_kept_apart_shown_whole_and_sorted_by_the_name(people):
    client = client_for(people.head)
    for typed in ("ООО «Уралхиммаш-Сервис»", "АО «Бета»", "Вектор Плюс"):
        response = client.post(reverse("algorithm:company_create"), new_company(legal_name=typed))
        assert response.status_code == 302
    company = Company.objects.get(legal_name="Уралхиммаш-Сервис")
    assert company.legal_form == "ООО"
    assert company.events.get(kind="created").new_value == "ООО «Уралхиммаш-Сервис»"
    card = client.get(reverse("base:company_detail", args=[company.pk])).content.decode()
    assert "ООО «Уралхиммаш-Сервис»" in card
    listed = client.get(reverse("base:company_list")).context["page"].object_list
    assert [c.display_name for c in listed] == [
        "АО «Бета»",
        "Вектор Плюс",
        "ООО «Уралхиммаш-Сервис»",
    ]


def test_an_edit_moves_a_form_typed_into_the_name_and_keeps_it_in_the_history(people):
    company = CompanyFactory(legal_name="Альфа", legal_form="", owner=people.hunter1, section="")
    client = client_for(people.hunter1)
    client.post(
        reverse("base:company_edit", args=[company.pk]),
        {"legal_name": "Общество с ограниченной ответственностью «Альфа»", "tax_id_kind": "ru_inn"},
    )
    company.refresh_from_db()
    assert (company.legal_form, company.legal_name) == ("ООО", "Альфа")
    changes = set(
        company.events.filter(kind="field").values_list("field", "old_value", "new_value")
    )
    assert changes == {("legal_form", "", "ООО")}


def test_a_name_and_a_form_that_disagree_are_refused_on_the_form(people):
    response = client_for(people.head).post(
        reverse("algorithm:company_create"),
        new_company(legal_name="ООО «Альфа»", legal_form="АО"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["legal_form"] == [
        "В названии указано «ООО», а в правовой форме — «АО»: оставьте одно."
    ]
    assert not Company.objects.exists()


def test_the_api_keeps_the_form_apart_and_gives_the_full_name(people):
    client = client_for(people.head)
    response = client.post(
        "/api/v1/companies/",
        {"legal_name": "Alfa Trans S.R.L.", "tax_id_kind": "other"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["legal_form"], body["legal_name"], body["full_legal_name"]) == (
        "SRL",
        "Alfa Trans",
        "Alfa Trans SRL",
    )
    refused = client.patch(
        f"/api/v1/companies/{body['id']}/",
        {"legal_name": "ООО «Альфа»"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "«ООО»" in refused.json()["legal_form"][0]
    renamed = client.patch(
        f"/api/v1/companies/{body['id']}/",
        {"legal_name": "ООО «Альфа»", "legal_form": ""},
        content_type="application/json",
    )
    assert renamed.json()["full_legal_name"] == "ООО «Альфа»"
