"""The head's week in the browser (issue 16): he reviews a call with a recording and scores it,
and holds the hunters' weekly meeting from its generated agenda, a decision becoming a task."""

import pytest

from otdel.algorithm.models import Activity
from otdel.base.models import Company
from otdel.meetings.models import CallReview, Meeting

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_head_reviews_a_recorded_call_and_scores_it(page, media, demo):
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


def test_the_head_holds_a_weekly_meeting_from_its_agenda(page, demo):
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
    assert page.get_by_test_id("meeting-held").count() == 1
    decision = page.get_by_test_id("decision-form")
    decision.locator("input[name=text]").fill("Выставить счёт")
    company_id = int(decision.locator("select[name=company] option").first.get_attribute("value"))
    owner = Company.objects.get(pk=company_id).owner
    decision.locator("select[name=owner]").select_option(str(owner.pk))
    decision.locator("input[name=due_on]").fill(meeting.held_on.isoformat())
    decision.get_by_role("button").click()
    assert page.get_by_test_id("decision").count() == 1
    shoot(page, "head-weekly-meeting-ru")
    task = meeting.decisions.get().task
    assert (task.assignee, task.company_id, task.subject) == (owner, company_id, "Выставить счёт")
    assert {a.person.username for a in meeting.attendance.filter(present=True)} == {
        "hunter1",
        "hunter2",
    }
