"""The header's search (issue 14, item 3): companies, contacts and deals a user may see, by
name, INN, phone, e-mail and a deal's number."""

import pytest
from django.urls import reverse

from otdel.base.models import Email, Phone
from otdel.base.rules import SearchTerms, search_terms
from otdel.base.selectors import search_companies, visible_companies
from otdel.deals.services import deal_create
from tests.conftest import client_for
from tests.factories import CompanyFactory, ContactFactory


def found(user, query: str) -> dict[str, set[str]]:
    response = client_for(user).get(reverse("control:search"), {"q": query})
    assert response.status_code == 200
    context = response.context
    return {
        "companies": {c.full_legal_name for c in context["companies"]},
        "contacts": {c.full_name for c in context["contacts"]},
        "deals": {d.title for d in context["deals"]},
    }


@pytest.fixture
def uralchem(people):
    company = CompanyFactory(
        legal_name="ООО «Уралхиммаш»", tax_id="7707083893", owner=people.hunter1, section=""
    )
    Phone.objects.create(company=company, number="+74951112233")
    Email.objects.create(company=company, address="Info@Uralchem.ru", domain="uralchem.ru")
    contact = ContactFactory(company=company, full_name="Сергеев Олег")
    Phone.objects.create(company=company, contact=contact, number="+79161234567")
    return company


@pytest.mark.parametrize(
    "query",
    [
        "уралхим",  # a part of the name, any case
        "УРАЛХИММАШ",
        "7707083893",  # the INN
        "770708",  # its beginning
        "8 (495) 111-22-33",  # the phone as people write it
        "111-22-33",  # its tail
        "+7 495 111",  # its beginning
        "info@uralchem.ru",  # the e-mail, any case
        "@uralchem.ru",  # everybody at the domain
        "+7 916 123-45-67",  # a contact's phone finds his company
    ],
)
def test_a_company_is_found_by_name_inn_phone_and_email(people, uralchem, query):
    assert found(people.hunter1, query)["companies"] == {"ООО «Уралхиммаш»"}


def test_contacts_are_found_by_name_and_phone(people, uralchem):
    assert found(people.hunter1, "сергеев")["contacts"] == {"Сергеев Олег"}
    assert found(people.hunter1, "8 916 123 45 67")["contacts"] == {"Сергеев Олег"}
    # The company's own phone is no contact's.
    assert found(people.hunter1, "8 495 111 22 33")["contacts"] == set()


def test_a_deal_is_found_by_its_number(people, uralchem):
    deal = deal_create(
        company=uralchem, owner=people.hunter1, title="Поставка насосов", acting_user=people.hunter1
    )
    assert found(people.hunter1, str(deal.pk))["deals"] == {"Поставка насосов"}
    assert found(people.hunter1, f"№{deal.pk}")["deals"] == {"Поставка насосов"}
    assert found(people.hunter2, str(deal.pk))["deals"] == set()


def test_nobody_finds_what_he_may_not_see(people, uralchem):
    assert found(people.hunter2, "уралхим") == {
        "companies": set(),
        "contacts": set(),
        "deals": set(),
    }
    assert found(people.head, "уралхим")["companies"] == {"ООО «Уралхиммаш»"}


def test_an_empty_query_shows_the_hint(people):
    response = client_for(people.hunter1).get(reverse("control:search"))
    assert response.status_code == 200
    assert list(response.context["companies"]) == []


def test_the_header_holds_the_search_box(people):
    html = client_for(people.hunter1).get(reverse("control:my_work")).content.decode()
    assert 'id="global-search"' in html
    assert 'for="global-search"' in html


def test_the_list_and_the_api_search_as_the_page_does(people, uralchem):
    page = client_for(people.hunter1).get(reverse("base:company_list"), {"q": "111-22-33"})
    assert [c.pk for c in page.context["page"].object_list] == [uralchem.pk]
    api = client_for(people.hunter1).get("/api/v1/companies/", {"q": "111-22-33"}).json()
    assert [row["id"] for row in api["results"]] == [uralchem.pk]
    assert list(search_companies(visible_companies(people.hunter1), "111-22-33")) == [uralchem]


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("  Ёлка  ", SearchTerms(name="елка", tax_id="ЁЛКА")),
        ("ООО «Ёлка»", SearchTerms(name="елка", tax_id="ООО«ЁЛКА»")),  # the form stored apart
        ("«Ёлка Плюс»", SearchTerms(name="елка плюс", tax_id="«ЁЛКАПЛЮС»")),  # pasted, as shown
        ('"Ёлка"', SearchTerms(name="елка", tax_id='"ЁЛКА"')),
        ("A@B.RU", SearchTerms(email="a@b.ru")),
        ("8 (495) 111", SearchTerms(digits="8495111", phones=("+7495111", "+8495111"))),
        ("495111", SearchTerms(digits="495111", phones=("+495111", "+7495111"))),
        ("12", SearchTerms(name="12", tax_id="12")),
        ("", SearchTerms()),
    ],
)
def test_search_terms_read_a_query(query, terms):
    assert search_terms(query, "RU") == terms


def test_the_words_of_a_name_are_found_apart_and_in_any_order(people):
    for name in ("ООО «СтройМаркет»", "АО «Маркет стройматериалов»", "ООО «Стройка»"):
        CompanyFactory(legal_name=name, owner=people.hunter1, section="")
    both = {"ООО «СтройМаркет»", "АО «Маркет стройматериалов»"}
    assert found(people.hunter1, "Строй Маркет")["companies"] == both
    assert found(people.hunter1, "маркет  строй")["companies"] == both
    assert found(people.hunter1, "строй")["companies"] == both | {"ООО «Стройка»"}
