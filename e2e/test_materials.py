"""The method taught, in the browser (issue 19, items 1 and 4): a manager sends the stage's
presentation from a company's card and sees it among the company's activities; he takes a
course's test and sees his score."""

import pytest

from otdel.algorithm.models import Activity
from otdel.base.models import Company
from otdel.materials.models import Material
from otdel.training.models import Course, TestAttempt

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_sends_a_material_from_the_card_and_takes_a_test(page, demo):
    deck = Material.objects.get(title__startswith="Презентация компании")
    sent_before = Activity.objects.filter(kind="email", subject__contains=deck.title)
    company = (
        Company.objects.filter(
            owner__username="hunter1",
            section="",
            state="contact_1",
            activities__done_at__isnull=True,
        )
        .exclude(pk__in=sent_before.values("company"))
        .order_by("pk")
        .first()
    )
    assert company is not None
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/companies/{company.pk}/")
    panel = page.get_by_test_id("stage-materials")
    panel.locator("summary").click()
    assert deck.title in panel.inner_text()
    shoot(page, "card-stage-materials-ru")
    page.get_by_test_id(f"send-material-{deck.pk}").locator("button").click()
    page.wait_for_url(f"**/companies/{company.pk}/")
    assert "Отправка записана в компании" in page.locator("body").inner_text()
    activities = page.locator("table").filter(has_text="Отправлен материал")
    assert f"Отправлен материал: {deck.title} (v2)" in activities.inner_text()
    sent = Activity.objects.get(company=company, kind="email", subject__contains=deck.title)
    assert sent.done_at is not None and sent.assignee.username == "hunter1"
    # A file is served to those who may read it; the manager downloads the current version.
    current = deck.versions.first()
    response = page.request.get(f"{demo}/materials/files/{current.pk}/")
    assert response.ok and response.body()[:5] == b"%PDF-"

    course = Course.objects.get(title="Холодный звонок по стандарту")
    page.goto(f"{demo}/training/")
    page.get_by_role("link", name=course.title).click()
    form = page.get_by_test_id("test-form")
    for question in course.questions.prefetch_related("options"):
        for option in question.options.all():
            if option.correct:
                form.locator(f"input[value='{option.pk}']").check()
    form.locator("button[type=submit]").click()
    assert "Ваш результат 100%: сдан." in page.locator("body").inner_text()
    shoot(page, "training-test-passed-ru")
    attempt = TestAttempt.objects.filter(course=course, person__username="hunter1").first()
    assert (attempt.score, attempt.passed) == (100, True)
    page.get_by_role("link", name="Обучение").first.click()
    page.get_by_test_id("my-record").click()
    record = page.get_by_test_id("record")
    assert course.title in record.inner_text() and "100%" in record.inner_text()
