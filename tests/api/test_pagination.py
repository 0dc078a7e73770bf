"""The API's lists page by a cursor (issue 15, item 2): a client follows `next` and gets every
row it may see exactly once, in the list's order, while rows are added between its requests;
a made-up cursor or page size answers 400 naming the parameter, never 404 or 500."""

from base64 import b64encode
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.base.models import Company, Contact, Section
from otdel.base.selectors import visible_companies
from otdel.deals.models import Deal
from otdel.deals.selectors import visible_deals
from otdel.deals.services import deal_create
from tests.conftest import client_for
from tests.factories import CompanyFactory, ContactFactory


def walk(client, url: str, *, page_size: int, between: Callable[[int], None]) -> list[int]:
    """The ids of every page from the first, following `next`; `between(i)` runs after page i."""
    ids: list[int] = []
    response = client.get(url, {"page_size": page_size})
    page = 0
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "previous", "results"}  # no count of the whole base
        assert len(body["results"]) <= page_size
        ids += [row["id"] for row in body["results"]]
        if body["next"] is None:
            return ids
        between(page)
        page += 1
        response = client.get(body["next"])


def _companies(people, n: int, **fields) -> list[Company]:
    return [CompanyFactory(legal_name=f"Компания {i}", **fields) for i in range(n)]


def test_walking_the_companies_gives_each_row_once_in_order_while_rows_are_added(people, base):
    hunter = people.hunter1
    _companies(people, 7, owner=hunter, section="")
    _companies(people, 4, owner=people.hunter2, section="")  # not his
    before = set(visible_companies(hunter).values_list("pk", flat=True))
    added: list[Company] = []

    def add(page: int) -> None:
        # One of his (it comes after the cursor: id order) and one he may not see.
        added.append(CompanyFactory(legal_name=f"Новая {page}", owner=hunter, section=""))
        CompanyFactory(legal_name=f"Чужая {page}", owner=people.hunter2, section="")

    ids = walk(client_for(hunter), "/api/v1/companies/", page_size=3, between=add)
    assert ids == sorted(set(ids))  # in id order, none twice
    assert set(ids) == before | {c.pk for c in added}
    assert set(ids) == set(visible_companies(hunter).values_list("pk", flat=True))
    assert len(added) >= 3  # the walk did span several pages


def test_newest_first_lists_walk_backwards_and_a_new_row_does_not_shift_the_pages(people, base):
    for company in (base.of_hunter1, base.of_hunter2_gtx, base.of_farmer1_north):
        for i in range(3):
            deal_create(
                company=company, owner=company.owner, title=f"Сделка {i}", acting_user=company.owner
            )
    head = people.head
    before = list(visible_deals(head).order_by("-pk").values_list("pk", flat=True))

    def add(page: int) -> None:
        deal_create(
            company=base.of_hunter1,
            owner=people.hunter1,
            title=f"Новая {page}",
            acting_user=people.hunter1,
        )

    ids = walk(client_for(head), "/api/v1/deals/", page_size=2, between=add)
    # Deals are read latest first: a deal made during the walk is before the cursor, and the
    # rows there were at the start come each once, in order.
    assert ids == before
    assert Deal.objects.count() > len(before)


@pytest.mark.parametrize(
    ("url", "make", "visible"),
    [
        (
            "/api/v1/contacts/",
            lambda company, i: ContactFactory(company=company, full_name=f"Контакт {i}"),
            lambda user: Contact.objects.filter(
                company__in=visible_companies(user), archived_at__isnull=True
            ),
        ),
        (
            "/api/v1/activities/",
            lambda company, i: Activity.objects.create(
                company=company,
                kind="call",
                subject=f"Звонок {i}",
                due_at=timezone.now() - timedelta(days=i),  # not the order of the list
                assignee=company.owner,
            ),
            lambda user: Activity.objects.filter(company__in=visible_companies(user)),
        ),
    ],
    ids=["contacts", "activities"],
)
def test_contacts_and_activities_walk_in_id_order(people, base, url, make, visible):
    for i in range(5):
        make(base.of_hunter1, i)
        make(base.of_hunter2_gtx, i)  # not hunter1's to see
    added = []

    def add(page: int) -> None:
        added.append(make(base.of_hunter1, 100 + page).pk)
        make(base.of_hunter2_gtx, 100 + page)

    hunter = people.hunter1
    ids = walk(client_for(hunter), url, page_size=2, between=add)
    assert ids == sorted(set(ids))
    assert set(ids) == set(visible(hunter).values_list("pk", flat=True))
    assert set(added) <= set(ids) and len(added) >= 3


def test_previous_goes_back_to_the_same_rows(people, base):
    _companies(people, 6, section=Section.TO_CALL)
    client = client_for(people.head)
    first = client.get("/api/v1/companies/", {"page_size": 4}).json()
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]


def _cursor(text: str) -> str:
    return b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor!",  # not base64
        _cursor("p=abc"),  # a key that is not an id (the database would be asked for "abc")
        _cursor("o=x&p=1"),  # a broken offset
        "курсор",  # not even ASCII
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/companies/", "/api/v1/deals/", "/api/v1/activities/"])
def test_a_made_up_cursor_answers_400_naming_it(people, base, url, cursor):
    response = client_for(people.head).get(url, {"cursor": cursor})
    assert response.status_code == 400
    assert "next" in response.json()["cursor"][0]


def test_page_size_is_capped_and_a_wrong_one_is_named(people):
    Company.objects.bulk_create(
        Company(legal_name=f"Компания {i}", search_name=f"КОМПАНИЯ {i}") for i in range(205)
    )
    client = client_for(people.head)
    assert len(client.get("/api/v1/companies/").json()["results"]) == 50
    assert len(client.get("/api/v1/companies/", {"page_size": 7}).json()["results"]) == 7
    capped = client.get("/api/v1/companies/", {"page_size": 10_000}).json()
    assert len(capped["results"]) == 200
    rest = client.get(capped["next"]).json()  # the cap is kept in `next`, and nothing is lost
    assert len(rest["results"]) == 5 and rest["next"] is None
    for wrong in ("0", "-3", "many"):
        response = client.get("/api/v1/companies/", {"page_size": wrong})
        assert response.status_code == 400
        assert "200" in response.json()["page_size"][0]


def test_the_schema_documents_the_cursor_and_the_page(people):
    schema = client_for(people.head).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/companies/",
        "/api/v1/contacts/",
        "/api/v1/activities/",
        "/api/v1/deals/",
    ):
        listing = schema["paths"][path]["get"]
        parameters = {p["name"]: p for p in listing["parameters"]}
        assert "next" in parameters["cursor"]["description"]
        assert "200" in parameters["page_size"]["description"]
        assert "page" not in parameters
        ref = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        envelope = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert set(envelope["properties"]) == {"next", "previous", "results"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_one_owners_page_reads_its_index_in_id_order(people):
    """A page of one owner's companies (?owner=, ?scope=mine, a manager's own share) in the
    cursor's order comes from the (owner, id) index, however few companies he has: scans and
    sorts are switched off, as the plan of a near-empty table would prefer them."""
    page = Company.objects.filter(owner=people.hunter1, id__gt=0).order_by("id")[:51]
    with connection.cursor() as cursor:
        for kind in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
    assert "company_owner_then_id" in page.explain()
