"""Meetings (issue 16, item 3): the agenda read from the data at creation and kept, attendance,
notes, decisions that become tasks in their owner's work; who holds and who sees a meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse

from otdel.algorithm.models import Activity, ActivityKind
from otdel.control.selectors import control_rows
from otdel.meetings.models import Meeting
from otdel.meetings.services import meeting_create, meeting_decide, meeting_update
from otdel.refusal import RuleRefused
from otdel.reports.rules import week_of
from otdel.reports.selectors import weekly_report
from tests.conftest import client_for

from .conftest import TODAY


def weekly(people, department=None, by=None):
    by = by or people.hunters_lead
    department = department or people.hunter1.department
    return meeting_create(kind="weekly", held_on=TODAY, department=department, acting_user=by)


def test_the_weekly_agenda_names_who_is_behind_the_black_hole_expiring_and_d_clients(
    people, hunters_week
):
    agenda = weekly(people).agenda
    behind = {row["manager"]: {m["metric"] for m in row["metrics"]} for row in agenda["behind"]}
    assert behind == {
        str(people.hunter1): {"revenue", "calls", "meetings"},
        str(people.hunter2): {"revenue", "calls"},
    }
    waiting = {row["company"]: row["waiting"] for row in agenda["black_hole"]}
    # The farmers' deal is another department's; a deal with no paper yet, one part paid and
    # one paid in full are out of the hole.
    assert waiting == {"Без счёта": "invoice", "Неоплата": "payment"}
    assert [(r["company"], r["days_left"]) for r in agenda["expiring"]] == [("Истекает", 2)]
    assert [(r["company"], r["activities"]) for r in agenda["d_clients"]] == [("Класс D", 2)]


def test_the_agendas_black_hole_is_controls_and_the_weekly_reports(people, hunters_week):
    hunters = [people.hunter1, people.hunter2]
    agenda = weekly(people).agenda["black_hole"]
    rows = control_rows(people.hunters_lead, hunters, TODAY)
    on_control = sum(r.figures.awaiting_invoice + r.figures.awaiting_payment for r in rows)
    report = weekly_report(week_of(TODAY), people.hunters_lead).black_hole
    assert len(agenda) == on_control == len(report) == 2
    assert {row["deal_id"] for row in agenda} == {deal.pk for deal in report}


def test_a_daily_planning_looks_back_one_day_at_the_d_clients(people, hunters_week):
    meeting = meeting_create(
        kind="daily", held_on=TODAY, department=people.hunter1.department, acting_user=people.head
    )
    assert [r["activities"] for r in meeting.agenda["d_clients"]] == [1]


def test_the_agenda_is_kept_as_it_was_when_the_data_change(people, hunters_week):
    meeting = weekly(people)
    hunters_week["Без счёта"].deals.update(status="lost")
    meeting.refresh_from_db()
    assert "Без счёта" in {row["company"] for row in meeting.agenda["black_hole"]}


def test_the_department_managers_attend_and_their_presence_is_kept(people, hunters_week):
    meeting = weekly(people)
    assert {a.person for a in meeting.attendance.all()} == {people.hunter1, people.hunter2}
    meeting_update(
        meeting=meeting,
        notes="Счета выставить до пятницы",
        present=[people.hunter1.pk],
        held=True,
        acting_user=people.hunters_lead,
    )
    meeting.refresh_from_db()
    assert meeting.held_at is not None and meeting.notes == "Счета выставить до пятницы"
    assert {a.person.username: a.present for a in meeting.attendance.all()} == {
        "hunter1": True,
        "hunter2": False,
    }


def test_a_decision_is_a_task_in_its_owners_work(people, hunters_week):
    meeting = weekly(people)
    decision = meeting_decide(
        meeting=meeting,
        text="Выставить счёт",
        company=hunters_week["Без счёта"],
        owner=people.hunter1,
        due_on=TODAY,
        acting_user=people.hunters_lead,
    )
    task = decision.task
    assert (task.kind, task.assignee, task.author) == (
        ActivityKind.TASK,
        people.hunter1,
        people.hunters_lead,
    )
    work = client_for(people.hunter1).get(reverse("control:my_work"))
    assert task in list(work.context["activities"])


def test_a_decision_for_someone_the_head_does_not_lead_is_refused_and_nothing_is_written(
    people, hunters_week
):
    meeting = weekly(people)
    with pytest.raises(RuleRefused):
        meeting_decide(
            meeting=meeting,
            text="Позвонить",
            company=hunters_week["Без счёта"],
            owner=people.farmer1,
            due_on=TODAY,
            acting_user=people.hunters_lead,
        )
    with pytest.raises(RuleRefused) as refused:
        meeting_decide(
            meeting=meeting,
            text="Позвонить",
            company=hunters_week["Без счёта"],
            owner=people.hunter1,
            due_on=TODAY - timedelta(days=1),
            acting_user=people.hunters_lead,
        )
    assert refused.value.field == "due_on"
    assert not meeting.decisions.exists()
    assert not Activity.objects.filter(kind=ActivityKind.TASK).exists()


def test_a_department_head_holds_only_his_departments_meetings(people, hunters_week):
    with pytest.raises(RuleRefused):
        weekly(people, department=people.farmer1.department)
    with pytest.raises(RuleRefused):
        meeting_create(
            kind="weekly", held_on=TODAY, department=None, acting_user=people.hunters_lead
        )
    with pytest.raises(RuleRefused):
        weekly(people, by=people.hunter1)
    whole = meeting_create(kind="monthly", held_on=TODAY, department=None, acting_user=people.owner)
    assert {a.person.username for a in whole.attendance.all()} == {"hunter1", "hunter2", "farmer1"}


def test_who_sees_a_meeting(people, hunters_week):
    meeting = weekly(people)
    url = reverse("meetings:detail", args=[meeting.pk])
    seen = {name: client_for(user).get(url).status_code for name, user in people.all().items()}
    assert seen == {
        "owner": 200,
        "head": 200,
        "hunters_lead": 200,
        "hunter1": 200,  # attendees read it
        "hunter2": 200,
        "farmer1": 404,
        "pm1": 404,
        "tm1": 404,
        "outsider": 404,
        "farmers_lead": 404,
    }
    update = reverse("meetings:update", args=[meeting.pk])
    assert client_for(people.hunter1).post(update, {"notes": "x"}).status_code == 403
    assert client_for(people.farmers_lead).post(update, {"notes": "x"}).status_code == 404


def test_the_head_creates_a_meeting_and_decides_on_its_page(people, hunters_week):
    lead = client_for(people.hunters_lead)
    response = lead.post(
        reverse("meetings:list"),
        {
            "kind": "weekly",
            "held_on": TODAY.isoformat(),
            "department": people.hunter1.department_id,
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    page = lead.get(response["Location"])
    html = page.content.decode()
    assert "Неоплата" in html and "Истекает" in html and "Класс D" in html
    company = hunters_week["Неоплата"]
    lead.post(
        reverse("meetings:decide", args=[meeting.pk]),
        {
            "text": "Дожать оплату",
            "company": company.pk,
            "owner": people.hunter1.pk,
            "due_on": TODAY.isoformat(),
        },
    )
    assert meeting.decisions.get().task.company == company
    listed = client_for(people.hunter1).get(reverse("meetings:list"))
    assert list(listed.context["meetings"]) == [meeting]
    assert list(client_for(people.farmer1).get(reverse("meetings:list")).context["meetings"]) == []


def test_a_decision_names_a_company_of_the_agenda_only(people, hunters_week):
    meeting = weekly(people)
    other = hunters_week["Фермерская"]
    response = client_for(people.hunters_lead).post(
        reverse("meetings:decide", args=[meeting.pk]),
        {
            "text": "Чужая",
            "company": other.pk,
            "owner": people.hunter1.pk,
            "due_on": TODAY.isoformat(),
        },
        follow=True,
    )
    assert not meeting.decisions.exists()
    assert [str(m).split(":")[0] for m in response.context["messages"]] == ["Компания"]


def test_a_manager_cannot_create_a_meeting(people):
    response = client_for(people.hunter1).post(
        reverse("meetings:list"), {"kind": "weekly", "held_on": TODAY.isoformat()}
    )
    assert response.status_code == 403
