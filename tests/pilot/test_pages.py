"""The pilot's pages: leaders read, the owner and the head of sales start and end."""

import re

import pytest
from django.utils import translation

from otdel.org.models import User
from otdel.pilot.models import Pilot, PilotStatus
from otdel.pilot.services import pilot_start
from tests.conftest import client_for

from .conftest import END, START


def hunters_pilot(people):
    return pilot_start(
        kind="work_days",
        title="14 дней на проспекта",
        description="Срок работы с новым клиентом 14 дней",
        starts_on=START,
        ends_on=END,
        managers=[people.hunter1],
        acting_user=people.head,
    )


def test_the_head_starts_a_pilot_from_the_form(people, travel):
    response = client_for(people.head).post(
        "/pilot/new/",
        {
            "kind": "algorithm",
            "title": "Версия 3",
            "description": "Новый скрипт",
            "starts_on": "2026-11-16",
            "ends_on": "2026-12-20",
            "managers": [people.hunter1.pk],
        },
    )
    pilot = Pilot.objects.get()
    assert response.status_code == 302 and response.url == f"/pilot/{pilot.pk}/"


def test_the_form_says_why_the_dates_are_refused(people, travel):
    response = client_for(people.head).post(
        "/pilot/new/",
        {
            "kind": "algorithm",
            "title": "Версия 3",
            "starts_on": "2026-11-16",
            "ends_on": "2026-11-30",
            "managers": [people.hunter1.pk],
        },
    )
    assert response.status_code == 400
    assert "15" in response.context["form"].errors["ends_on"][0]
    assert not Pilot.objects.exists()


def test_the_comparison_page_says_a_company_wide_change_is_not_applied(people, dataset):
    pilot = hunters_pilot(people)
    response = client_for(people.hunters_lead).get(f"/pilot/{pilot.pk}/")
    assert response.status_code == 200
    assert response.context["comparison"]["groups"]["pilot"]["activities"] == 4
    page = response.content.decode()
    assert 'data-testid="pilot-applied"' in page
    assert not response.context["may_end"]


def test_who_reads_pilots(people, travel):
    pilot = hunters_pilot(people)
    assert client_for(people.owner).get(f"/pilot/{pilot.pk}/").status_code == 200
    assert client_for(people.hunter1).get(f"/pilot/{pilot.pk}/").status_code == 403
    assert client_for(people.hunter1).get("/pilot/").status_code == 403
    # Another department's head does not know a pilot of the hunters.
    assert client_for(people.farmers_lead).get(f"/pilot/{pilot.pk}/").status_code == 404
    assert pilot.title not in client_for(people.farmers_lead).get("/pilot/").content.decode()
    assert pilot.title in client_for(people.hunters_lead).get("/pilot/").content.decode()


def test_a_department_head_reads_but_does_not_end_a_pilot(people, travel):
    pilot = hunters_pilot(people)
    assert client_for(people.hunters_lead).post(f"/pilot/{pilot.pk}/fix/").status_code == 403
    assert client_for(people.hunters_lead).get("/pilot/new/").status_code == 403


def test_the_head_fixes_a_pilot_on_its_page(people, travel):
    pilot = hunters_pilot(people)
    response = client_for(people.head).post(f"/pilot/{pilot.pk}/fix/", {"note": "Работает"})
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.FIXED
    page = client_for(people.head).get(f"/pilot/{pilot.pk}/").content.decode()
    assert "Работает" in page


def _comparison_tables(page: str) -> str:
    return page[page.index('data-testid="comparison"') : page.index("pilot-events")]


def test_the_comparison_writes_its_figures_with_a_comma_in_russian(people, dataset):
    pilot = hunters_pilot(people)
    page = client_for(people.hunters_lead).get(f"/pilot/{pilot.pk}/").content.decode()
    tables = _comparison_tables(page)
    # 0.5 calls a week before the pilot; a median stay of 1.5 days in "new".
    assert "<td>0,5</td>" in tables
    assert "1,5 дн." in tables
    assert "100\xa0%" in tables
    assert not re.search(r"\d\.\d", tables)


def test_the_comparison_writes_its_figures_with_a_point_in_english(people, dataset):
    User.objects.filter(pk=people.hunters_lead.pk).update(language="en")
    pilot = hunters_pilot(people)
    page = client_for(people.hunters_lead).get(f"/pilot/{pilot.pk}/").content.decode()
    tables = _comparison_tables(page)
    assert "<td>0.5</td>" in tables
    assert "1.5 d" in tables and "1,5" not in tables
    assert "100%" in tables


@pytest.mark.parametrize(
    ("language", "line", "other"),
    [
        ("ru", "Настройка общая для всей компании", "A company-wide setting"),
        ("en", "A company-wide setting", "Настройка общая для всей компании"),
    ],
)
def test_what_a_decision_did_reads_in_the_readers_language(people, travel, language, line, other):
    with translation.override("ru"):  # started by a head reading Russian
        pilot = hunters_pilot(people)
    User.objects.filter(pk=people.head.pk).update(language=language)
    page = client_for(people.head).get(f"/pilot/{pilot.pk}/").content.decode()
    events = page.split('data-testid="pilot-events"')[1]
    assert line in events and other not in events
