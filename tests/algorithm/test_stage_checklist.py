"""The playbook checklist of a stage, ticked on the company card and kept when the company moves
on (issue 16, item 2: the head reviews the stages whose checklist was skipped)."""

import pytest
from django.urls import reverse

from otdel.algorithm import services
from otdel.algorithm.models import PlaybookStep, StageChecklist
from otdel.base.models import State
from otdel.refusal import RuleRefused
from tests.conftest import client_for

from .conftest import free_companies


def test_the_manager_ticks_the_stages_checklist_on_the_card(people, method):
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    items = PlaybookStep.objects.get(state=State.NEW).checklist_items
    client = client_for(people.hunter1)
    url = reverse("base:company_detail", args=[company.pk])
    assert 'data-testid="stage-checklist"' in client.get(url).content.decode()
    answer = client.post(
        reverse("algorithm:stage_checklist", args=[company.pk]),
        {"item": [items[2], "не из списка", items[0]], "next": url},
    )
    assert answer.status_code == 302 and answer["Location"] == url
    row = StageChecklist.objects.get(company=company)
    # Only the checklist's items, in its order; who ticked them is kept.
    assert (row.state, row.done, row.ticked_by) == (State.NEW, [items[0], items[2]], people.hunter1)
    assert row.ticked_at is not None and row.left_at is None
    assert client.get(url).context["stage_ticked"] == [items[0], items[2]]


def test_only_who_may_change_the_company_ticks(people, method):
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    with pytest.raises(RuleRefused):
        services.stage_checklist_tick(company=company, done_items=["x"], acting_user=people.hunter2)
    assert not StageChecklist.objects.exists()


def test_moving_on_keeps_the_items_not_ticked_and_is_never_refused_for_them(people, method):
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    new_items = PlaybookStep.objects.get(state=State.NEW).checklist_items
    services.stage_checklist_tick(
        company=company, done_items=new_items[:1], acting_user=people.hunter1
    )
    services.company_move(company=company, state="contact_1", acting_user=people.hunter1)
    services.company_move(company=company, state="contact_2", acting_user=people.hunter1)
    left = {row.state: row for row in StageChecklist.objects.filter(company=company)}
    assert left[State.NEW].missing == new_items[1:]
    assert left["contact_1"].missing == PlaybookStep.objects.get(state="contact_1").checklist_items
    assert {row.left_owner for row in left.values()} == {people.hunter1}
    assert all(row.left_at for row in left.values())
    # The stage it is in now is not left yet.
    assert "contact_2" not in left


def test_a_checklist_done_in_full_leaves_nothing_missing(people, method):
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    items = PlaybookStep.objects.get(state=State.NEW).checklist_items
    services.stage_checklist_tick(company=company, done_items=items, acting_user=people.hunter1)
    services.company_move(company=company, state="contact_1", acting_user=people.hunter1)
    row = StageChecklist.objects.get(company=company, state=State.NEW)
    assert row.missing == [] and row.left_at is not None
