"""Side doors a review of issue 12 found after the first round: a company nobody works, the
date to call again, a contact moved between companies, a hand-off to anyone, an activity closed
twice, a list brought by someone who does not sell."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from otdel.algorithm import services
from otdel.algorithm.models import Activity
from otdel.algorithm.services import Outcome, RuleRefused
from otdel.base.models import Section, State
from otdel.deals.models import Deal
from otdel.deals.services import DealRefused, deal_create
from tests.conftest import client_for
from tests.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.usefixtures("english")


def api(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def test_nobody_deals_moves_or_triages_a_company_nobody_works(people, base):
    hunter = client_for(people.hunter1)
    company = base.unclaimed
    made = api(hunter, "post", "/api/v1/deals/", {"company": company.pk, "title": "Мимо"})
    assert made.status_code == 409 and not Deal.objects.exists()
    with pytest.raises(DealRefused):
        deal_create(company=company, owner=people.hunter1, title="x", acting_user=people.hunter1)
    moved = api(hunter, "post", f"/api/v1/companies/{company.pk}/move/", {"state": "contact_1"})
    triaged = api(
        hunter,
        "post",
        f"/api/v1/companies/{company.pk}/triage/",
        {"outcome": Outcome.NON_CORE, "reason": "не наш"},
    )
    assert (moved.status_code, triaged.status_code) == (409, 409)
    company.refresh_from_db()
    assert (company.state, company.section, company.owner) == (State.NEW, Section.TO_CALL, None)


def test_the_date_to_call_again_is_set_by_triage_only(people, base):
    company = base.of_hunter1
    later = (timezone.localdate() + timedelta(days=60)).isoformat()
    patched = api(
        client_for(people.hunter1),
        "patch",
        f"/api/v1/companies/{company.pk}/",
        {"reactivation_date": later},
    )
    assert patched.status_code == 400 and "triage/" in str(patched.json())
    company.refresh_from_db()
    assert company.reactivation_date is None


def test_a_contact_stays_with_its_company(people, base):
    contact = ContactFactory(company=base.of_hunter1)
    other = CompanyFactory(owner=people.hunter1, section="")
    moved = api(
        client_for(people.hunter1),
        "patch",
        f"/api/v1/contacts/{contact.pk}/",
        {"company": other.pk},
    )
    contact.refresh_from_db()
    assert moved.status_code == 400 and contact.company_id == base.of_hunter1.pk


def test_a_head_hands_a_client_only_to_a_farmer_he_may_assign(people, base):
    url = reverse("segments:company_override", args=[base.of_hunter1.pk])
    head = client_for(people.head)
    for farmer in ("abc", people.outsider.pk, people.farmer1.pk):
        head.post(url, {"action": "handoff", "farmer": farmer, "reason": "по правилу"})
    company = base.of_hunter1
    company.refresh_from_db()
    assert company.owner == people.hunter1  # a prospect that bought nothing is no client
    with pytest.raises(RuleRefused, match="bought nothing|ничего не купила"):
        services_handoff(company, people)


def services_handoff(company, people):
    from otdel.segments.services import company_handoff

    company_handoff(company=company, farmer=people.farmer1, acting_user=people.head, reason="x")


def test_an_activity_is_completed_once(people, base):
    # A task on a company outside any working list: no next step is asked for.
    activity = Activity.objects.create(
        company=base.unclaimed,
        kind="call",
        subject="Звонок",
        assignee=people.hunter1,
        author=people.hunter1,
    )
    services.activity_complete(
        activity=activity, result="Дозвонились", acting_user=people.hunter1, next_step=None
    )
    with pytest.raises(RuleRefused, match="done already"):
        services.activity_complete(
            activity=activity, result="Ещё раз", acting_user=people.hunter1, next_step=None
        )


def test_a_list_brought_by_someone_who_does_not_sell_stays_in_to_call(people):
    upload = SimpleUploadedFile("list.csv", "Название\nООО Ромашка\n".encode(), "text/csv")
    response = client_for(people.pm1).post("/api/v1/imports/", {"file": upload})
    assert response.status_code == 201 and response.json()["owner"] is None
