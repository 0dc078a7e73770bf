"""The company list, card and forms as a user meets them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdel.base.models import Company, CompanyEvent, Phone, Section, State
from tests.conftest import client_for
from tests.factories import CompanyFactory

HOSTILE = '<script>alert(1)</script> "O\'Neil" & Co'


def list_queries(client, params=None) -> int:
    client.get(reverse("base:company_list"), params or {})  # warms the algorithm's cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("base:company_list"), params or {})
    assert response.status_code == 200
    return len(queries)


def make_companies(n: int, owner) -> None:
    companies = Company.objects.bulk_create(
        Company(legal_name=f"Фирма {i}", search_name=f"фирма {i}", owner=owner, section="")
        for i in range(n)
    )
    Phone.objects.bulk_create(Phone(company=c, number="+74951234567") for c in companies)


def test_list_runs_the_same_queries_at_10_and_500_rows(people):
    client = client_for(people.head)
    make_companies(10, people.hunter1)
    small = list_queries(client)
    make_companies(490, people.hunter2)
    assert list_queries(client) == small
    assert list_queries(client, {"page": 3}) == small


def test_filtered_list_runs_the_same_queries_at_10_and_500_rows(people):
    client = client_for(people.hunter1)
    make_companies(10, people.hunter1)
    small = list_queries(client, {"q": "фирма", "section": "in_work"})
    make_companies(490, people.hunter1)
    assert list_queries(client, {"q": "фирма", "section": "in_work"}) == small


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"section": Section.TO_CALL}, {"Дельта"}),
        ({"section": "in_work"}, {"Альфа", "Гамма", "Бета"}),
        ({"q": "АЛЬФ"}, {"Альфа"}),
        ({"q": "7707083893"}, {"Гамма"}),
        ({"q": "8 (495) 111-22-33"}, {"Бета"}),
        ({"q": "111-22-33"}, {"Бета"}),
        ({"state": State.CONTACT_2}, {"Гамма"}),
    ],
)
def test_list_filters(people, base, params, expected):
    Company.objects.filter(pk=base.of_hunter2_gtx.pk).update(
        tax_id="7707083893", state=State.CONTACT_2
    )
    Phone.objects.create(company=base.of_farmer1_north, number="+74951112233")
    response = client_for(people.head).get(reverse("base:company_list"), params)
    shown = {c.legal_name for c in response.context["page"].object_list}
    assert shown == expected


@pytest.mark.parametrize(
    ("person", "scope", "expected"),
    [
        ("hunter1", None, {"Альфа"}),
        ("hunter1", "free", {"Дельта"}),
        ("hunter1", "all", {"Альфа", "Дельта"}),
        ("head", None, {"Альфа", "Гамма", "Бета", "Дельта"}),
        ("head", "mine", set()),
    ],
)
def test_list_starts_from_a_managers_own_companies(people, base, person, scope, expected):
    params = {"scope": scope} if scope else {}
    response = client_for(people.all()[person]).get(reverse("base:company_list"), params)
    assert {c.legal_name for c in response.context["page"].object_list} == expected


def test_owner_filter_can_ask_for_nobody(people, base):
    response = client_for(people.head).get(reverse("base:company_list"), {"owner": "null"})
    assert {c.legal_name for c in response.context["page"].object_list} == {"Дельта"}


def test_search_ignores_case_and_yo_in_cyrillic(people):
    CompanyFactory(legal_name="ООО «Ёлка»", owner=people.hunter1)
    response = client_for(people.hunter1).get(reverse("base:company_list"), {"q": "ЕЛКА"})  # mine
    assert [c.full_legal_name for c in response.context["page"].object_list] == ["ООО «Ёлка»"]


def test_hostile_name_is_plain_text_everywhere(people):
    client = client_for(people.head)
    response = client.post(
        reverse("algorithm:company_create"),
        {
            "legal_name": HOSTILE,
            "tax_id_kind": "ru_inn",
            "section": "to_call",
            "state": "new",
        },
    )
    company = Company.objects.get(legal_name=HOSTILE)
    assert response.status_code == 302
    pages = [
        client.get(reverse("base:company_list")),
        client.get(reverse("base:company_detail", args=[company.pk])),
        client.get(reverse("base:company_edit", args=[company.pk])),
    ]
    for page in pages:
        html = page.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert client.get(f"/api/v1/companies/{company.pk}/").json()["legal_name"] == HOSTILE


def form(**fields) -> dict:
    data = {"legal_name": "Ромашка", "tax_id_kind": "ru_inn", "section": "to_call", "state": "new"}
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"tax_id": "7707083894"}, "tax_id", "ИНН: неверная контрольная цифра."),
        ({"tax_id": "12345"}, "tax_id", "ИНН: неверное количество цифр."),
        ({"ogrn": "1027700132196"}, "ogrn", "ОГРН: неверная контрольная цифра."),
        ({"phones": "+7 495 123-45-67\n12-34"}, "phones", "Строка 2: «12-34»"),
        ({"emails": "info@romashka.ru\nnot-an-email"}, "emails", "Строка 2: «not-an-email»"),
        ({"legal_name": ""}, "legal_name", "Обязательное поле."),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_saves_nothing(people, fields, field, message):
    response = client_for(people.head).post(reverse("algorithm:company_create"), form(**fields))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert message in response.content.decode()
    assert not Company.objects.exists()
    assert not Phone.objects.exists()
    assert not CompanyEvent.objects.exists()


def test_duplicate_tax_id_names_the_company_that_holds_it(people, base):
    Company.objects.filter(pk=base.of_hunter2_gtx.pk).update(tax_id="7707083893")
    response = client_for(people.head).post(
        reverse("algorithm:company_create"), form(tax_id="7707 083893")
    )
    errors = response.context["form"].errors["tax_id"]
    assert errors == [
        f"Уже есть в базе: компания №{base.of_hunter2_gtx.pk}, ответственный: {people.hunter2}."
    ]
    assert Company.objects.filter(tax_id="7707083893").count() == 1


def test_editing_keeps_its_own_tax_id(people, base):
    company = base.of_hunter1
    Company.objects.filter(pk=company.pk).update(tax_id="7707083893")
    response = client_for(people.hunter1).post(
        reverse("base:company_edit", args=[company.pk]),
        form(legal_name="Альфа", tax_id="7707083893", section="", state="new"),
    )
    assert response.status_code == 302


def test_manager_creates_a_company_into_his_own_work(people):
    client = client_for(people.hunter1)
    response = client.post(
        reverse("algorithm:company_create"),
        form(
            phones="8 (495) 123-45-67",
            emails="info@romashka.ru",
            tax_id="7707083893",
        ),
    )
    company = Company.objects.get()
    assert response.url == reverse("base:company_detail", args=[company.pk])
    assert (company.owner, company.section) == (people.hunter1, "")
    assert list(company.phones.values_list("number", flat=True)) == ["+74951234567"]
    assert list(company.emails.values_list("domain", flat=True)) == ["romashka.ru"]
    card = client.get(response.url).content.decode()
    assert "+7 495 123-45-67" in card
    assert "7707083893" in card


def test_card_shows_contacts_and_history(people, base):
    client = client_for(people.head)
    client.post(
        reverse("base:contact_create", args=[base.of_hunter1.pk]),
        {
            "full_name": "Иванов Сергей",
            "job_title": "Директор",
            "phones": "+7 495 765-43-21",
        },
    )
    client.post(
        reverse("algorithm:assign", args=[base.of_hunter1.pk]),
        {"manager": people.hunter2.pk, "reason": "перераспределение"},
    )
    card = client.get(reverse("base:company_detail", args=[base.of_hunter1.pk])).content.decode()
    assert "Иванов Сергей" in card
    assert "+7 495 765-43-21" in card
    assert "перераспределение" in card
    assert str(people.hunter1) in card and str(people.hunter2) in card


def test_contact_with_bad_phone_is_not_saved(people, base):
    response = client_for(people.hunter1).post(
        reverse("base:contact_create", args=[base.of_hunter1.pk]),
        {"full_name": "Иванов", "phones": "abc"},
    )
    assert response.status_code == 200
    assert "Строка 1: «abc» — не номер телефона." in response.context["form"].errors["phones"]
    assert not base.of_hunter1.contacts.exists()


def test_language_switch_shows_english(people):
    client = client_for(people.hunter1)
    assert "Компании" in client.get(reverse("base:company_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/companies/"})
    page = client.get(reverse("base:company_list")).content.decode()
    assert "Companies" in page
    assert "Компании" not in page
