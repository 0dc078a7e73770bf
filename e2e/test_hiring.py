"""Hiring in the browser (issue 19, item 5): the head takes a new response to the hunters'
vacancy through the phone interview, the scored interview and the offer to the hire, and the
candidate becomes a user with his onboarding checklist; a manager sees none of it."""

import pytest

from otdel.hiring.models import Candidate, OnboardingItem, Vacancy
from otdel.org.models import User

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _move(page, stage: str) -> None:
    page.get_by_test_id(f"move-{stage}").click()
    page.wait_for_load_state()


def test_a_candidate_goes_from_response_to_hired_and_becomes_a_user(page, demo):
    vacancy = Vacancy.objects.get(status="open")
    log_in(page, demo, "head")
    page.goto(f"{demo}/hiring/")
    assert page.get_by_test_id("vacancy-row").count() == 2
    shoot(page, "head-hiring-vacancies-ru")
    page.goto(f"{demo}/hiring/vacancies/{vacancy.pk}/")
    form = page.get_by_test_id("candidate-form")
    form.locator("input[name=full_name]").fill("Глеб Ушаков")
    form.locator("input[name=phone]").fill("+7 916 555-00-11")
    page.get_by_test_id("candidate-add").click()
    page.get_by_test_id("stage-response").get_by_text("Глеб Ушаков").click()
    assert page.get_by_test_id("candidate-stage").inner_text() == "Отклик"

    # An interview before the phone call is refused, with the reason on the page.
    _move(page, "phone")
    assert page.get_by_test_id("candidate-stage").inner_text() == "Телефонное интервью"
    _move(page, "interview")
    assert page.get_by_test_id("candidate-stage").inner_text() == "Телефонное интервью"
    assert "ответы телефонного интервью" in page.locator(".message-error").inner_text()
    page.locator("#id_phone_notes").fill("Продавал станки 3 года, 50 звонков в день")
    page.get_by_test_id("record-save").click()
    _move(page, "interview")
    assert page.get_by_test_id("candidate-stage").inner_text() == "Собеседование"

    selects = page.get_by_test_id("criterion")
    for i in range(selects.count()):
        selects.nth(i).select_option("4")
    page.get_by_test_id("score-save").click()
    assert "4 / 5" in page.get_by_test_id("candidate-score").inner_text()  # 4.00 shown plain
    _move(page, "offer")
    assert page.get_by_test_id("candidate-stage").inner_text() == "Оффер"
    shoot(page, "head-candidate-offer-ru")

    page.get_by_test_id("hire-form").locator("input[name=username]").fill("gleb")
    page.get_by_test_id("hire").click()
    assert page.get_by_test_id("candidate-stage").inner_text() == "Принят"
    assert "gleb" in page.get_by_test_id("hired-user").inner_text()
    user = User.objects.get(username="gleb")
    assert (user.position, user.department_id) == (vacancy.position, vacancy.department_id)
    assert Candidate.objects.get(full_name="Глеб Ушаков").user == user
    assert OnboardingItem.objects.filter(user=user).count() == 7
    events = page.get_by_test_id("event")
    assert events.count() >= 6  # response, moves, record, score, hire

    page.goto(f"{demo}/hiring/onboarding/")
    lists = page.get_by_test_id("checklist")
    assert lists.filter(has_text="Глеб Ушаков").count() == 1
    # The demo's newcomer: half done, one item overdue.
    newcomer = lists.filter(has_text="Тимур Алексеев")
    assert newcomer.get_by_test_id("overdue").count() == 1
    shoot(page, "head-onboarding-ru")


def test_a_manager_sees_no_hiring_but_the_newcomer_his_checklist(page, demo):
    log_in(page, demo, "hunter1")
    assert page.locator("a[href='/hiring/']").count() == 0
    response = page.goto(f"{demo}/hiring/")
    assert response.status == 403
    page.context.clear_cookies()
    log_in(page, demo, "newhunter")
    page.goto(f"{demo}/hiring/onboarding/mine/")
    items = page.get_by_test_id("onboarding-item")
    assert items.count() == 7
    open_item = page.get_by_test_id("tick").first
    open_item.click()
    page.wait_for_load_state()
    assert page.get_by_test_id("undo").count() == 5
    shoot(page, "newcomer-onboarding-ru")
