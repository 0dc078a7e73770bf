"""Objection drills (issue 19, item 4): the head plays an objection to one of his managers, the
manager answers, the head scores from 1 to 5; who sees which drills; the training record."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from otdel.playbook.models import Drill
from otdel.playbook.selectors import training_record, visible_drills
from otdel.playbook.services import drill_answer, drill_create, drill_score
from otdel.refusal import RuleRefused
from tests.conftest import client_for


@pytest.fixture
def drills(people, library):
    """A drill of each manager by his department's head."""
    return {
        who: drill_create(
            objection=library["дорого"], manager=getattr(people, who), acting_user=lead
        )
        for who, lead in (
            ("hunter1", people.hunters_lead),
            ("hunter2", people.hunters_lead),
            ("farmer1", people.farmers_lead),
        )
    }


SEES = {
    "owner": {"hunter1", "hunter2", "farmer1"},
    "head": {"hunter1", "hunter2", "farmer1"},
    "hunters_lead": {"hunter1", "hunter2"},
    "farmers_lead": {"farmer1"},
    "hunter1": {"hunter1"},
    "hunter2": {"hunter2"},
    "farmer1": {"farmer1"},
    "pm1": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("person", SEES)
def test_a_manager_sees_his_drills_and_leaders_their_departments(people, drills, person):
    seen = {d.manager.username for d in visible_drills(getattr(people, person))}
    assert seen == SEES[person]
    page = client_for(getattr(people, person)).get(reverse("playbook:drills"))
    assert {d.manager.username for d in page.context["drills"]} == SEES[person]


def test_a_head_drills_only_the_managers_he_leads(people, library):
    with pytest.raises(RuleRefused):
        drill_create(
            objection=library["дорого"], manager=people.farmer1, acting_user=people.hunters_lead
        )
    with pytest.raises(RuleRefused):
        drill_create(
            objection=library["дорого"], manager=people.hunter2, acting_user=people.hunter1
        )
    drill = drill_create(
        objection=library["дорого"], manager=people.farmer1, acting_user=people.head
    )
    assert drill.trainer == people.head


def test_the_manager_answers_and_his_head_scores_from_one_to_five(people, drills, english):
    drill = drills["hunter1"]
    with pytest.raises(RuleRefused, match="not answered"):
        drill_score(drill=drill, score=4, comment="", acting_user=people.hunters_lead)
    with pytest.raises(RuleRefused):
        drill_answer(drill=drill, text="Ответ за него", acting_user=people.hunters_lead)
    drill = drill_answer(drill=drill, text="С чем сравниваете?", acting_user=people.hunter1)
    for score in (0, 6):
        with pytest.raises(RuleRefused):
            drill_score(drill=drill, score=score, comment="", acting_user=people.hunters_lead)
    with pytest.raises(RuleRefused):
        drill_score(drill=drill, score=5, comment="", acting_user=people.hunter1)
    with pytest.raises(RuleRefused):
        drill_score(drill=drill, score=5, comment="", acting_user=people.farmers_lead)
    drill = drill_score(drill=drill, score=4, comment="Нет даты", acting_user=people.hunters_lead)
    assert (drill.score, drill.comment, drill.scored_by) == (4, "Нет даты", people.hunters_lead)
    # Scored: the answer stays as it was scored.
    with pytest.raises(RuleRefused):
        drill_answer(drill=drill, text="Исправлю", acting_user=people.hunter1)


def test_scored_drills_are_the_managers_training_record(people, drills, library):
    for score in (5, 4):
        drill = drill_create(
            objection=library["ещё"], manager=people.hunter1, acting_user=people.head
        )
        drill_answer(drill=drill, text="Ответ", acting_user=people.hunter1)
        drill_score(drill=drill, score=score, comment="", acting_user=people.head)
    record = training_record(people.hunters_lead, people.hunter1)
    assert [d.score for d in record.drills] == [4, 5] and record.average == Decimal("4.5")
    assert training_record(people.farmers_lead, people.hunter1).drills == []
    page = client_for(people.hunter1).get(
        reverse("playbook:drills"), {"manager": people.hunter1.pk}
    )
    assert page.context["record"].average == Decimal("4.5")
    # Another manager's record is not his to read.
    other = client_for(people.hunter2).get(
        reverse("playbook:drills"), {"manager": people.hunter1.pk}
    )
    assert other.status_code == 404


def test_the_pages_answer_the_drill_to_its_manager_and_score_it_by_his_head(people, drills):
    drill = drills["hunter1"]
    url = reverse("playbook:drill_answer", args=[drill.pk])
    assert client_for(people.hunter2).post(url, {"text": "x"}).status_code == 404
    assert client_for(people.hunters_lead).post(url, {"text": "x"}).status_code == 403
    client_for(people.hunter1).post(url, {"text": "Посчитаем стоимость владения"})
    url = reverse("playbook:drill_score", args=[drill.pk])
    assert client_for(people.hunter1).post(url, {"score": 5}).status_code == 403
    client_for(people.hunters_lead).post(url, {"score": 3, "comment": "Нет шага"})
    assert Drill.objects.get(pk=drill.pk).score == 3


def test_the_score_is_not_chosen_beforehand_and_is_required(people, drills):
    drill = drills["hunter1"]
    client_for(people.hunter1).post(
        reverse("playbook:drill_answer", args=[drill.pk]), {"text": "Посчитаем стоимость"}
    )
    lead = client_for(people.hunters_lead)
    page = lead.get(reverse("playbook:drill", args=[drill.pk])).content.decode()
    select = page[page.index('name="score"') :].split("</select>")[0]
    assert "required" in select.split(">")[0]
    assert not re.search(r'value="\d" selected', select)
    lead.post(reverse("playbook:drill_score", args=[drill.pk]), {"score": "", "comment": "x"})
    assert Drill.objects.get(pk=drill.pk).score is None


def test_a_drill_waits_on_the_managers_work_until_he_answers(people, drills):
    drill = drills["hunter1"]
    link = reverse("playbook:drill", args=[drill.pk])
    work = reverse("control:my_work")
    assert link in client_for(people.hunter1).get(work).content.decode()
    assert link not in client_for(people.hunter2).get(work).content.decode()
    drill_answer(drill=drill, text="Сравним стоимость владения", acting_user=people.hunter1)
    assert 'data-testid="work-drills"' not in client_for(people.hunter1).get(work).content.decode()
