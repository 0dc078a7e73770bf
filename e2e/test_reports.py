"""A manager sees his own funnel (issue 16, item 5); the head's reading of the funnel and the
weekly report is part of his week's walk, e2e/test_head_week.py."""

import pytest

from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_sees_his_own_funnel(page, demo):
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/reports/")
    assert page.get_by_label("Менеджер").count() == 0
    assert page.get_by_test_id("funnel-table").locator("tbody tr").count() >= 5
