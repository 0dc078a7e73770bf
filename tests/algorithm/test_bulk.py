"""Bulk actions on the company list (issue 14, item 3): each ticked row goes through the same
service as one by one, in its own savepoint; the refused rows are reported with the rule's
message, the others are done."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from otdel.algorithm import services
from otdel.algorithm.selectors import BulkAction, bulk_actions_for
from otdel.algorithm.services import RuleRefused
from otdel.base.models import Company, CompanyEvent, Section
from tests.conftest import client_for
from tests.factories import CompanyFactory

from .conftest import fill_working_list, free_companies


def owners(companies) -> list:
    return [Company.objects.get(pk=c.pk).owner for c in companies]


def test_a_bulk_claim_over_the_cap_claims_up_to_it_and_reports_the_rest(people, method):
    fill_working_list(people.hunter1, 88)
    free = free_companies(4)
    results = services.companies_bulk(
        action=BulkAction.CLAIM, companies=[c.pk for c in free], acting_user=people.hunter1
    )
    assert [r.done for r in results] == [True, True, False, False]
    assert all("working list is full: 90 of 90" in r.message for r in results[2:])
    assert owners(free) == [people.hunter1, people.hunter1, None, None]
    # The claims wrote the history as one by one does.
    claimed = CompanyEvent.objects.filter(kind=CompanyEvent.Kind.OWNER, rule="claim")
    assert set(claimed.values_list("company_id", flat=True)) == {free[0].pk, free[1].pk}


def test_a_refused_row_changes_nothing_and_the_next_goes_on(people, method):
    taken = CompanyFactory(owner=people.hunter2, section="")
    free = free_companies(1)[0]
    results = services.companies_bulk(
        action=BulkAction.CLAIM, companies=[taken.pk, free.pk], acting_user=people.hunter1
    )
    assert [(r.done, r.company_id) for r in results] == [(False, taken.pk), (True, free.pk)]
    # hunter1 may not see hunter2's company: it is not named to him.
    assert results[0].name == f"#{taken.pk}"
    assert owners([taken, free]) == [people.hunter2, people.hunter1]


def test_the_head_assigns_in_bulk_within_the_cap(people, method):
    fill_working_list(people.hunter2, 89)
    free = free_companies(2)
    results = services.companies_bulk(
        action=BulkAction.ASSIGN,
        companies=[c.pk for c in free],
        acting_user=people.head,
        manager=people.hunter2,
        triage={"reason": "нагрузка"},
    )
    assert [r.done for r in results] == [True, False]
    assert "90 of 90" in results[1].message
    event = CompanyEvent.objects.get(company=free[0], kind=CompanyEvent.Kind.OWNER)
    assert (event.actor, event.reason) == (people.head, "нагрузка")


def test_a_bulk_move_to_a_section_keeps_the_reason_and_refuses_what_nobody_works(people, method):
    worked = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    free = free_companies(1)[0]
    results = services.companies_bulk(
        action=BulkAction.MOVE,
        companies=[worked.pk, free.pk],
        acting_user=people.hunter1,
        triage={"outcome": services.Outcome.STRATEGIC_ARCHIVE, "reason": "бюджет на год вперёд"},
    )
    assert [r.done for r in results] == [True, False]
    assert "Nobody works this company" in results[1].message
    worked.refresh_from_db()
    assert worked.section == Section.STRATEGIC_ARCHIVE
    event = CompanyEvent.objects.get(company=worked, kind=CompanyEvent.Kind.SECTION)
    assert event.reason == "бюджет на год вперёд"


@pytest.mark.parametrize(
    ("person", "actions"),
    [
        ("hunter1", (BulkAction.CLAIM, BulkAction.MOVE)),
        ("head", (BulkAction.ASSIGN, BulkAction.MOVE)),
        ("hunters_lead", (BulkAction.ASSIGN, BulkAction.MOVE)),
    ],
)
def test_only_what_the_position_allows(people, person, actions):
    assert bulk_actions_for(people.all()[person]) == actions


def test_an_action_the_position_does_not_allow_is_refused(people, method):
    with pytest.raises(RuleRefused):
        services.companies_bulk(
            action=BulkAction.ASSIGN,
            companies=[free_companies(1)[0].pk],
            acting_user=people.hunter1,
            manager=people.hunter1,
        )


def test_the_page_reports_the_done_and_the_refused_rows(people, method):
    fill_working_list(people.hunter1, 89)
    free = free_companies(2)
    response = client_for(people.hunter1).post(
        reverse("algorithm:bulk"),
        {"action": "claim", "companies": [c.pk for c in free], "next": "/companies/?scope=free"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert [r.company_id for r in response.context["done"]] == [free[0].pk]
    assert [r.company_id for r in response.context["refused"]] == [free[1].pk]
    refusal = response.context["refused"][0].message
    assert "90" in refusal
    assert refusal in html
    assert 'href="/companies/?scope=free"' in html


def test_the_list_offers_only_the_allowed_actions(people):
    free_companies(1)
    hunter = client_for(people.hunter1).get(reverse("base:company_list"), {"scope": "free"})
    head = client_for(people.head).get(reverse("base:company_list"))
    hunter_actions = [
        value for value, _label in hunter.context["bulk_form"].fields["action"].choices
    ]
    head_actions = [value for value, _label in head.context["bulk_form"].fields["action"].choices]
    assert hunter_actions == ["claim", "move"]
    assert head_actions == ["assign", "move"]
    assert 'name="companies"' in hunter.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "claim"}, "Tick the companies first."),
        ({"action": "claim", "companies": ["x"]}, "A ticked row is not a company's number."),
        ({"action": "move", "companies": ["1"]}, "Choose where the companies go."),
        (
            {"action": "assign", "companies": ["1"]},
            "Select a valid choice. %(value)s is not one of the available choices.",
        ),
    ],
)
def test_bad_input_says_what_is_wrong_and_changes_nothing(people, method, data, message):
    response = client_for(people.hunter1).post(reverse("algorithm:bulk"), data, follow=True)
    with translation.override("ru"):
        expected = gettext(message) % {"value": data["action"]}
    assert [str(m) for m in response.context["messages"]] == [expected]
    assert not CompanyEvent.objects.exists()


def test_a_follow_up_needs_its_date(people, method):
    worked = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    results = services.companies_bulk(
        action=BulkAction.MOVE,
        companies=[worked.pk],
        acting_user=people.hunter1,
        triage={
            "outcome": services.Outcome.FOLLOW_UP,
            "reason": "нет денег",
            "reactivation_date": dt.date(2020, 1, 1),
        },
    )
    assert not results[0].done
    assert "reactivation date in the future" in results[0].message
