"""The client algorithm and the nightly watch through their services (METHOD 5; issue 17)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command

from otdel.algorithm.models import Activity
from otdel.clients.models import AlertKind, ClientAlert, ClientPlan, ClientStep
from otdel.clients.services import client_step_done, client_watch
from otdel.refusal import RuleRefused
from tests.factories import CompanyFactory, UserFactory
from tests.segments.test_segment import order

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:00 +03:00", tick=False):
        yield


def cycle() -> list[ClientStep]:
    return list(ClientStep.objects.order_by("position"))


def client_of(owner, name="ООО «Клиент»", abc_class="", code=""):
    return CompanyFactory(
        legal_name=name,
        owner=owner,
        section="",
        state="client",
        abc_class=abc_class,
        customer_code=code,
    )


def every(company, days: int, count: int, last: date, amount: int = 100) -> None:
    for n in range(count):
        order(company, last - timedelta(days=days * n), (1, amount))


def test_the_default_cycle_is_installed(db):
    assert [s.code for s in cycle()] == [
        "service_call",
        "reorder_reminder",
        "review_meeting",
        "upsell",
    ]
    assert all(s.playbook and s.interval_days for s in cycle())


def test_every_owned_client_gets_a_next_step_once(people):
    mine = client_of(people.farmer1)
    nobodys = client_of(None, name="Ничей клиент")
    prospect = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    assert client_watch(as_of=TODAY).scheduled == 1
    plan = ClientPlan.objects.get()
    assert (plan.company, plan.step, plan.due_on) == (mine, cycle()[0], TODAY)
    assert client_watch(as_of=TODAY).scheduled == 0
    assert not ClientPlan.objects.filter(company__in=[nobodys, prospect]).exists()


def test_a_step_done_keeps_its_result_and_schedules_the_next(people):
    client = client_of(people.farmer1)
    client_watch(as_of=TODAY)
    service_call, reorder = cycle()[:2]
    plan = client_step_done(
        company=client,
        result="Поставка пришла полностью",
        next_step=reorder,
        due_on=TODAY + timedelta(days=21),
        acting_user=people.farmer1,
    )
    assert (plan.step, plan.due_on) == (reorder, TODAY + timedelta(days=21))
    done = Activity.objects.get(company=client)
    assert (done.kind, done.subject, done.result) == (
        "call",
        service_call.name,
        "Поставка пришла полностью",
    )
    assert done.done_at is not None and done.assignee == people.farmer1


@pytest.mark.parametrize(
    ("change", "field"),
    [({"result": "  "}, "result"), ({"due_on": TODAY - timedelta(days=1)}, "due_on")],
)
def test_a_step_needs_a_result_and_a_next_step_not_in_the_past(people, change, field):
    client = client_of(people.farmer1)
    arguments = {
        "company": client,
        "result": "Поговорили",
        "next_step": cycle()[1],
        "due_on": TODAY,
        "acting_user": people.farmer1,
        **change,
    }
    with pytest.raises(RuleRefused) as refused:
        client_step_done(**arguments)
    assert refused.value.field == field
    assert not Activity.objects.exists() and not ClientPlan.objects.exists()


def test_the_client_algorithm_is_for_clients_and_their_owners(people, english):
    prospect = CompanyFactory(owner=people.farmer1, section="", state="contact_1")
    with pytest.raises(RuleRefused, match="not one"):
        client_step_done(
            company=prospect,
            result="Поговорили",
            next_step=cycle()[0],
            due_on=TODAY,
            acting_user=people.farmer1,
        )
    with pytest.raises(RuleRefused, match="read-only"):
        client_step_done(
            company=client_of(people.farmer1),
            result="Поговорили",
            next_step=cycle()[0],
            due_on=TODAY,
            acting_user=people.hunter2,
        )


def test_the_watch_keeps_the_alerts_and_escalates_a_dormant_a_client_once(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    people.farmers_lead.email = "lead@example.com"
    people.farmers_lead.save()
    due = client_of(people.farmer1, "Пора дозаказать", code="D1")
    every(due, 20, 4, TODAY - timedelta(days=20))
    quiet_a = client_of(people.farmer1, "Затих А", abc_class="A")
    every(quiet_a, 10, 5, TODAY - timedelta(days=31))
    quiet_c = client_of(people.farmer1, "Затих С", abc_class="C", code="Q3")
    every(quiet_c, 10, 5, TODAY - timedelta(days=31))
    dropping = client_of(people.farmer1, "Падает", code="F4")
    every(dropping, 7, 3, TODAY - timedelta(days=2), amount=10)
    order(dropping, TODAY - timedelta(days=365), (1, 1000))
    two_orders = client_of(people.farmer1, "Два заказа", code="T5")
    every(two_orders, 100, 2, TODAY - timedelta(days=100))

    with django_capture_on_commit_callbacks(execute=True):
        report = client_watch(as_of=TODAY)
    assert report.as_dict() == {
        "clients": 5,
        "regular": 4,
        "due": ["D1"],
        "dormant": [str(quiet_a.pk), "Q3"],  # numbers first, in their order
        "dropping": ["F4"],
    }
    assert report.escalated == [str(quiet_a.pk)]
    alert = ClientAlert.objects.get(company=quiet_a)
    assert (alert.kind, alert.escalated, alert.days_since, alert.interval_days) == (
        AlertKind.DORMANT,
        True,
        31,
        10,
    )
    assert not ClientAlert.objects.get(company=quiet_c).escalated
    assert [m.to for m in mailoutbox] == [["lead@example.com"]]
    assert "Затих А" in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        again = client_watch(as_of=TODAY + timedelta(days=1))
    assert again.escalated == [] and len(mailoutbox) == 1
    assert ClientAlert.objects.get(company=quiet_a).raised_on == TODAY
    assert ClientAlert.objects.get(company=quiet_a).escalated


def test_an_alert_that_ends_is_gone(people):
    client = client_of(people.farmer1, code="R1")
    every(client, 20, 4, TODAY - timedelta(days=20))
    client_watch(as_of=TODAY)
    assert ClientAlert.objects.filter(company=client, kind=AlertKind.DUE).exists()
    order(client, TODAY, (1, 100))
    client_watch(as_of=TODAY)
    assert not ClientAlert.objects.exists()


def test_the_command_and_the_nightly_job(people, capsys):
    client = client_of(people.farmer1, code="C1")
    every(client, 20, 4, TODAY - timedelta(days=25))
    call_command("client-watch", "--json", "--as-of", TODAY.isoformat())
    assert capsys.readouterr().out.strip() == (
        '{"clients": 1, "regular": 1, "due": ["C1"], "dormant": [], "dropping": []}'
    )
    call_command("client-watch")
    assert "1 clients, 1 regular; due 1" in capsys.readouterr().out
    from otdel.control.tasks import client_watch_nightly

    assert client_watch_nightly.call_local()["due"] == ["C1"]


def test_the_command_refuses_a_bad_day(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-of"):
        call_command("client-watch", "--as-of", "23.11.2026")


def test_a_client_with_no_step_yet_starts_the_cycle(people):
    client = client_of(people.farmer1)
    service_call, _reorder, meeting = cycle()[:3]
    client_step_done(
        company=client,
        result="Познакомились",
        next_step=meeting,
        due_on=TODAY + timedelta(days=30),
        acting_user=people.farmer1,
    )
    assert Activity.objects.get(company=client).subject == service_call.name
    assert ClientPlan.objects.get(company=client).step == meeting


def test_a_client_handed_to_a_farmer_has_his_first_step_at_once(people):
    from otdel.segments.services import company_handoff

    won = CompanyFactory(legal_name="Выигран", owner=people.hunter1, section="", state="client")
    company_handoff(company=won, farmer=people.farmer1, acting_user=people.head, reason="Он")
    first = cycle()[0]
    plan = ClientPlan.objects.get(company=won)
    assert (plan.step, plan.due_on) == (first, TODAY + timedelta(days=first.interval_days))
    # Handed on to another farmer, the client keeps the step he has.
    other = UserFactory(username="farmer_b", department=people.farmer1.department)
    company_handoff(company=won, farmer=other, acting_user=people.head, reason="Он")
    assert ClientPlan.objects.get(company=won).due_on == plan.due_on


def test_a_run_of_the_hand_off_schedules_its_clients_in_one_go(people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from otdel.segments.services import run_handoff

    def hand_off(count: int) -> int:
        won = [
            CompanyFactory(owner=people.hunter1, section="", state="client") for _n in range(count)
        ]
        for company in won:
            order(company, date(2026, 1, 1), (1, 10))
        with CaptureQueriesContext(connection) as queries:
            run_handoff(today=TODAY, min_orders=1)
        plans = ClientPlan.objects.filter(company__in=won)
        assert plans.count() == count
        assert {p.due_on for p in plans} == {TODAY + timedelta(days=cycle()[0].interval_days)}
        # The hand-off itself still writes each company; its follow-up is one set of queries.
        return len([q for q in queries if "clients_clientplan" in q["sql"]])

    assert hand_off(2) == hand_off(6)
