"""A company stands at "Deal" when METHOD 3 says so (an invoice issued; or, as the rules of the
method say, its contract or its first payment), never because a deal record exists: until then
its clocks run. A lost deal sends it back into the algorithm; it follows its deal to support."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from otdel.algorithm import selectors, services
from otdel.algorithm.enforcement import enforce_rules
from otdel.algorithm.models import DealStartsOn, RefusalReason
from otdel.algorithm.services import RuleRefused
from otdel.base.models import CompanyEvent, State
from otdel.billing.services import payment_register
from otdel.deals.services import deal_add_item, deal_create, deal_lose, deal_set_state
from otdel.documents.models import DocumentKind
from otdel.documents.services import document_issue
from tests.conftest import client_for

from .conftest import free_companies


@pytest.fixture
def prospect(people, method, clock, shop):
    """hunter1's company at the 2nd contact, claimed on day 0."""
    clock.day(0)
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    for state in (State.CONTACT_1, State.CONTACT_2):
        services.company_move(company=company, state=state, acting_user=people.hunter1)
    return company


def _deal(people, company, shop, title="Поставка"):
    deal = deal_create(
        company=company, owner=people.hunter1, title=title, acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(2), acting_user=people.hunter1)
    return deal


def _state(company) -> str:
    company.refresh_from_db()
    return company.state


def test_an_empty_deal_leaves_the_company_at_its_contact_and_its_clock_running(
    people, prospect, clock
):
    deal_create(company=prospect, owner=people.hunter1, title="Пусто", acting_user=people.hunter1)
    assert _state(prospect) == State.CONTACT_2
    clock.day(31)
    assert enforce_rules()["expired"] == 1


def test_an_empty_deal_through_the_api_does_not_stop_the_three_month_rule(
    people, method, prospect, clock
):
    method.work_days = 365  # keep the deadline out of the way
    method.save()
    created = client_for(people.hunter1).post(
        "/api/v1/deals/",
        {"company": prospect.pk, "title": "Пусто"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert _state(prospect) == State.CONTACT_2
    clock.day(90)
    assert enforce_rules()["to_reassign"] == 1


def test_the_first_invoice_puts_the_company_at_deal_and_stops_its_clocks(
    people, prospect, clock, shop
):
    deal = _deal(people, prospect, shop)
    document_issue(deal=deal, kind=DocumentKind.PROPOSAL, acting_user=people.hunter1)
    assert _state(prospect) == State.CONTACT_2
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    assert _state(prospect) == State.DEAL
    clock.day(120)
    result = enforce_rules()
    assert (result["expired"], result["to_reassign"]) == (0, 0)


def test_the_rules_may_start_the_deal_on_the_contract(people, method, prospect, shop):
    method.deal_starts_on = DealStartsOn.CONTRACT
    method.save()
    deal = _deal(people, prospect, shop)
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    assert _state(prospect) == State.CONTACT_2
    document_issue(deal=deal, kind=DocumentKind.CONTRACT, acting_user=people.hunter1)
    assert _state(prospect) == State.DEAL


def test_the_rules_may_start_the_deal_on_the_first_payment(people, method, prospect, clock, shop):
    method.deal_starts_on = DealStartsOn.PAYMENT
    method.save()
    deal = _deal(people, prospect, shop)
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    assert _state(prospect) == State.CONTACT_2
    payment_register(
        invoice=deal.invoices.get(),
        amount=Decimal(100),
        paid_on=clock.day(1),
        acting_user=people.head,
    )
    assert _state(prospect) == State.DEAL


def test_the_board_cannot_put_a_company_at_deal_without_its_invoice(people, method, prospect, shop):
    _deal(people, prospect, shop)
    with pytest.raises(RuleRefused, match="its first invoice is issued"):
        services.company_move(company=prospect, state=State.DEAL, acting_user=people.hunter1)
    refused = client_for(people.hunter1).post(
        f"/api/v1/companies/{prospect.pk}/move/",
        {"state": State.DEAL},
        content_type="application/json",
    )
    assert refused.status_code == 409 and "счёт" in refused.json()["detail"]  # the invoice
    assert _state(prospect) == State.CONTACT_2


def test_the_card_offers_the_deal_stage_only_once_the_invoice_is_issued(people, prospect, shop):
    def offered() -> set[str]:
        card = client_for(people.hunter1).get(f"/companies/{prospect.pk}/").content.decode()
        return set(re.findall(r'name="state" value="([^"]+)"', card))

    deal = _deal(people, prospect, shop)
    assert State.DEAL not in offered() and State.CONTACT_3 in offered()
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    assert _state(prospect) == State.DEAL  # the invoice itself moved it; the card offers on


def test_the_board_makes_no_client_without_a_closed_deal(people, prospect, shop):
    deal = _deal(people, prospect, shop)
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    services.company_move(company=prospect, state=State.DEAL_SUPPORT, acting_user=people.hunter1)
    with pytest.raises(RuleRefused, match="client when its deal closes"):
        services.company_move(company=prospect, state=State.CLIENT, acting_user=people.hunter1)
    assert _state(prospect) == State.DEAL_SUPPORT


def test_a_lost_deal_sends_the_company_back_to_its_contact_and_into_triage(
    people, prospect, clock, shop
):
    deal = _deal(people, prospect, shop)
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    today = clock.day(10)
    deal_lose(
        deal=deal,
        reason=RefusalReason.objects.first(),
        note="ушли к конкуренту",
        acting_user=people.hunter1,
    )
    prospect.refresh_from_db()
    assert (prospect.state, prospect.triage_since) == (State.CONTACT_2, today)
    assert prospect in selectors.triage_queue(people.hunter1)
    assert prospect.events.filter(
        kind=CompanyEvent.Kind.STATE,
        rule="deal_lost",
        old_value=State.DEAL,
        new_value=State.CONTACT_2,
    ).exists()
    assert prospect.events.filter(kind=CompanyEvent.Kind.TRIAGE, rule="deal_lost").exists()


def test_a_company_from_new_falls_back_to_the_first_contact(people, method, clock, shop):
    clock.day(0)
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    deal = _deal(people, company, shop)
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    assert _state(company) == State.DEAL
    deal_lose(deal=deal, reason=RefusalReason.objects.first(), note="", acting_user=people.hunter1)
    assert _state(company) == State.CONTACT_1


def test_a_lost_deal_leaves_the_company_at_deal_while_another_invoiced_deal_is_open(
    people, prospect, shop
):
    first, second = _deal(people, prospect, shop), _deal(people, prospect, shop, "Вторая")
    for deal in (first, second):
        document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    deal_lose(deal=first, reason=RefusalReason.objects.first(), note="", acting_user=people.hunter1)
    prospect.refresh_from_db()
    assert (prospect.state, prospect.triage_since) == (State.DEAL, None)


def test_the_company_follows_its_deal_to_support(people, prospect, clock, shop):
    deal = _deal(people, prospect, shop)
    with pytest.raises(RuleRefused, match="after the invoice"):
        deal_set_state(deal=deal, state=State.DEAL_SUPPORT, acting_user=people.hunter1)
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    deal_set_state(deal=deal, state=State.DEAL_SUPPORT, acting_user=people.hunter1)
    assert _state(prospect) == State.DEAL_SUPPORT
    deal_set_state(deal=deal, state=State.DEAL, acting_user=people.hunter1)
    assert _state(prospect) == State.DEAL


def test_full_payment_moves_the_company_to_support(people, prospect, clock, shop):
    deal = _deal(people, prospect, shop)
    document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=people.hunter1)
    invoice = deal.invoices.get()
    payment_register(
        invoice=invoice, amount=invoice.amount, paid_on=clock.day(3), acting_user=people.head
    )
    assert _state(prospect) == State.DEAL_SUPPORT


def test_the_head_sets_when_the_deal_stage_starts_and_who_registers_money(
    people, method, settings_client
):
    url = reverse("admin:algorithm_rulesettings_change", args=[method.pk])
    form = settings_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(deal_starts_on=DealStartsOn.CONTRACT, payment_positions=["accountant", "owner"])
    assert settings_client.post(url, data).status_code == 302
    method.refresh_from_db()
    assert method.deal_starts_on == DealStartsOn.CONTRACT
    assert method.payment_positions == ["accountant", "owner"]
