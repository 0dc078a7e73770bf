"""The pilot in the browser (issue 19, item 6): the head reads the comparison kept of the pay
pilot he fixed, is told why a 15-day pilot is refused, and rolls back the running one."""

import re

import pytest

from otdel.pilot.models import Pilot

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_head_reads_a_pilot_comparison_and_rolls_back_the_running_one(page, demo):
    log_in(page, demo, "head")
    page.goto(f"{demo}/pilot/")
    assert page.get_by_test_id("pilots").locator("tbody tr").count() == 2
    fixed = Pilot.objects.get(status="fixed")
    page.get_by_role("link", name=fixed.title).click()
    assert page.get_by_test_id("pilot-status").inner_text() == "закреплено для всех"
    comparison = page.get_by_test_id("comparison")
    revenue = comparison.get_by_test_id("row-revenue").locator("td")
    kept = fixed.snapshot["groups"]
    assert [re.sub(r"\D", "", revenue.nth(i).inner_text().split(",")[0]) for i in range(3)] == [
        kept["pilot"]["revenue_per_manager"],
        kept["control"]["revenue_per_manager"],
        kept["before"]["revenue_per_manager"],
    ]
    assert page.get_by_test_id("funnel").locator("tbody tr").count() >= 5
    assert "Сохранено таким" in page.content()
    events = page.get_by_test_id("pilot-events").inner_text()
    assert "закреплено для всех" in events and "схема оплаты" in events
    assert page.get_by_test_id("pilot-end").count() == 0
    shoot(page, "head-pilot-comparison-ru")

    page.goto(f"{demo}/pilot/new/")
    form = page.get_by_test_id("pilot-form")
    form.locator("input[name=title]").fill("Короткий")
    form.locator("input[name=starts_on]").fill("2026-12-01")
    form.locator("input[name=ends_on]").fill("2026-12-15")
    form.locator("select[name=managers]").select_option(index=0)
    form.locator("button[type=submit]").click()
    assert "15 дн." in page.get_by_test_id("error-ends_on").inner_text()

    running = Pilot.objects.get(status="running")
    page.goto(f"{demo}/pilot/{running.pk}/")
    assert "описание" in page.get_by_test_id("pilot-applied").inner_text()
    end = page.get_by_test_id("pilot-end")
    end.locator("textarea").fill("Рано: клиенты не успевают принять решение")
    page.get_by_test_id("pilot-roll-back").click()
    assert page.get_by_test_id("pilot-status").inner_text() == "откачено"
    running.refresh_from_db()
    assert running.snapshot and running.status == "rolled_back"
