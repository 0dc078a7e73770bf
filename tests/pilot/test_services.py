"""Starting a pilot applies the change to its managers through the owning app's service;
fixing it puts the others on it, rolling it back restores what the pilot managers had."""

import datetime as dt

import pytest

from otdel.org.models import SettingsChange
from otdel.pilot import selectors
from otdel.pilot.models import PilotEvent, PilotStatus
from otdel.pilot.services import pilot_fix, pilot_roll_back, pilot_start
from otdel.refusal import RuleRefused

from .conftest import END, START, TODAY


def start(people, **values):
    values = {
        "kind": "pay",
        "title": "Новая схема охотникам",
        "description": "Меньше оклад, больше процент",
        "starts_on": START,
        "ends_on": END,
        "managers": [people.hunter1],
        "acting_user": people.head,
        **values,
    }
    return pilot_start(**values)


def scheme_of(user, day):
    return selectors.scheme_on([user], day).get(user.pk)


def test_a_pilot_shorter_than_30_days_is_refused_with_the_reason(people, travel):
    with pytest.raises(RuleRefused) as refused:
        start(people, kind="work_days", ends_on=START + dt.timedelta(days=28))
    assert refused.value.field == "ends_on"
    assert "29" in str(refused.value)


def test_a_pilot_longer_than_40_days_is_refused(people, travel):
    with pytest.raises(RuleRefused):
        start(people, kind="work_days", ends_on=START + dt.timedelta(days=40))


def test_only_the_owner_and_the_head_of_sales_start_a_pilot(people, travel):
    with pytest.raises(RuleRefused):
        start(people, kind="work_days", acting_user=people.hunters_lead)


def test_a_pay_pilot_puts_the_pilot_managers_on_the_scheme_and_keeps_the_old(
    people, schemes, travel
):
    old, new = schemes
    pilot = start(people, scheme=new)
    assert pilot.applied
    assert scheme_of(people.hunter1, START) == new.pk
    assert scheme_of(people.hunter2, START) == old.pk
    assert pilot.members.get(user=people.hunter1).previous == {"scheme": old.pk}
    # The pay log of Settings shows the change, as if made there.
    assert SettingsChange.objects.filter(section="pay", subject=str(people.hunter1)).exists()
    started = pilot.events.get()
    assert started.kind == PilotEvent.Kind.STARTED
    assert "Старая" in started.changes[0] and "Новая" in started.changes[0]


def test_rolling_back_a_pay_pilot_restores_the_previous_scheme_from_today(people, schemes, travel):
    old, new = schemes
    pilot = start(people, scheme=new)
    pilot = pilot_roll_back(pilot=pilot, note="Продажи упали", acting_user=people.head)
    assert pilot.status == PilotStatus.ROLLED_BACK
    assert scheme_of(people.hunter1, TODAY) == old.pk
    # The pilot's days stay paid by the scheme tried.
    assert scheme_of(people.hunter1, TODAY - dt.timedelta(days=1)) == new.pk
    assert pilot.snapshot["groups"]["pilot"]["managers"] == 1
    assert [e.kind for e in pilot.events.all()] == ["started", "rolled_back"]


def test_fixing_a_pay_pilot_puts_the_control_group_on_the_scheme(people, schemes, travel):
    old, new = schemes
    pilot = pilot_fix(pilot=start(people, scheme=new), acting_user=people.head)
    assert pilot.status == PilotStatus.FIXED
    assert scheme_of(people.hunter2, TODAY) == new.pk
    assert scheme_of(people.hunter2, TODAY - dt.timedelta(days=1)) == old.pk
    assert scheme_of(people.hunter1, TODAY) == new.pk


def test_a_pay_pilot_needs_a_scheme_to_return_to(people, schemes, travel):
    _old, new = schemes
    with pytest.raises(RuleRefused) as refused:
        start(people, scheme=new, managers=[people.farmer1])
    assert refused.value.field == "managers"


def test_a_cap_pilot_sets_the_managers_cap_and_a_roll_back_restores_it(people, travel):
    people.hunter2.working_list_cap = 70
    people.hunter2.save()
    pilot = start(people, kind="limits", cap=60)
    people.hunter1.refresh_from_db()
    assert people.hunter1.working_list_cap == 60
    pilot_roll_back(pilot=pilot, acting_user=people.head)
    people.hunter1.refresh_from_db()
    people.hunter2.refresh_from_db()
    assert (people.hunter1.working_list_cap, people.hunter2.working_list_cap) == (None, 70)


def test_fixing_a_cap_pilot_gives_the_others_the_cap(people, travel):
    people.hunter2.working_list_cap = 70
    people.hunter2.save()
    pilot_fix(pilot=start(people, kind="limits", cap=60), acting_user=people.head)
    people.hunter2.refresh_from_db()
    assert people.hunter2.working_list_cap == 60


def test_a_cap_outside_the_company_range_is_refused(people, travel):
    with pytest.raises(RuleRefused) as refused:
        start(people, kind="limits", cap=10)
    assert refused.value.field == "cap"


def test_a_company_wide_setting_is_described_not_applied(people, travel):
    pilot = start(people, kind="handoff", description="Передавать после второй оплаты")
    assert not pilot.applied
    pilot = pilot_fix(pilot=pilot, acting_user=people.head)
    assert (
        "Settings" in pilot.events.last().changes[0]
        or "Настройки" in pilot.events.last().changes[0]
    )
    assert not SettingsChange.objects.exists()


def test_an_ended_pilot_is_not_ended_again(people, travel):
    pilot = pilot_fix(pilot=start(people, kind="algorithm"), acting_user=people.head)
    with pytest.raises(RuleRefused):
        pilot_roll_back(pilot=pilot, acting_user=people.head)


def test_a_manager_tries_one_pilot_of_a_setting_at_a_time(people, travel):
    start(people, kind="algorithm")
    with pytest.raises(RuleRefused):
        start(people, kind="algorithm")
