"""The periodic rules at their edges: deadline, warning, triage block, three months, call-round."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from otdel.algorithm import selectors, services
from otdel.algorithm.enforcement import enforce_rules
from otdel.algorithm.services import Outcome, RuleRefused
from otdel.base.models import Company, CompanyEvent, Section, State
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from tests.factories import CompanyFactory

from .conftest import free_companies

Kind = CompanyEvent.Kind


def claimed(people, clock, manager=None) -> Company:
    clock.day(0)
    company = free_companies(1)[0]
    return services.company_claim(company=company, manager=manager or people.hunter1)


@pytest.mark.parametrize(
    ("day", "warned", "expired"), [(26, 0, 0), (27, 1, 0), (30, 1, 0), (31, 0, 1)]
)
def test_deadline_warning_and_expiry_on_days_26_27_30_31(
    people, method, clock, day, warned, expired
):
    company = claimed(people, clock)
    clock.day(day)
    result = enforce_rules()
    company.refresh_from_db()
    assert (result["warned"], result["expired"]) == (warned, expired)
    assert (company.triage_since is not None) is bool(expired)


def test_second_run_changes_nothing(people, method, clock):
    claimed(people, clock)
    clock.day(31)
    first = enforce_rules()
    events = CompanyEvent.objects.count()
    second = enforce_rules()
    assert first["expired"] == 1
    assert second == {
        "expired": 0,
        "warned": 0,
        "blocked_managers": 0,
        "to_reassign": 0,
        "reactivated": 0,
    }
    assert CompanyEvent.objects.count() == events


def test_dry_run_reports_and_writes_nothing(people, method, clock):
    company = claimed(people, clock)
    clock.day(31)
    events = CompanyEvent.objects.count()
    assert enforce_rules(dry_run=True)["expired"] == 1
    company.refresh_from_db()
    assert company.triage_since is None
    assert CompanyEvent.objects.count() == events


def test_every_change_is_in_history_with_the_rules_name(people, method, clock):
    company = claimed(people, clock)
    clock.day(28)
    enforce_rules()
    clock.day(31)
    enforce_rules()
    rules_named = set(company.events.exclude(rule="claim").values_list("kind", "rule"))
    assert rules_named == {
        (Kind.DEADLINE_WARNING, "deadline_warning"),
        (Kind.TRIAGE, "work_deadline"),
    }


@pytest.mark.parametrize(("day", "blocked"), [(33, False), (34, True)])
def test_untriaged_expiry_blocks_claims_after_two_days(people, method, clock, day, blocked):
    claimed(people, clock)
    clock.day(31)
    enforce_rules()  # expired on day 31: triage_since = day 31
    clock.day(day)
    assert enforce_rules()["blocked_managers"] == int(blocked)
    company = free_companies(1)[0]
    if blocked:
        with pytest.raises(RuleRefused, match="First triage"):
            services.company_claim(company=company, manager=people.hunter1)
    else:
        services.company_claim(company=company, manager=people.hunter1)


@pytest.mark.parametrize(
    ("outcome", "section", "state"),
    [
        (Outcome.STRATEGIC_ARCHIVE, Section.STRATEGIC_ARCHIVE, State.STRATEGIC_RESERVE),
        (Outcome.FOLLOW_UP, Section.REFUSAL_FOLLOW_UP, State.REFUSAL),
        (Outcome.NON_CORE, Section.HARD_REFUSAL, State.REFUSAL),
    ],
)
def test_triage_outcomes_leave_the_queue(people, method, clock, outcome, section, state):
    company = claimed(people, clock)
    today = clock.day(31)
    enforce_rules()
    services.company_triage(
        company=company,
        outcome=outcome,
        acting_user=people.hunter1,
        reason="нет бюджета",
        reactivation_date=today + dt.timedelta(days=60),
    )
    company.refresh_from_db()
    assert (company.section, company.state, company.triage_since) == (section, state, None)
    assert not selectors.triage_queue(people.hunter1).exists()
    assert company not in selectors.working_list(people.hunter1)


def test_follow_up_needs_a_future_reactivation_date(people, method, clock):
    company = claimed(people, clock)
    today = clock.day(31)
    with pytest.raises(RuleRefused, match="reactivation date"):
        services.company_triage(
            company=company,
            outcome=Outcome.FOLLOW_UP,
            reason="нет денег",
            acting_user=people.hunter1,
            reactivation_date=today,
        )


@pytest.mark.parametrize(("day", "due"), [(89, False), (90, True), (91, True)])
def test_three_month_rule_at_day_89_90_91(people, method, clock, day, due):
    method.work_days = 365  # keep the deadline out of the way
    method.save()
    company = claimed(people, clock)
    clock.day(day)
    assert enforce_rules()["to_reassign"] == int(due)
    assert (company in selectors.reassignment_queue(people.head)) is due


def test_an_invoiced_deal_stops_the_three_month_clock(people, method, clock, shop):
    company = claimed(people, clock)
    services.company_move(company=company, state=State.CONTACT_1, acting_user=people.hunter1)
    deal = deal_create(
        company=company, owner=people.hunter1, title="Поставка", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(1), acting_user=people.hunter1)
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    clock.day(120)
    assert enforce_rules()["to_reassign"] == 0
    assert enforce_rules()["expired"] == 0


@pytest.mark.parametrize(("day", "allowed"), [(120, False), (121, True)])
def test_previous_owner_cools_down_for_30_days(people, method, clock, day, allowed):
    method.work_days = 365
    method.save()
    company = claimed(people, clock)
    clock.day(90)
    enforce_rules()
    services.company_assign(
        company=company,
        manager=people.hunter2,
        acting_user=people.head,
        reason="три месяца без сделки",
    )
    assert company.events.filter(kind=Kind.OWNER, rule="three_month_rule").exists()
    clock.day(day)
    Company.objects.filter(pk=company.pk).update(owner=None, section=Section.TO_CALL)
    if allowed:
        services.company_claim(company=company, manager=people.hunter1)
    else:
        with pytest.raises(RuleRefused, match="take it back after"):
            services.company_claim(company=company, manager=people.hunter1)


def test_reactivation_date_brings_the_company_to_call_round(people, method, clock):
    today = clock.day(0)
    company = CompanyFactory(
        owner=people.hunter2,
        section=Section.REFUSAL_FOLLOW_UP,
        state=State.REFUSAL,
        reactivation_date=today + dt.timedelta(days=5),
    )
    clock.day(4)
    assert enforce_rules()["reactivated"] == 0
    clock.day(5)
    assert enforce_rules()["reactivated"] == 1
    company.refresh_from_db()
    assert company.state == State.CALL_ROUND
    assert company in selectors.call_round_list(people.hunters_lead)
    # A colleague of the same department may take it from the call-round list.
    services.company_claim(company=company, manager=people.hunter1)
    company.refresh_from_db()
    assert (company.owner, company.section, company.call_round_since) == (people.hunter1, "", None)


def test_other_departments_cannot_take_from_the_call_round(people, method, clock):
    today = clock.day(0)
    company = CompanyFactory(
        owner=people.hunter2, section=Section.STRATEGIC_ARCHIVE, reactivation_date=today
    )
    enforce_rules()
    with pytest.raises(RuleRefused, match="not free"):
        services.company_claim(company=company, manager=people.farmer1)


def test_command_prints_one_json_object(people, method, clock):
    claimed(people, clock)
    clock.day(31)
    out = StringIO()
    call_command("enforce-rules", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "expired": 1,
        "warned": 0,
        "blocked_managers": 0,
        "to_reassign": 0,
        "reactivated": 0,
    }
    out = StringIO()
    call_command("enforce-rules", "--json", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["expired"] == 0


def test_kanban_move_out_of_order_is_refused_with_the_reason(people, method, clock):
    company = claimed(people, clock)
    with pytest.raises(RuleRefused, match="can only move to: 1st contact"):
        services.company_move(company=company, state=State.CLIENT, acting_user=people.hunter1)
    company.refresh_from_db()
    assert company.state == State.NEW


def test_hourly_job_runs_the_same_rules(people, method, clock):
    # When it runs: tests/control/test_schedule.py.
    from otdel.control.tasks import enforce_rules_hourly

    claimed(people, clock)
    clock.day(31)
    assert enforce_rules_hourly.call_local()["expired"] == 1
