"""The head reads Control in a minute and follows a figure to the list behind it (issue 16)."""

import re

import pytest

from otdel.base.models import Company

from .conftest import shoot
from .test_smoke import log_in, total_on_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_head_follows_a_figure_from_control_to_its_list_and_reviews_a_list(page, demo):
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
