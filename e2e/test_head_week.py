"""The head's week in one walk (issue 16): he reads Control, follows a figure to the list
behind it and reviews a manager's working list; reviews a recorded call and scores it; holds
the hunters' weekly meeting from its generated agenda, a decision becoming a task; reads the
funnel and the weekly report and takes its PDF; then reads the same pages in English."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from otdel.algorithm.models import Activity
from otdel.base.models import Company
from otdel.meetings.models import CallReview, Meeting

from .conftest import shoot
from .test_smoke import log_in, total_on_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_heads_week_in_one_walk(page, demo):
    control_to_a_list_and_a_review(page, demo)
    a_recorded_call_scored(page, demo)
    the_weekly_meeting_from_its_agenda(page, demo)
    the_funnel_and_the_weekly_report(page, demo)
    # The same week in English: the head switches his language in the user's menu.
    page.click(".user-menu > summary")
    page.click("button[name=language][value=en]")
    page.goto(f"{demo}/control/")
    assert "Control" in page.locator("h1").first.inner_text()
    shoot(page, "head-control-en")
    page.goto(f"{demo}/reports/week/")
    assert page.get_by_test_id("weekly-managers").count() == 1
    shoot(page, "head-weekly-report-en")
    pdf = page.request.get(f"{demo}/reports/week/?format=pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf.body())).pages)
    assert "Weekly report" in text


def control_to_a_list_and_a_review(page, demo) -> None:
    page.context.clear_cookies()
    log_in(page, demo, "head")
    page.goto(f"{demo}/control/")
    rows = page.get_by_test_id("managers").locator("tbody tr")
    # Worst first: the first line carries the most figures in red.
    alerts = [
        int(badge.inner_text()) if badge.count() else 0
        for badge in (rows.nth(i).locator(".badge.danger") for i in range(rows.count()))
    ]
    assert alerts == sorted(alerts, reverse=True) and alerts[0] > 0
    shoot(page, "head-control-ru")
    figure = page.get_by_test_id("overdue-step-hunter2")
    shown = int(figure.inner_text())
    figure.click()
    page.wait_for_url(re.compile(r".*/companies/\?.*attention=overdue_step"))
    assert total_on_page(page) == shown
    owned = Company.objects.filter(owner__username="hunter2").values_list("legal_name", flat=True)
    table = page.locator("table").first.inner_text()
    assert any(name in table for name in owned)
    # Back on Control, the review of a manager: the head marks it done, the manager reads it.
    page.goto(f"{demo}/control/")
    page.get_by_test_id("row-hunter2").get_by_role("link").first.click()
    page.fill("textarea[name=comment]", "Назначить следующие шаги по просроченным компаниям.")
    page.get_by_test_id("review-form").get_by_role("button").click()
    history = page.get_by_test_id("review-history")
    assert "Назначить следующие шаги" in history.inner_text()
    shoot(page, "head-review-ru")
    page.context.clear_cookies()
    log_in(page, demo, "hunter2")
    page.get_by_test_id("my-review").click()
    assert "Назначить следующие шаги" in page.get_by_test_id("review-history").inner_text()
    assert page.get_by_test_id("review-form").count() == 0


def a_recorded_call_scored(page, demo) -> None:
    page.context.clear_cookies()
    log_in(page, demo, "head")
    page.goto(f"{demo}/meetings/reviews/")
    queue = page.get_by_test_id("review-queue")
    assert queue.locator("tbody tr").count() >= 5  # calls of every hunter this week
    shoot(page, "head-call-review-queue-ru")
    call = Activity.objects.get(recording__file__startswith="recordings/")
    CallReview.objects.filter(activity=call).delete()
    page.goto(f"{demo}/meetings/calls/{call.pk}/")
    audio = page.get_by_test_id("audio")
    assert audio.count() == 1
    # The player's source answers with the sound, to the head who may hear it.
    response = page.request.get(f"{demo}/meetings/calls/{call.pk}/audio/")
    assert response.ok and response.headers["content-type"] == "audio/wav"
    assert response.body()[:4] == b"RIFF"
    form = page.get_by_test_id("review-form")
    boxes = form.locator("input[type=checkbox]")
    for i in range(boxes.count() - 1):
        boxes.nth(i).check()
    form.locator("textarea").fill("Не договорились о следующем шаге с датой")
    page.get_by_test_id("review-save").click()
    assert page.get_by_test_id("score").inner_text() == "80 %"
    shoot(page, "head-call-scored-ru")
    review = CallReview.objects.get(activity=call)
    assert review.score == 80 and review.comment.startswith("Не договорились")
    # The manager reads the head's comment on his call; another manager cannot hear it.
    page.context.clear_cookies()
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/meetings/calls/{call.pk}/")
    assert "Не договорились" in page.get_by_test_id("review-comment").inner_text()
    page.context.clear_cookies()
    log_in(page, demo, "hunter2")
    assert page.request.get(f"{demo}/meetings/calls/{call.pk}/audio/").status == 404


def the_weekly_meeting_from_its_agenda(page, demo) -> None:
    page.context.clear_cookies()
    log_in(page, demo, "head")
    page.goto(f"{demo}/meetings/")
    create = page.get_by_test_id("meeting-create")
    create.locator("select[name=kind]").select_option("weekly")
    create.locator("select[name=department]").select_option(label="Отдел активных продаж")
    create.get_by_role("button").click()
    page.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.order_by("-pk").first()
    agenda = page.get_by_test_id("agenda")
    assert agenda.get_by_test_id("agenda-behind").count() >= 1
    assert agenda.get_by_test_id("agenda-black-hole").count() >= 1
    assert agenda.get_by_test_id("agenda-expiring").count() >= 1
    page.get_by_test_id("present-hunter1").check()
    page.get_by_test_id("present-hunter2").check()
    page.locator("textarea[name=notes]").fill("Счета по «чёрной дыре» — до пятницы")
    page.get_by_test_id("held").check()
    page.get_by_test_id("meeting-save").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("meeting-held").count() == 1
    decision = page.get_by_test_id("decision-form")
    decision.locator("input[name=text]").fill("Выставить счёт")
    company_id = int(decision.locator("select[name=company] option").first.get_attribute("value"))
    owner = Company.objects.get(pk=company_id).owner
    decision.locator("select[name=owner]").select_option(str(owner.pk))
    decision.locator("input[name=due_on]").fill(meeting.held_on.isoformat())
    decision.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("decision").count() == 1
    shoot(page, "head-weekly-meeting-ru")
    task = meeting.decisions.get().task
    assert (task.assignee, task.company_id, task.subject) == (owner, company_id, "Выставить счёт")
    assert {a.person.username for a in meeting.attendance.filter(present=True)} == {
        "hunter1",
        "hunter2",
    }


def the_funnel_and_the_weekly_report(page, demo) -> None:
    page.context.clear_cookies()
    log_in(page, demo, "head")
    page.get_by_test_id("leading-menu").locator("summary").click()  # the leaders' pages
    page.get_by_role("link", name="Отчёты").first.click()
    # The click returns once the next page has begun to load; its table is counted when loaded.
    page.wait_for_load_state()
    table = page.get_by_test_id("funnel-table")
    assert table.locator("tbody tr").count() >= 5
    entered = int(table.locator("tr[data-state='contact_1'] td").nth(1).inner_text())
    assert entered > 0
    assert page.get_by_test_id("funnel-chart").locator("rect.fact").count() >= 5
    shoot(page, "head-funnel-ru")
    page.get_by_label("Менеджер").select_option(label="Дмитрий Козлов")
    page.get_by_test_id("funnel-filters").get_by_role("button", name="Показать").click()
    page.wait_for_url("**manager=**")
    page.get_by_role("button", name="Еженедельный отчёт").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("weekly-black_hole").locator("tbody tr").count() >= 1
    assert "Дмитрий Козлов" in page.get_by_test_id("weekly-managers").inner_text()
    shoot(page, "head-weekly-report-ru")
    href = page.get_by_test_id("weekly-pdf").get_attribute("href")
    response = page.request.get(page.url.split("?")[0] + href)
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)
    assert "Еженедельный отчёт" in text and "Дмитрий Козлов" in text
