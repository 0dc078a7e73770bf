"""The narrow names of the whole base's name search (base.CompanyName, issue 15): the database
keeps one per company on every path that writes companies, and a search of the whole base by a
name pages its matches from them, with the same rows as the companies give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdel.base import services
from otdel.base.models import Company, CompanyName
from tests.conftest import client_for
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def names_kept() -> dict[int, tuple[str, bool]]:
    return {
        pk: (name, live)
        for pk, name, live in CompanyName.objects.values_list("pk", "search_name", "live")
    }


def test_the_database_keeps_a_name_for_every_company_however_written(people):
    made = CompanyFactory(legal_name="Альфа")
    new = services.NewCompany(Company(legal_name="Бета"))
    services.companies_create(new=[new], acting_user=None, rule="import")
    copied = new.company
    Company.objects.bulk_create([Company(legal_name="Гамма", search_name="гамма")])
    gamma = Company.all_objects.get(legal_name="Гамма")
    assert names_kept() == {
        made.pk: (made.search_name, True),
        copied.pk: (copied.search_name, True),
        gamma.pk: ("гамма", True),
    }
    services.company_update(company=made, acting_user=people.head, changes={"legal_name": "Дельта"})
    made.refresh_from_db()
    assert "дельта" in made.search_name and names_kept()[made.pk] == (made.search_name, True)
    services.company_merge(survivor=copied, duplicate=gamma, acting_user=people.head)
    assert names_kept()[gamma.pk] == ("гамма", False)
    Company.all_objects.filter(pk=made.pk).update(section="to_call")  # neither name nor merge
    assert names_kept()[made.pk] == (made.search_name, True)
    made.delete()
    assert made.pk not in names_kept() and len(names_kept()) == 2


def listed(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("base:company_list"), params)
    page = response.context["page"]
    return [c.legal_name for c in page], page.paginator.count, queries


def test_a_search_of_the_whole_base_pages_its_matches_from_the_narrow_names(people):
    for name in ("Вектор Юг", "Вектор Альфа", "Бета Вектор", "Вектор Север"):
        CompanyFactory(legal_name=name, owner=people.hunter1)
    merged = CompanyFactory(legal_name="Вектор Старый")
    services.company_merge(
        survivor=Company.objects.get(legal_name="Бета Вектор"), duplicate=merged, acting_user=None
    )
    CompanyFactory(legal_name="Гамма")
    head = client_for(people.head)
    rows, count, queries = listed(head, q="вектор", size=25)
    assert rows == ["Бета Вектор", "Вектор Альфа", "Вектор Север", "Вектор Юг"] and count == 4
    narrow = any("base_companyname" in q["sql"] for q in queries)
    assert narrow is (connection.vendor == "postgresql")
    # Another filter, or fewer companies to see: the companies themselves.
    rows, count, queries = listed(head, q="вектор", size=25, owner=people.hunter1.pk)
    assert not any("base_companyname" in q["sql"] for q in queries)
    assert (rows, count) == (["Бета Вектор", "Вектор Альфа", "Вектор Север", "Вектор Юг"], 4)
    rows, count, queries = listed(client_for(people.hunter1), q="вектор", scope="all", size=25)
    assert not any("base_companyname" in q["sql"] for q in queries)
    assert count == 4
    # A tax id of letters alone (an "other" kind) is found as the companies' search finds it.
    CompanyFactory(legal_name="Омега", tax_id_kind="other", tax_id="ABCXYZ")
    assert listed(head, q="abcxyz", size=25)[:2] == (["Омега"], 1)
    rows, count, _queries = listed(head, q="вектор", size=25, sort="-name", page=2)
    assert (rows, count) == (["Бета Вектор", "Вектор Альфа", "Вектор Север", "Вектор Юг"][::-1], 4)


def test_a_dump_loads_its_companies_and_their_names_in_any_order():
    """loaddata, or a backup put back row by row, may write a name before its company."""
    CompanyName.objects.create(company_id=990, search_name="старое", live=True)
    Company.objects.create(id=990, legal_name="Новое", search_name="новое")
    assert names_kept() == {990: ("новое", True)}
