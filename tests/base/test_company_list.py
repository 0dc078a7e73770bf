"""The company list as in the best CRMs (issue 14, item 3): sortable columns, page numbers and
sizes, a capped count, ABC(D), size and section filters, and filters saved under a name."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdel.base.models import Company, SavedFilter, Section
from otdel.base.rules import search_terms
from otdel.web import CappedPaginator, FoundThenSortedPaginator
from tests.conftest import client_for
from tests.factories import CompanyFactory


def names(response) -> list[str]:
    assert response.status_code == 200
    return [c.legal_name for c in response.context["page"].object_list]


def listed(user, **params) -> list[str]:
    return names(client_for(user).get(reverse("base:company_list"), {"scope": "all", **params}))


@pytest.fixture
def three(people):
    return [
        CompanyFactory(
            legal_name="Бета", tax_id="", abc_class="B", owner=people.hunter1, section=""
        ),
        CompanyFactory(
            legal_name="Альфа", abc_class="A", size_tag="large", section=Section.TO_CALL
        ),
        CompanyFactory(legal_name="Гамма", abc_class="A", owner=people.hunter1, section=""),
    ]


def test_the_list_sorts_by_a_column_both_ways(people, three):
    assert listed(people.head) == ["Альфа", "Бета", "Гамма"]
    assert listed(people.head, sort="-name") == ["Гамма", "Бета", "Альфа"]
    # Equal classes keep the order they were made in (the id), whichever way.
    assert listed(people.head, sort="abc") == ["Альфа", "Гамма", "Бета"]
    assert listed(people.head, sort="-abc") == ["Бета", "Гамма", "Альфа"]


def test_only_the_lists_own_columns_sort_it(people, three):
    assert listed(people.head, sort="owner__password") == ["Альфа", "Бета", "Гамма"]


def test_the_sorted_column_shows_its_arrow_and_links_the_other_way(people, three):
    response = client_for(people.head).get(reverse("base:company_list"), {"sort": "-name"})
    column = next(c for c in response.context["columns"] if c.key == "name")
    assert (column.arrow, column.aria_sort) == ("↓", "descending")
    assert "sort=name" in column.url
    assert 'aria-sort="descending"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"abc_class": "A"}, ["Альфа", "Гамма"]),
        ({"size_tag": "large"}, ["Альфа"]),
        ({"section": Section.TO_CALL}, ["Альфа"]),
        ({"abc_class": "A", "section": "in_work"}, ["Гамма"]),
    ],
)
def test_abc_size_and_section_filters(people, three, params, expected):
    assert listed(people.head, **params) == expected


def test_page_numbers_and_page_sizes(people):
    Company.objects.bulk_create(
        Company(legal_name=f"Фирма {i:03}", search_name=f"фирма {i:03}") for i in range(120)
    )
    client = client_for(people.head)
    response = client.get(reverse("base:company_list"), {"size": 25, "page": 3})
    assert names(response)[0] == "Фирма 050"
    assert len(names(response)) == 25
    html = response.content.decode()
    assert "51–75" in html
    assert 'aria-current="page" class="current">3<' in html
    assert "size=25&amp;page=5" in html  # the pages keep the page size
    assert len(names(client.get(reverse("base:company_list"), {"size": 100}))) == 100
    # An unknown size gives the default.
    assert len(names(client.get(reverse("base:company_list"), {"size": 1000}))) == 50


def test_the_count_stops_at_its_cap(people):
    Company.objects.bulk_create(
        Company(legal_name=f"Фирма {i}", search_name=f"фирма {i}") for i in range(12)
    )
    paginator = CappedPaginator(Company.objects.all(), per_page=5, cap=10)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (10, True, 2)
    exact = CappedPaginator(Company.objects.all(), per_page=5, cap=12)
    assert (exact.count, exact.capped) == (12, False)


def test_few_rows_are_paged_by_their_ids_many_by_a_count(people, monkeypatch):
    Company.objects.bulk_create(
        Company(legal_name=f"Фирма {i}", search_name=f"фирма {i:02}") for i in range(12)
    )
    rows = Company.objects.order_by("-search_name")
    few = CappedPaginator(rows, per_page=5)
    page = few.page(2)
    assert few.count == 12 and "pk__in" not in str(rows.query)
    assert [c.search_name for c in page] == [f"фирма {i:02}" for i in range(6, 1, -1)]
    assert "IN (" in str(few.object_list.query)  # read by the ids found
    monkeypatch.setattr("otdel.web.FEW", 3)
    many = CappedPaginator(rows, per_page=5)
    assert [c.search_name for c in many.page(2)] == [c.search_name for c in page]
    assert many.count == 12 and many.object_list is rows


def test_found_then_sorted_rows_are_counted_with_their_page(people):
    Company.objects.bulk_create(
        Company(legal_name=f"Фирма {i}", search_name=f"фирма {i:02}") for i in range(12)
    )
    rows = Company.objects.order_by("-search_name")
    paginator = FoundThenSortedPaginator(rows, per_page=5, cap=10, finder=rows)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(2)
        names = [c.search_name for c in page]
    assert len(queries) == 2  # the page's ids with the count, then their rows
    assert names == [f"фирма {i:02}" for i in range(6, 1, -1)]
    assert (paginator.count, paginator.capped, paginator.num_pages) == (10, True, 2)
    assert (page.start_index(), page.end_index(), page.has_next()) == (6, 10, False)
    exact = FoundThenSortedPaginator(rows, per_page=5, finder=rows)
    assert [c.search_name for c in exact.get_page(3)] == ["фирма 01", "фирма 00"]
    assert (exact.count, exact.capped) == (12, False)
    # Past the end (even past what a query's OFFSET holds), not a number, before the first:
    # as Paginator does.
    for asked in (9, 10**30, "x", 0):
        fallback = FoundThenSortedPaginator(rows, per_page=5, finder=rows)
        page = fallback.get_page(asked)
        expected = 3 if asked in (9, 10**30) else 1
        assert page.number == expected and fallback.count == 12
        assert len(page) == (2 if expected == 3 else 5)
    none = rows.filter(search_name="нет")
    nothing = FoundThenSortedPaginator(none, per_page=5, finder=none).get_page(1)
    assert (nothing.number, len(nothing), nothing.paginator.count) == (1, 0, 0)


def test_the_page_says_more_than_the_cap(people, monkeypatch):
    monkeypatch.setattr("otdel.web.COUNT_CAP", 10)
    Company.objects.bulk_create(
        Company(legal_name=f"Фирма {i}", search_name=f"фирма {i}") for i in range(12)
    )
    html = client_for(people.head).get(reverse("base:company_list"), {"size": 25}).content.decode()
    assert '1–10 из более чем <span data-testid="total">10</span>' in html


def test_a_user_saves_picks_and_deletes_a_filter(people, three):
    client = client_for(people.hunter1)
    response = client.post(
        reverse("base:saved_filter_save"), {"name": "Мои A", "query": "scope=mine&abc_class=A"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?scope=mine&abc_class=A")
    page = client.get(reverse("base:company_list"))
    saved = page.context["saved_filters"].get()
    assert (saved.name, saved.query) == ("Мои A", "scope=mine&abc_class=A")
    assert 'href="?scope=mine&amp;abc_class=A">Мои A<' in page.content.decode()
    assert names(client.get(reverse("base:company_list") + "?" + saved.query)) == ["Гамма"]
    # The same name again replaces the filter.
    client.post(reverse("base:saved_filter_save"), {"name": "Мои A", "query": "abc_class=A"})
    assert SavedFilter.objects.get(user=people.hunter1).query == "abc_class=A"
    client.post(reverse("base:saved_filter_delete", args=[saved.pk]))
    assert not SavedFilter.objects.exists()


def test_a_filter_needs_a_name(people):
    response = client_for(people.hunter1).post(
        reverse("base:saved_filter_save"), {"name": "  ", "query": "abc_class=A"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not SavedFilter.objects.exists()


def test_nobody_sees_or_deletes_anothers_filter(people):
    saved = SavedFilter.objects.create(user=people.hunter1, name="Мой", query="abc_class=A")
    other = client_for(people.hunter2)
    assert other.post(reverse("base:saved_filter_delete", args=[saved.pk])).status_code == 404
    assert list(other.get(reverse("base:company_list")).context["saved_filters"]) == []
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


def test_a_name_search_is_found_then_sorted_and_keeps_the_order(people, monkeypatch):
    """On PostgreSQL a search the planner expects few rows of is sorted by an expression no
    index holds (found through the trigram index first); the page's order is the same."""

    from otdel.base import selectors
    from otdel.web import Sorting

    Company.objects.bulk_create(
        Company(legal_name=f"Вектор {word}", search_name=f"вектор {word}")
        for word in ("б", "а", "в")
    )
    Company.objects.create(legal_name="Альфа", search_name="альфа")
    client = client_for(people.head)
    url = reverse("base:company_list")
    assert names(client.get(url, {"q": "вектор", "scope": "all"})) == [
        "Вектор а",
        "Вектор б",
        "Вектор в",
    ]
    assert names(client.get(url, {"q": "вектор", "scope": "all", "sort": "-name"}))[0] == "Вектор в"
    rows, finder = selectors.company_list_rows(
        Company.objects.filter(search_name__contains="вектор"),
        Sorting("name"),
        name_search=search_terms("вектор", "RU"),
    )
    by_expression = "CONCAT" in str(rows.query).upper() or "||" in str(rows.query)
    assert (finder is not None) is by_expression is (connection.vendor == "postgresql")
    monkeypatch.setattr(selectors, "FOUND_THEN_SORTED", 0)  # a common name: the index walk
    rows, finder = selectors.company_list_rows(
        Company.objects.filter(search_name__contains="вектор"),
        Sorting("name"),
        name_search=search_terms("вектор", "RU"),
    )
    assert "CONCAT" not in str(rows.query).upper() and finder is None


def test_on_a_phone_each_cell_is_named_by_its_column(people, three):
    response = client_for(people.head).get(reverse("base:company_list"), {"scope": "all"})
    columns = [str(column.label) for column in response.context["columns"]]
    table = response.content.decode().split("<table")[1].split("</table>")[0]
    assert "cards-on-phone" in table.split(">")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert len(rows) == 3
    for row in rows:
        # The box and the name open the card; every other cell says which column it is.
        assert re.findall(r'<td data-label="([^"]*)"', row) == columns[1:]
