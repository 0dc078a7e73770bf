"""The ABC(D) pages: the head's report (movement, time on D clients, portrait of A) and his
hand on a client (issue 6)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.base.models import Company
from otdel.segments.services import segment
from tests.conftest import client_for
from tests.factories import CategoryFactory, CompanyFactory

from .test_segment import order


def test_report_shows_movement_time_on_d_and_the_portrait_of_a(people):
    shops = CategoryFactory(name="Магазины")
    big = CompanyFactory(legal_name="Большой", owner=people.farmer1, section="")
    small = CompanyFactory(legal_name="Малый", category=shops, owner=people.farmer1, section="")
    order(big, date.today() - timedelta(days=10), (10, 100))
    order(small, date.today() - timedelta(days=10), (1, 10))
    segment(as_of=timezone.localdate())
    order(small, date.today() - timedelta(days=5), (300, 100))  # small grows far past big
    segment(as_of=timezone.localdate())
    Activity.objects.create(
        company=small,
        kind="call",
        subject="Звонок",
        assignee=people.farmer1,
        done_at=timezone.now(),
        author=people.farmer1,
    )
    response = client_for(people.head).get(reverse("segments:report"))
    page = response.content.decode()
    assert 'data-testid="movement"' in page
    matrix = {before: dict(counts) for before, counts in response.context["matrix"]}
    assert matrix["A"]["C"] == 1  # big: A -> C (30,010 of 31,010 above it)
    assert matrix["C"]["A"] == 1  # small: C -> A
    assert "Магазины (1)" in page  # the A client's category
    on_d = response.context["on_d"]
    assert on_d[0]["total"] == 1
    # Each cell opens the clients who made that move (issue 17, item 4).
    assert 'data-testid="moved-C-A"' in page
    moved = client_for(people.head).get(reverse("segments:moved"), {"was": "C", "now": "A"})
    assert [c.pk for c in moved.context["page"]] == [small.pk]
    slipped = client_for(people.head).get(reverse("segments:moved"), {"was": "A", "now": "C"})
    assert [c.pk for c in slipped.context["page"]] == [big.pk]
    # Nobody sees the move of a client he may not read; a made-up class is no page.
    hidden = client_for(people.hunter1).get(reverse("segments:moved"), {"was": "C", "now": "A"})
    assert list(hidden.context["page"]) == []
    assert client_for(people.head).get(reverse("segments:moved"), {"was": "Z"}).status_code == 404


def test_only_those_who_lead_run_it_or_override(people):
    company = CompanyFactory(owner=people.hunter1, section="")
    client = client_for(people.hunter1)
    assert client.post(reverse("segments:run")).status_code == 403
    assert (
        client.post(
            reverse("segments:company_override", args=[company.pk]),
            {"action": "class", "abc_class": "A", "reason": "x"},
        ).status_code
        == 403
    )


def test_the_head_sets_a_class_and_hands_a_client_to_a_farmer_with_a_reason(people):
    company = CompanyFactory(owner=people.hunter1, section="", state="client")
    head = client_for(people.head)
    url = reverse("segments:company_override", args=[company.pk])
    head.post(url, {"action": "class", "abc_class": "A", "reason": ""})
    assert Company.objects.get(pk=company.pk).abc_class == ""  # no reason, no change
    head.post(url, {"action": "class", "abc_class": "A", "reason": "Стратегический клиент"})
    head.post(url, {"action": "handoff", "farmer": people.farmer1.pk, "reason": "Просит сам"})
    company.refresh_from_db()
    assert (company.abc_class, company.abc_fixed, company.owner, company.hunter) == (
        "A",
        True,
        people.farmer1,
        people.hunter1,
    )
    page = head.get(reverse("base:company_detail", args=[company.pk])).content.decode()
    assert 'data-testid="abc-class"' in page and "Просит сам" in page


def test_segmentation_through_the_api(people):
    client_company = CompanyFactory(owner=people.farmer1, section="")
    order(client_company, date.today(), (2, 50))
    assert client_for(people.hunter1).post("/api/v1/segmentations/run/").status_code == 403
    run = client_for(people.head).post("/api/v1/segmentations/run/").json()
    assert run["summary"]["clients"] == 1 and run["summary"]["A"] == 1
    assert (
        client_for(people.head).get(f"/api/v1/companies/{client_company.pk}/").json()["abc_class"]
        == "A"
    )
