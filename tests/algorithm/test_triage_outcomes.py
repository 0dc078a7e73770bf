"""Triage (METHOD 4): strategic archive, refusal with call-round and a date, non-core, or "a deal
is under way" only when an invoice is issued. Nothing is chosen in advance, and every outcome
keeps its reason, on the page, in the API and in the service."""

from decimal import Decimal

import pytest
from django.urls import reverse

from otdel.algorithm import selectors, services
from otdel.algorithm.enforcement import enforce_rules
from otdel.algorithm.forms import TriageForm
from otdel.algorithm.models import DealStartsOn
from otdel.algorithm.services import Outcome, RuleRefused
from otdel.base.models import State
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from tests.conftest import client_for

from .conftest import free_companies


@pytest.fixture
def expired(people, method, clock):
    clock.day(0)
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    clock.day(31)
    enforce_rules()
    company.refresh_from_db()
    assert company.triage_since is not None
    return company


def test_the_triage_form_chooses_nothing_in_advance(people, expired):
    form = TriageForm()
    assert form.fields["outcome"].choices[0][0] == ""
    assert '<option value="" selected>' in str(form["outcome"])


def test_one_click_with_no_outcome_or_no_reason_leaves_the_company_in_triage(people, expired):
    client = client_for(people.hunter1)
    url = reverse("algorithm:triage", args=[expired.pk])
    client.post(url, {"outcome": "", "reason": "позже"})
    client.post(url, {"outcome": Outcome.STRATEGIC_ARCHIVE, "reason": " "})
    client.post(url, {"outcome": Outcome.WON})
    expired.refresh_from_db()
    assert (expired.state, expired.section) == (State.NEW, "")
    assert expired in selectors.triage_queue(people.hunter1)


def test_a_refused_triage_names_the_company_in_plain_words(people, expired):
    url = reverse("algorithm:triage", args=[expired.pk])
    page = client_for(people.hunter1).post(url, {"outcome": Outcome.NON_CORE}, follow=True)
    text = " ".join(str(m) for m in page.context["messages"])
    assert text.startswith(f"{expired}: ") and "<" not in text


@pytest.mark.parametrize("outcome", [Outcome.STRATEGIC_ARCHIVE, Outcome.NON_CORE, Outcome.WON])
def test_the_service_refuses_an_outcome_without_its_reason(people, expired, outcome):
    with pytest.raises(RuleRefused, match="Write the reason"):
        services.company_triage(
            company=expired, outcome=outcome, acting_user=people.hunter1, reason="  "
        )


def test_the_api_asks_for_the_outcome_and_the_reason(people, expired):
    client = client_for(people.hunter1)
    url = f"/api/v1/companies/{expired.pk}/triage/"
    no_reason = client.post(url, {"outcome": "strategic_archive"}, content_type="application/json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    nothing = client.post(url, {"reason": "позже"}, content_type="application/json")
    assert nothing.status_code == 400 and "outcome" in nothing.json()
    assert expired in selectors.triage_queue(people.hunter1)


def test_a_deal_under_way_needs_an_invoice(people, method, expired, shop):
    deal = deal_create(
        company=expired, owner=people.hunter1, title="Поставка", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(1), acting_user=people.hunter1)
    with pytest.raises(RuleRefused, match="needs an invoice"):
        services.company_triage(
            company=expired, outcome=Outcome.WON, acting_user=people.hunter1, reason="договорились"
        )
    method.deal_starts_on = DealStartsOn.PAYMENT  # the invoice alone does not make the deal
    method.save()
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    expired.refresh_from_db()
    assert expired.state == State.NEW
    services.company_triage(
        company=expired,
        outcome=Outcome.WON,
        acting_user=people.hunter1,
        reason="счёт выставлен, ждём оплату",
    )
    expired.refresh_from_db()
    assert (expired.state, expired.triage_since) == (State.DEAL, None)
    assert expired.events.filter(rule="triage", reason="счёт выставлен, ждём оплату").exists()
