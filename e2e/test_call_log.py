"""A call logged in one form from My work: the dialog opens by the keyboard or the row's link,
a missing next step is named with the typed result kept, and the next step shows in the row."""

import datetime as dt

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from otdel.algorithm.selectors import working_list
from otdel.org.models import User

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_call_is_logged_in_one_form_from_my_work(page, demo):
    hunter1 = User.objects.get(username="hunter1")
    # A company whose only open step is a planned call, so the step typed here is its next.
    company = (
        working_list(hunter1)
        .annotate(open=Count("activities", filter=Q(activities__done_at__isnull=True)))
        .filter(open=1, activities__done_at__isnull=True, activities__kind="call")
        .first()
    )
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/work/")
    page.get_by_test_id(f"call-log-{company.pk}").click()
    dialog = page.get_by_test_id("call-log-dialog")
    dialog.wait_for(state="visible")
    form = dialog.get_by_test_id("call-log-form")
    # The call made is the planned one (the form preselects it only while it is due today: the
    # demo plans it two hours ahead, which late in the evening is tomorrow).
    planned = company.activities.get(done_at__isnull=True, kind="call")
    form.locator("select[name=planned]").select_option(str(planned.pk))
    form.locator("textarea[name=result]").fill("Дозвонились до ЛПР, просят прайс")
    # Sent with no next step: refused, the field named, what was typed kept.
    form.locator("textarea[name=result]").press("Control+Enter")
    errors = dialog.get_by_test_id("call-log-errors")
    errors.wait_for(state="visible")
    assert "Следующий шаг: когда" in errors.inner_text()
    form = dialog.get_by_test_id("call-log-form")
    assert form.locator("textarea[name=result]").input_value() == (
        "Дозвонились до ЛПР, просят прайс"
    )
    shoot(page, "hunter1-call-log-refused-ru")
    when = timezone.localdate() + dt.timedelta(days=1)
    form.locator("select[name=next_kind]").select_option("email")
    form.locator("input[name=next_due_at]").fill(f"{when:%Y-%m-%d}T10:00")
    subject = form.locator("input[name=next_subject]")
    subject.fill("Выслать прайс")
    with page.expect_navigation():
        subject.press("Enter")
    row = page.get_by_test_id("working-list").locator(
        "tr", has=page.get_by_test_id(f"call-log-{company.pk}")
    )
    assert "Выслать прайс" in row.inner_text()
    assert "Звонок записан" in page.locator("main").inner_text()
    shoot(page, "hunter1-call-logged-ru")
    call = company.activities.get(result="Дозвонились до ЛПР, просят прайс")
    assert call.kind == "call" and call.done_at is not None


def test_keys_go_to_the_search_and_open_the_call_but_not_while_typing(page, demo):
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/work/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "global-search"
    page.keyboard.type("c/")
    assert page.locator("#global-search").input_value() == "c/"
    assert not page.get_by_test_id("call-log-dialog").is_visible()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("c")
    page.get_by_test_id("call-log-dialog").wait_for(state="visible")
    assert page.evaluate("document.activeElement.name") == "result"
    page.keyboard.press("Escape")
    page.get_by_test_id("call-log-dialog").wait_for(state="hidden")
    # Where the focus goes back after a dialog varies with the browser's timing; "?" is
    # pressed outside any field, as a user reading the page would.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("?")
    assert "Ctrl+Enter" in page.locator("dialog[open]").inner_text()
