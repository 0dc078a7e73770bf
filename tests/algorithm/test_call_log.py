"""A call logged in one step (services.call_log): the result, where the company goes and the
next step, each through its own service, so that every rule still refuses what it refuses and
a refusal anywhere leaves nothing of the call behind."""

import datetime as dt
from decimal import Decimal

import pytest

from otdel.algorithm import selectors, services
from otdel.algorithm.models import Activity, ActivityKind, DealStartsOn, RefusalReason
from otdel.algorithm.services import NextStep, Outcome, RuleRefused
from otdel.base.models import Company, CompanyEvent, Section, State
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue

from .conftest import START, free_companies

TOMORROW = START + dt.timedelta(days=1)


@pytest.fixture
def prospect(people, method, clock):
    """hunter1's company at the 1st contact, with its first call planned for today."""
    clock.day(0)
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    services.company_move(company=company, state=State.CONTACT_1, acting_user=people.hunter1)
    Activity.objects.create(
        company=company,
        kind=ActivityKind.CALL,
        subject="Первый звонок",
        due_at=START,
        assignee=people.hunter1,
    )
    company.refresh_from_db()
    return company


def call(people, company, **arguments):
    arguments.setdefault("result", "Поговорили с ЛПР")
    return services.call_log(company=company, acting_user=people.hunter1, **arguments)


def next_step(subject="Отправить КП") -> NextStep:
    return NextStep(kind=ActivityKind.EMAIL, subject=subject, due_at=TOMORROW)


def snapshot(company: Company) -> tuple:
    """Everything a call may change: the company's place, its history, its activities."""
    company.refresh_from_db()
    return (
        company.state,
        company.section,
        company.owner_id,
        CompanyEvent.objects.filter(company=company).count(),
        sorted(company.activities.values_list("pk", "done_at", "result")),
    )


def open_steps(company) -> list[tuple[str, str]]:
    return list(company.activities.filter(done_at__isnull=True).values_list("kind", "subject"))


def test_a_call_that_stays_at_the_stage_is_done_with_its_result_and_plans_the_next_step(
    people, prospect
):
    logged = call(people, prospect, next_step=next_step())
    assert (logged.kind, logged.result, logged.assignee) == (
        ActivityKind.CALL,
        "Поговорили с ЛПР",
        people.hunter1,
    )
    assert logged.done_at is not None
    assert open_steps(prospect) == [("call", "Первый звонок"), ("email", "Отправить КП")]
    step = prospect.activities.get(subject="Отправить КП")
    assert (step.assignee, step.author, step.due_at) == (people.hunter1, people.hunter1, TOMORROW)
    prospect.refresh_from_db()
    assert prospect.state == State.CONTACT_1


def test_a_call_carries_out_the_planned_call_instead_of_adding_one(people, prospect):
    planned = prospect.activities.get(subject="Первый звонок")
    logged = call(people, prospect, planned=planned, next_step=next_step())
    assert logged.pk == planned.pk
    planned.refresh_from_db()
    assert (planned.result, planned.done_at is not None) == ("Поговорили с ЛПР", True)
    assert open_steps(prospect) == [("email", "Отправить КП")]


def test_a_call_moves_the_company_to_the_next_stage_with_history(people, prospect):
    call(people, prospect, state=State.CONTACT_2, next_step=next_step())
    prospect.refresh_from_db()
    assert prospect.state == State.CONTACT_2
    assert prospect.events.filter(
        kind=CompanyEvent.Kind.STATE, old_value=State.CONTACT_1, new_value=State.CONTACT_2
    ).exists()


def test_a_refusal_reason_sends_the_company_to_its_section_and_needs_no_next_step(
    people, prospect, clock
):
    no_money = RefusalReason.objects.get(name="Нет денег")
    call(
        people,
        prospect,
        refusal_reason=no_money,
        reactivation_date=clock.day(0) + dt.timedelta(days=60),
    )
    prospect.refresh_from_db()
    assert (prospect.section, prospect.state) == (Section.REFUSAL_FOLLOW_UP, State.REFUSAL)
    assert prospect not in selectors.working_list(people.hunter1)
    assert prospect.events.filter(rule="triage", reason="Нет денег: Поговорили с ЛПР").exists()


def test_a_non_core_refusal_takes_the_company_out_of_work(people, prospect):
    call(people, prospect, refusal_reason=RefusalReason.objects.get(name="Непрофильная компания"))
    prospect.refresh_from_db()
    assert prospect.section == Section.HARD_REFUSAL


def test_a_deal_under_way_needs_an_invoice_then_wins_and_still_needs_a_next_step(
    people, method, prospect, shop
):
    with pytest.raises(RuleRefused, match="needs an invoice") as refused:
        call(people, prospect, outcome=Outcome.WON, next_step=next_step())
    assert refused.value.field == "outcome"
    method.deal_starts_on = DealStartsOn.PAYMENT  # an invoice alone does not move the company
    method.save()
    deal = deal_create(
        company=prospect, owner=people.hunter1, title="Поставка", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(1), acting_user=people.hunter1)
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    assert services.may_win(prospect)
    call(people, prospect, outcome=Outcome.WON, next_step=next_step("Проверить оплату"))
    prospect.refresh_from_db()
    assert (prospect.state, prospect.section) == (State.DEAL, "")
    assert ("email", "Проверить оплату") in open_steps(prospect)


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        ({"result": "  "}, "result", "Write the result"),
        ({"state": State.CLIENT}, "state", "can only move to"),
        ({"state": State.CONTACT_2, "outcome": Outcome.NON_CORE}, "outcome", "Choose one"),
        ({"outcome": Outcome.FOLLOW_UP}, "reactivation_date", "reactivation date"),
        ({"outcome": "lost"}, "outcome", "Unknown triage outcome"),
        ({"planned": "of another company"}, "planned", "planned calls"),
    ],
)
def test_each_refusal_names_its_argument_and_leaves_nothing_done(
    people, prospect, arguments, field, message
):
    if arguments.get("planned"):
        other = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
        arguments["planned"] = Activity.objects.create(
            company=other, kind=ActivityKind.CALL, subject="Чужой", assignee=people.hunter1
        )
    before = snapshot(prospect)
    with pytest.raises(RuleRefused, match=message) as refused:
        call(people, prospect, next_step=next_step(), **arguments)
    assert refused.value.field == field
    assert snapshot(prospect) == before


def test_the_deal_stage_is_refused_without_its_papers(people, prospect):
    with pytest.raises(RuleRefused, match="deal stage when") as refused:
        call(people, prospect, state=State.DEAL, next_step=next_step())
    assert refused.value.field == "state"


def test_a_company_in_work_without_a_next_step_is_refused_and_its_move_undone(people, prospect):
    planned = prospect.activities.get(subject="Первый звонок")
    before = snapshot(prospect)
    with pytest.raises(RuleRefused, match="needs a next step") as refused:
        call(people, prospect, state=State.CONTACT_2, planned=planned)
    assert refused.value.field == "next_step"
    # The move had passed and written its history: the refusal after it rolled it back.
    assert snapshot(prospect) == before
    planned.refresh_from_db()
    assert planned.done_at is None


def test_a_win_refused_for_want_of_a_next_step_leaves_the_company_where_it_was(
    people, method, prospect, shop
):
    method.deal_starts_on = DealStartsOn.PAYMENT
    method.save()
    deal = deal_create(
        company=prospect, owner=people.hunter1, title="Поставка", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(1), acting_user=people.hunter1)
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    planned = prospect.activities.get(subject="Первый звонок")
    before = snapshot(prospect)
    with pytest.raises(RuleRefused, match="needs a next step"):
        call(people, prospect, outcome=Outcome.WON, planned=planned)
    assert snapshot(prospect) == before


def test_a_call_with_a_company_nobody_works_is_refused(people, method):
    company = free_companies(1)[0]
    with pytest.raises(RuleRefused, match="Nobody works this company"):
        call(people, company, next_step=next_step())
    assert not company.activities.exists()
