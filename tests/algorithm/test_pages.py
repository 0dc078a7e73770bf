"""The algorithm as managers and the head meet it in the pages."""

import datetime as dt
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from otdel.algorithm.enforcement import enforce_rules
from otdel.algorithm.models import Activity
from otdel.base.models import Company, State
from tests.conftest import client_for

from .conftest import fill_working_list, free_companies


def queries(client, url) -> int:
    client.get(url)  # the algorithm's stages are cached after the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_claim_button_takes_the_company_and_shows_it_in_my_work(people, method):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    card = client.get(reverse("base:company_detail", args=[company.pk])).content.decode()
    assert 'data-testid="claim"' in card
    response = client.post(reverse("algorithm:claim", args=[company.pk]), follow=True)
    assert "Компания в вашем рабочем списке." in response.content.decode()
    page = client.get(reverse("control:my_work")).content.decode()
    assert company.legal_name in page
    assert "Рабочий список: 1 из 90" in page


def test_a_company_taken_by_another_a_moment_before_is_said_taken_not_missing(people, method):
    company = free_companies(1)[0]
    card = reverse("base:company_detail", args=[company.pk])
    client_for(people.hunter2).post(reverse("algorithm:claim", args=[company.pk]))
    response = client_for(people.hunter1).post(
        reverse("algorithm:claim", args=[company.pk]), {"next": card}, follow=True
    )
    assert response.status_code == 200  # his work, not the card he may no longer see
    assert response.redirect_chain[-1][0] == reverse("control:my_work")
    assert "Другой менеджер только что взял эту компанию." in response.content.decode()
    missing = client_for(people.hunter1).post(reverse("algorithm:claim", args=[10**9]))
    assert missing.status_code == 404
    # Owned for longer than a list stays open: as unknown to him as before.
    Company.objects.filter(pk=company.pk).update(owned_since=timezone.now() - timedelta(days=2))
    old = client_for(people.hunter1).post(reverse("algorithm:claim", args=[company.pk]))
    assert old.status_code == 404


def test_claim_over_the_cap_says_why(people, method):
    fill_working_list(people.hunter1, 90)
    company = free_companies(1)[0]
    response = client_for(people.hunter1).post(
        reverse("algorithm:claim", args=[company.pk]), follow=True
    )
    assert "90 из 90 компаний" in response.content.decode()
    company.refresh_from_db()
    assert company.owner is None


def test_board_move_refused_out_of_order_answers_409_with_reason(people, method):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    client.post(reverse("algorithm:claim", args=[company.pk]))
    url = reverse("algorithm:move", args=[company.pk])
    refused = client.post(url, {"state": State.CLIENT}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    assert "можно перевести только на" in refused.json()["detail"]
    moved = client.post(url, {"state": State.CONTACT_1}, HTTP_HX_REQUEST="true")
    assert moved.status_code == 200
    company.refresh_from_db()
    assert company.state == State.CONTACT_1


def test_others_cannot_move_my_company(people, method, base):
    response = client_for(people.hunter2).post(
        reverse("algorithm:move", args=[base.of_hunter1.pk]), {"state": State.CONTACT_1}
    )
    assert response.status_code == 404


def test_triage_from_my_work(people, method, clock):
    clock.day(0)
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    client.post(reverse("algorithm:claim", args=[company.pk]))
    today = clock.day(31)
    enforce_rules()
    client = client_for(people.hunter1)  # a month later: a new session
    page = client.get(reverse("control:my_work")).content.decode()
    assert 'data-testid="triage-queue"' in page
    response = client.post(
        reverse("algorithm:triage", args=[company.pk]),
        {
            "outcome": "follow_up",
            "reactivation_date": (today + dt.timedelta(days=30)).isoformat(),
            "reason": "нет бюджета",
        },
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.section, company.reactivation_date) == (
        "refusal_follow_up",
        today + dt.timedelta(days=30),
    )


def test_activity_completion_needs_a_next_step_while_in_work(people, method):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    client.post(reverse("algorithm:claim", args=[company.pk]))
    client.post(
        reverse("algorithm:activity_add", args=[company.pk]),
        {"kind": "call", "subject": "Первый звонок", "due_at": "2030-01-10T10:00"},
    )
    activity = Activity.objects.get(company=company)
    url = reverse("algorithm:activity_complete", args=[activity.pk])
    refused = client.post(url, {"result": "Поговорили"}, follow=True)
    assert "должен быть следующий шаг" in refused.content.decode()
    activity.refresh_from_db()
    assert activity.done_at is None
    client.post(
        url,
        {
            "result": "Поговорили",
            "next_kind": "meeting",
            "next_subject": "Встреча",
            "next_due_at": "2030-01-15T11:00",
        },
    )
    activity.refresh_from_db()
    assert activity.done_at is not None
    assert company.activities.filter(done_at__isnull=True).get().subject == "Встреча"


def test_meeting_is_prepared_by_the_checklist(people, method):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    client.post(reverse("algorithm:claim", args=[company.pk]))
    client.post(
        reverse("algorithm:activity_add", args=[company.pk]),
        {"kind": "first_meeting", "subject": "Знакомство", "due_at": "2030-01-10T10:00"},
    )
    meeting = Activity.objects.get(company=company)
    items = method.meeting_checklist.splitlines()
    card = client.get(reverse("base:company_detail", args=[company.pk])).content.decode()
    assert f"Preparation 0 of {len(items)}" in card or f"Подготовка 0 из {len(items)}" in card
    client.post(
        reverse("algorithm:activity_prepare", args=[meeting.pk]),
        {"item": [items[0], items[2], "не из списка"]},
    )
    meeting.refresh_from_db()
    assert meeting.prepared == [items[0], items[2]]


def test_repeat_meeting_at_most_three_days_after_the_first(people, method):
    import datetime as dt

    from django.utils import timezone

    from otdel.algorithm import services

    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    first = Activity.objects.create(
        company=company, kind="first_meeting", subject="Знакомство", assignee=people.hunter1
    )
    done = timezone.now()

    def repeat(days):
        return Activity(
            company=company,
            kind="repeat_meeting",
            subject="Презентация",
            assignee=people.hunter1,
            due_at=done + dt.timedelta(days=days),
        )

    with pytest.raises(services.RuleRefused, match="at most 3 days"):
        services.activity_complete(
            activity=first,
            result="Потребности ясны",
            acting_user=people.hunter1,
            next_step=repeat(4),
            when=done,
        )
    services.activity_complete(
        activity=first,
        result="Потребности ясны",
        acting_user=people.hunter1,
        next_step=repeat(3),
        when=done,
    )
    assert company.activities.get(kind="repeat_meeting").due_at == done + dt.timedelta(days=3)
