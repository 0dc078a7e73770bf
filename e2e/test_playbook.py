"""The playbook in the browser (issue 19): a manager types the client's "дорого" beside the
call form, finds the answers and marks the one he used; the head gives an objection drill, the
manager answers it, the head scores it and it joins the manager's training record."""

import pytest
from playwright.sync_api import expect

from otdel.base.models import Company
from otdel.org.models import User
from otdel.playbook.models import AnswerUse, Drill

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_finds_an_answer_to_dorogo_beside_the_call_form_and_marks_it_used(page, demo):
    hunter1 = User.objects.get(username="hunter1")
    company = Company.objects.filter(owner=hunter1, section="", state="contact_2").first()
    before = AnswerUse.objects.filter(user=hunter1, company=company).count()
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/companies/{company.pk}/")
    panel = page.get_by_test_id("playbook-panel")
    assert panel.is_visible()
    results = panel.get_by_test_id("objection-results")
    # Before anything is typed: the stage's own objections, money ones among them.
    assert "«Нет денег»" in results.inner_text()
    panel.get_by_test_id("objection-search").fill("дорого")
    expect(results.get_by_text("«Нет денег»")).to_have_count(0)
    assert results.locator(".objection").count() == 1
    assert "стоимость владения" in results.inner_text()
    assert "Эффект третьего лица" in results.inner_text()  # a named client as proof
    shoot(page, "hunter1-objection-dorogo-ru")
    first = results.locator("[data-testid^=worked-]").first
    answer_pk = int(first.get_attribute("data-testid").removeprefix("worked-"))
    with page.expect_navigation():
        first.click()
    assert "Использованный ответ записан" in page.locator("main").inner_text()
    assert page.url.endswith(f"/companies/{company.pk}/")
    use = AnswerUse.objects.filter(user=hunter1, company=company).order_by("-pk").first()
    assert AnswerUse.objects.filter(user=hunter1, company=company).count() == before + 1
    assert (use.answer_id, use.worked) == (answer_pk, "yes")


def test_the_head_gives_a_drill_the_manager_answers_and_the_head_scores_it(page, demo):
    hunter5 = User.objects.get(username="hunter5")
    log_in(page, demo, "head")
    page.goto(f"{demo}/playbook/drills/")
    form = page.get_by_test_id("drill-create")
    form.locator("select[name=objection]").select_option(label="Мы подумаем")
    form.locator("select[name=manager]").select_option(str(hunter5.pk))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    drill = Drill.objects.get(manager=hunter5)
    page.context.clear_cookies()
    log_in(page, demo, "hunter5")
    page.goto(f"{demo}/playbook/drills/")
    page.get_by_test_id(f"drill-{drill.pk}").locator("a").first.click()
    answer = page.get_by_test_id("drill-answer-form")
    answer.locator("textarea").fill("Что именно нужно обдумать? Давайте назначим дату решения.")
    with page.expect_navigation():
        answer.locator("button[type=submit]").click()
    assert "Давайте назначим дату решения" in page.get_by_test_id("drill-answer").inner_text()
    page.context.clear_cookies()
    log_in(page, demo, "head")
    page.goto(f"{demo}/playbook/drills/{drill.pk}/")
    score = page.get_by_test_id("drill-score-form")
    score.locator("select[name=score]").select_option("4")
    score.locator("textarea[name=comment]").fill("Хорошо, но без даты звонка")
    with page.expect_navigation():
        score.locator("button[type=submit]").click()
    assert "Оценка: 4 из 5" in page.get_by_test_id("drill-score").inner_text()
    shoot(page, "head-drill-scored-ru")
    page.goto(f"{demo}/playbook/drills/?manager={hunter5.pk}")
    record = page.get_by_test_id("training-record")
    assert "Мы подумаем" in record.inner_text()
    assert "4" in record.get_by_test_id("average-score").inner_text()
    drill.refresh_from_db()
    assert (drill.score, drill.comment, drill.scored_by.username) == (
        4,
        "Хорошо, но без даты звонка",
        "head",
    )
