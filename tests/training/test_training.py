"""Courses and their tests, attempts kept, and each manager's record read by his heads."""

import pytest
from django.urls import reverse

from otdel.refusal import RuleRefused
from otdel.training import selectors
from otdel.training.models import Course, TestAttempt
from otdel.training.selectors import question_keys, register_record_part
from otdel.training.services import attempt_take, course_save, lesson_add, question_add
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def make_course(head, *, audience="all", passing=50) -> Course:
    course = course_save(
        course=None,
        title="Холодный звонок",
        description="",
        audience=audience,
        passing_score=passing,
        active=True,
        acting_user=head,
    )
    lesson_add(course=course, title="ЛПР", text="Выход на ЛПР", material=None, acting_user=head)
    question_add(
        course=course, text="С кем?", options="Секретарь\n*ЛПР", multiple=False, acting_user=head
    )
    question_add(
        course=course,
        text="Что в конце?",
        options="*Следующий шаг\n*Материал\nСчёт",
        multiple=True,
        acting_user=head,
    )
    return course


def answers(course: Course, right: int) -> dict[int, list[int]]:
    chosen = {}
    for n, key in enumerate(question_keys(course)):
        chosen[key.id] = sorted(key.correct) if n < right else sorted(key.options - key.correct)
    return chosen


@pytest.fixture
def course(people):
    return make_course(people.head)


def test_an_attempt_is_scored_and_every_attempt_kept(people, course):
    failed = attempt_take(course=course, answers=answers(course, 0), acting_user=people.hunter1)
    half = attempt_take(course=course, answers=answers(course, 1), acting_user=people.hunter1)
    full = attempt_take(course=course, answers=answers(course, 2), acting_user=people.hunter1)
    assert [(a.score, a.passed) for a in (failed, half, full)] == [
        (0, False),
        (50, True),
        (100, True),
    ]
    assert TestAttempt.objects.filter(person=people.hunter1).count() == 3


def test_every_question_is_answered(people, course):
    first = question_keys(course)[0]
    with pytest.raises(RuleRefused) as refused:
        attempt_take(course=course, answers={first.id: [1]}, acting_user=people.hunter1)
    assert refused.value.field == "answers"
    assert not TestAttempt.objects.exists()


def test_a_course_for_hunters_is_not_a_farmers(people):
    course = make_course(people.head, audience="hunters")
    with pytest.raises(RuleRefused):
        attempt_take(course=course, answers=answers(course, 2), acting_user=people.farmer1)
    assert (
        client_for(people.farmer1).get(reverse("training:course", args=[course.pk])).status_code
        == 404
    )
    assert attempt_take(course=course, answers=answers(course, 2), acting_user=people.hunter1)


def test_a_question_has_its_correct_answers_marked(people, course, english):
    with pytest.raises(RuleRefused, match="Mark the correct answer"):
        question_add(
            course=course, text="?", options="А\nБ", multiple=False, acting_user=people.head
        )
    with pytest.raises(RuleRefused, match="one correct answer"):
        question_add(
            course=course, text="?", options="*А\n*Б", multiple=False, acting_user=people.head
        )
    with pytest.raises(RuleRefused, match="at least two"):
        question_add(course=course, text="?", options="*А", multiple=False, acting_user=people.head)


def test_only_leaders_edit_courses(people, course):
    with pytest.raises(RuleRefused):
        course_save(
            course=course,
            title="Моё",
            description="",
            audience="all",
            passing_score=0,
            active=True,
            acting_user=people.hunter1,
        )
    course_save(
        course=course,
        title="Новое",
        description="",
        audience="all",
        passing_score=90,
        active=True,
        acting_user=people.hunters_lead,
    )
    course.refresh_from_db()
    assert (course.title, course.passing_score) == ("Новое", 90)


def test_the_test_page_scores_the_posted_answers(people, course):
    client = client_for(people.hunter1)
    data = {f"q{key}": value for key, value in answers(course, 2).items()}
    response = client.post(reverse("training:course", args=[course.pk]), data, follow=True)
    assert "100%" in response.content.decode()
    assert TestAttempt.objects.get(person=people.hunter1).passed


@pytest.mark.parametrize(
    ("reader", "record_of", "status"),
    [
        ("hunter1", "hunter1", 200),
        ("hunter1", "hunter2", 404),
        ("hunters_lead", "hunter1", 200),
        ("hunters_lead", "farmer1", 404),  # another department's manager
        ("farmers_lead", "farmer1", 200),
        ("head", "farmer1", 200),
        ("owner", "hunter2", 200),
        ("pm1", "hunter1", 403),
        ("outsider", "hunter1", 403),
    ],
)
def test_a_record_is_read_by_its_manager_and_his_departments_heads(
    people, course, reader, record_of, status
):
    person = getattr(people, record_of)
    attempt_take(course=course, answers=answers(course, 2), acting_user=person)
    response = client_for(getattr(people, reader)).get(reverse("training:record", args=[person.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Холодный звонок" in response.content.decode()


def test_the_record_shows_passed_and_failed_courses_with_scores(people, course):
    other = make_course(people.head, passing=100)
    other.title = "Работа с клиентом"
    other.save()
    attempt_take(course=course, answers=answers(course, 0), acting_user=people.hunter1)
    attempt_take(course=course, answers=answers(course, 2), acting_user=people.hunter1)
    attempt_take(course=other, answers=answers(other, 1), acting_user=people.hunter1)
    results = {r.course.title: r for r in selectors.record(people.hunter1)}
    assert (results["Холодный звонок"].best.score, results["Холодный звонок"].best.passed) == (
        100,
        True,
    )
    assert results["Холодный звонок"].attempts == 2
    assert (results["Работа с клиентом"].best.score, results["Работа с клиентом"].best.passed) == (
        50,
        False,
    )
    assert selectors.record(people.hunter2) == []


def test_other_apps_add_parts_to_the_record(people, monkeypatch):
    monkeypatch.setattr(selectors, "_RECORD_PARTS", {})
    register_record_part("training/_test_part.html", lambda person: {"who": person.username})
    assert selectors.record_parts(people.hunter1) == [
        ("training/_test_part.html", {"who": "hunter1"})
    ]


def test_the_people_list_shows_a_heads_departments_only(people, course):
    html = client_for(people.hunters_lead).get(reverse("training:people")).content.decode()
    assert str(people.hunter1) in html and str(people.farmer1) not in html


def test_the_record_shows_the_managers_scored_drills_and_his_onboarding(people):
    from datetime import timedelta

    from django.utils import timezone

    from otdel.hiring.models import OnboardingItem
    from otdel.playbook.models import Drill, Objection

    objection = Objection.objects.create(words="Дорого", search_text=" дорого ")
    Drill.objects.create(
        objection=objection,
        manager=people.hunter1,
        trainer=people.hunters_lead,
        answer_text="Сравним стоимость владения",
        score=4,
        comment="Хорошо, но без цифр",
        scored_by=people.hunters_lead,
        scored_at=timezone.now(),
    )
    Drill.objects.create(objection=objection, manager=people.hunter1, trainer=people.head)
    today = timezone.localdate()
    OnboardingItem.objects.create(
        user=people.hunter1, title="Изучить скрипты", due_on=today - timedelta(days=1)
    )
    OnboardingItem.objects.create(
        user=people.hunter1, title="Сдать тест по продукту", due_on=today, done_at=timezone.now()
    )
    page = client_for(people.hunters_lead).get(reverse("training:record", args=[people.hunter1.pk]))
    html = page.content.decode()
    drills = html[html.index('data-testid="record-drills"') :]
    assert "«Дорого»" in drills and "Хорошо, но без цифр" in drills
    assert drills.count("«Дорого»") == 1  # the drill not scored yet is not on the record
    onboarding = html[html.index('data-testid="record-onboarding"') :]
    assert "Изучить скрипты" in onboarding and "✓ Сдать тест по продукту" in onboarding
    assert 'class="overdue"' in onboarding
    # Another manager's record has neither.
    other = client_for(people.head).get(reverse("training:record", args=[people.hunter2.pk]))
    assert "Изучить скрипты" not in other.content.decode()
