"""The board's filters (issue 14): a manager's own board by state, segment, ABC(D) class and
size; those who lead people pick one of their managers, nobody else's. And the ABC(D) report's
figures lead to the company list of each class."""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from otdel.segments.services import segment
from tests.conftest import client_for
from tests.factories import CompanyFactory
from tests.segments.test_segment import order


def cards(user, **params) -> dict[str, set[str]]:
    response = client_for(user).get(reverse("control:board"), params)
    assert response.status_code == 200
    return {
        state.code: {c.legal_name for c in companies}
        for state, companies in response.context["columns"]
        if companies
    }


def in_work(owner, name: str, state: str = "new", **fields):
    return CompanyFactory(legal_name=name, owner=owner, section="", state=state, **fields)


def test_a_manager_filters_his_board(people):
    in_work(people.hunter1, "Альфа", abc_class="A", size_tag="large")
    in_work(people.hunter1, "Бета", "contact_1", abc_class="C")
    in_work(people.hunter2, "Чужая", abc_class="A")
    assert cards(people.hunter1) == {"new": {"Альфа"}, "contact_1": {"Бета"}}
    assert cards(people.hunter1, abc_class="A") == {"new": {"Альфа"}}
    assert cards(people.hunter1, size_tag="large") == {"new": {"Альфа"}}
    response = client_for(people.hunter1).get(reverse("control:board"), {"state": "contact_1"})
    assert [state.code for state, _companies in response.context["columns"]] == ["contact_1"]


def test_a_leader_picks_one_of_his_managers_and_nobody_else_does(people):
    in_work(people.hunter1, "Альфа")
    in_work(people.farmer1, "Ферма")
    assert cards(people.hunters_lead, manager=people.hunter1.pk) == {"new": {"Альфа"}}
    # Another department's manager is not his to pick: his team's board stays.
    assert cards(people.hunters_lead, manager=people.farmer1.pk) == {"new": {"Альфа"}}
    assert cards(people.head, manager=people.farmer1.pk) == {"new": {"Ферма"}}
    assert cards(people.hunter2, manager=people.hunter1.pk) == {}


def test_a_leader_opens_his_teams_board_and_a_manager_his_own(people):
    in_work(people.hunter1, "Альфа")
    in_work(people.farmer1, "Ферма")
    assert cards(people.hunters_lead) == {"new": {"Альфа"}}
    assert cards(people.head) == {"new": {"Альфа", "Ферма"}}
    assert cards(people.hunter2) == {}
    assert cards(people.hunter1) == {"new": {"Альфа"}}


def test_each_abc_figure_leads_to_its_companies(people):
    big = CompanyFactory(legal_name="Большой", owner=people.farmer1, section="")
    order(big, date.today() - timedelta(days=10), (10, 100))
    segment(as_of=timezone.localdate())
    page = client_for(people.head).get(reverse("segments:report")).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="abc-A"', page)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    listed = client_for(people.head).get(url)
    assert [c.legal_name for c in listed.context["page"].object_list] == ["Большой"]
