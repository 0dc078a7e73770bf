"""Hiring's pages by role: candidates and vacancies are the leaders' and the owner's only (a
department head his departments'), a manager gets 403 and no menu entry; a CV is served only
to those who may see its candidate; the onboarding pages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from otdel.hiring.models import OnboardingItem
from otdel.hiring.services import (
    candidate_add,
    candidate_record,
    onboarding_start,
    onboarding_tick,
)
from tests.conftest import client_for

from .conftest import make_vacancy


@pytest.fixture
def two_vacancies(people):
    hunters = make_vacancy(people, title="Охотник в отдел")
    farmers = make_vacancy(
        people,
        title="Фермер в клиентский",
        department=people.farmer1.department,
        position="account_manager",
    )
    for vacancy, name in ((hunters, "Кандидат-охотник"), (farmers, "Кандидат-фермер")):
        candidate_add(vacancy=vacancy, full_name=name, acting_user=people.head)
    return hunters, farmers


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("owner", {"Охотник в отдел", "Фермер в клиентский"}),
        ("head", {"Охотник в отдел", "Фермер в клиентский"}),
        ("hunters_lead", {"Охотник в отдел"}),
        ("farmers_lead", {"Фермер в клиентский"}),
    ],
)
def test_leaders_see_their_departments_vacancies(people, two_vacancies, who, sees):
    body = client_for(getattr(people, who)).get(reverse("hiring:list")).content.decode()
    assert {t for t in ("Охотник в отдел", "Фермер в клиентский") if t in body} == sees


@pytest.mark.parametrize("who", ["hunter1", "farmer1", "pm1", "outsider"])
def test_a_manager_cannot_see_vacancies_or_candidates(people, two_vacancies, who):
    client = client_for(getattr(people, who))
    hunters, _farmers = two_vacancies
    candidate = hunters.candidates.get()
    assert client.get(reverse("hiring:list")).status_code == 403
    assert client.get(reverse("hiring:vacancy", args=[hunters.pk])).status_code == 403
    assert client.get(reverse("hiring:candidate", args=[candidate.pk])).status_code == 403
    assert client.get(reverse("hiring:candidate_cv", args=[candidate.pk])).status_code == 403
    home = client.get(reverse("control:my_work")).content.decode()
    assert f'href="{reverse("hiring:list")}"' not in home


def test_a_department_head_cannot_open_another_departments_candidate(people, two_vacancies):
    _hunters, farmers = two_vacancies
    client = client_for(people.hunters_lead)
    candidate = farmers.candidates.get()
    assert client.get(reverse("hiring:candidate", args=[candidate.pk])).status_code == 404
    assert client.get(reverse("hiring:vacancy", args=[farmers.pk])).status_code == 404
    menu = client.get(reverse("control:control")).content.decode()
    assert f'href="{reverse("hiring:list")}"' in menu


@pytest.mark.usefixtures("media")
def test_the_cv_is_served_to_the_leaders_only(people, two_vacancies):
    hunters, _farmers = two_vacancies
    candidate = candidate_add(
        vacancy=hunters,
        full_name="С резюме",
        cv=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv"),
        acting_user=people.head,
    )
    url = reverse("hiring:candidate_cv", args=[candidate.pk])
    response = client_for(people.hunters_lead).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(people.farmers_lead).get(url).status_code == 404
    assert client_for(people.hunter1).get(url).status_code == 403


@pytest.mark.usefixtures("media")
def test_a_wrong_cv_upload_is_refused_with_a_message(people, two_vacancies):
    hunters, _farmers = two_vacancies
    candidate = hunters.candidates.get()
    response = client_for(people.head).post(
        reverse("hiring:candidate_cv", args=[candidate.pk]),
        {"cv": SimpleUploadedFile("cv.pdf", b"just text")},
        follow=True,
    )
    assert "PDF или DOCX" in response.content.decode()
    candidate.refresh_from_db()
    assert not candidate.cv


def test_an_illegal_move_over_http_says_why(people, two_vacancies):
    hunters, _farmers = two_vacancies
    candidate = hunters.candidates.get()
    response = client_for(people.head).post(
        reverse("hiring:candidate_move", args=[candidate.pk]), {"to": "offer"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("«" in m for m in messages), messages
    candidate.refresh_from_db()
    assert candidate.stage == "response"


def test_the_leader_sees_the_overdue_items_of_his_new_people(people):
    start = timezone.localdate() - timedelta(days=4)
    items = onboarding_start(user=people.hunter2, start_on=start, acting_user=people.head)
    onboarding_tick(item=items[0], done=True, acting_user=people.hunter2)
    response = client_for(people.hunters_lead).get(reverse("hiring:onboarding"))
    body = response.content.decode()
    # Due on days 1, 2, 3 after the start: the first done, the two others overdue.
    assert body.count('data-testid="overdue"') == 2
    assert str(people.hunter2) in body
    assert (
        client_for(people.farmers_lead).get(reverse("hiring:onboarding")).context["checklists"]
        == []
    )
    assert client_for(people.hunter2).get(reverse("hiring:onboarding")).status_code == 403


def test_the_new_manager_sees_and_ticks_his_own_checklist(people):
    onboarding_start(user=people.hunter2, start_on=timezone.localdate(), acting_user=people.head)
    client = client_for(people.hunter2)
    page = client.get(reverse("hiring:onboarding_mine"))
    assert len(page.context["checklist"].items) == 7
    item = OnboardingItem.objects.filter(user=people.hunter2).first()
    client.post(reverse("hiring:onboarding_tick", args=[item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.done_by == people.hunter2
    # Another manager's item does not exist for him.
    other = client_for(people.hunter1).post(reverse("hiring:onboarding_tick", args=[item.pk]))
    assert other.status_code == 404
    assert (
        reverse("hiring:onboarding_mine") in client.get(reverse("control:my_work")).content.decode()
    )


def test_only_configurers_edit_the_portrait(people):
    url = reverse("hiring:setup", args=["portrait"])
    assert client_for(people.hunters_lead).get(url).status_code == 403
    client = client_for(people.head)
    page = client.get(url)
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(len(formset.forms)),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if hasattr(value, "pk"):
                value = value.pk
            if value is not None and name != "DELETE":
                data[f"form-{i}-{name}"] = value
    extra = formset.initial_form_count()
    data |= {
        f"form-{extra}-position": "tele_sales",
        f"form-{extra}-name": "Голос",
        f"form-{extra}-weight": "2",
        f"form-{extra}-order": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["formset"].errors
    from otdel.hiring.models import PortraitCriterion

    assert PortraitCriterion.objects.filter(position="tele_sales", name="Голос").exists()


def _scored(people, candidate):
    """Interviewed and scored 5, 4, 3, 2, 1 against the hunter's portrait: 3.40."""
    from otdel.hiring import selectors
    from otdel.hiring.models import Stage
    from otdel.hiring.services import candidate_move, candidate_record, candidate_score

    head = people.head
    candidate = candidate_move(candidate=candidate, to=Stage.PHONE, acting_user=head)
    candidate_record(candidate=candidate, changes={"phone_notes": "ок"}, acting_user=head)
    candidate = candidate_move(candidate=candidate, to=Stage.INTERVIEW, acting_user=head)
    portrait = selectors.portrait_for(candidate.vacancy.position)
    scores = dict(zip([c.pk for c in portrait], [5, 4, 3, 2, 1], strict=True))
    return candidate_score(candidate=candidate, scores=scores, acting_user=head)


@pytest.mark.parametrize(
    ("language", "score", "other"), [("ru", "3,4", "3.4"), ("en", "3.4", "3,4")]
)
def test_the_candidates_score_reads_in_the_readers_language(
    people, candidate, language, score, other
):
    from otdel.org.models import User

    candidate = _scored(people, candidate)
    User.objects.filter(pk=people.head.pk).update(language=language)
    client = client_for(people.head)
    page = client.get(reverse("hiring:candidate", args=[candidate.pk])).content.decode()
    badge = page[page.index('data-testid="candidate-score"') :].split("</span>")[0]
    assert f"{score} / 5" in badge
    events = page[page.index('data-testid="events"') :]
    assert score in events and other not in events
    vacancy = client.get(reverse("hiring:vacancy", args=[candidate.vacancy_id])).content.decode()
    assert score in vacancy and other not in vacancy


def test_the_candidates_name_is_labelled_as_a_persons(people, vacancy):
    page = client_for(people.head).get(reverse("hiring:vacancy", args=[vacancy.pk]))
    label = page.content.decode().split('for="id_full_name">')[1].split("</label>")[0]
    assert label == "ФИО"


def test_hiring_labels_have_no_trailing_colon_as_elsewhere(people, candidate):
    onboarding_start(user=people.hunter2, start_on=timezone.localdate(), acting_user=people.head)
    client = client_for(people.head)
    pages = [
        reverse("hiring:vacancy_new"),
        reverse("hiring:vacancy", args=[candidate.vacancy_id]),
        reverse("hiring:candidate", args=[candidate.pk]),
        reverse("hiring:onboarding"),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "</label>" in page, url
        assert ":</label>" not in page, url


def test_a_refused_candidate_form_comes_back_with_what_was_typed(people, two_vacancies):
    hunters, _farmers = two_vacancies
    client = client_for(people.head)
    typed = {"full_name": "Петров Пётр", "phone": "+7 912 000-00-00", "email": "не почта"}
    response = client.post(reverse("hiring:candidate_add", args=[hunters.pk]), typed, follow=True)
    page = response.content.decode()
    assert "Эл. почта" in " ".join(str(m) for m in response.context["messages"])
    assert 'value="Петров Пётр"' in page
    assert 'value="+7 912 000-00-00"' in page
    assert hunters.candidates.count() == 1  # nothing was added
    again = client.get(reverse("hiring:vacancy", args=[hunters.pk])).content.decode()
    assert 'value="Петров Пётр"' not in again  # kept for the one page that follows


def test_the_onboarding_items_due_wait_on_the_newcomers_work(people):
    onboarding_start(
        user=people.hunter2,
        start_on=timezone.localdate() - timedelta(days=30),
        acting_user=people.head,
    )
    work = reverse("control:my_work")
    page = client_for(people.hunter2).get(work).content.decode()
    due = OnboardingItem.objects.filter(user=people.hunter2, due_on__lte=timezone.localdate())
    assert due.exists() and all(item.title in page for item in due)
    assert (
        'data-testid="work-onboarding"' not in client_for(people.hunter1).get(work).content.decode()
    )
    for item in due:
        onboarding_tick(item=item, done=True, acting_user=people.hunter2)
    assert (
        'data-testid="work-onboarding"' not in client_for(people.hunter2).get(work).content.decode()
    )


@pytest.mark.parametrize(
    ("language", "words", "other"),
    [
        ("ru", "телефонное интервью: ответы и заметки, заметки собеседования", "interview notes"),
        ("en", "phone interview: answers and notes, interview notes", "заметки собеседования"),
    ],
)
def test_the_fields_a_record_changed_read_in_the_readers_language(
    people, candidate, language, words, other
):
    from otdel.org.models import User

    # Written by a head reading Russian, read by one in either language.
    with translation.override("ru"):
        candidate_record(
            candidate=candidate,
            changes={"phone_notes": "Продавал 3 года", "interview_notes": "Спокоен"},
            acting_user=people.head,
        )
    User.objects.filter(pk=people.head.pk).update(language=language)
    page = client_for(people.head).get(reverse("hiring:candidate", args=[candidate.pk]))
    events = page.content.decode().split('data-testid="events"')[1]
    assert words in events and other not in events
