"""The owner sets next month's plan in the browser; the head reads plan and fact (issue 7)."""

import pytest

from otdel.plans.models import PlanStatus, SalesPlan

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_owner_edits_the_copied_plan_and_approves_it(page, demo):
    log_in(page, demo, "owner")
    page.goto(f"{demo}/plans/")
    assert page.get_by_test_id("plans").locator("tbody tr").count() == 2  # this month and next
    draft = SalesPlan.objects.get(status=PlanStatus.DRAFT)
    page.goto(f"{demo}/plans/{draft.pk}/")
    hunter1 = page.get_by_test_id("line-hunter1")
    revenue = hunter1.locator("input[name$=':revenue']")
    assert revenue.input_value() == "500000"
    revenue.fill("600 000")
    page.get_by_role("button", name="Сохранить план").click()
    shortfall = page.get_by_test_id("shortfalls")
    # hunter1 now has more than his share: the department's plan is still covered, so approval
    # goes through; a lowered figure would leave part of the plan to nobody.
    assert shortfall.count() == 0
    page.get_by_test_id("line-hunter2").locator("input[name$=':revenue']").fill("100000")
    page.get_by_role("button", name="Сохранить план").click()
    assert "не распределено по менеджерам" in page.get_by_test_id("shortfalls").inner_text()
    page.get_by_test_id("plan-approve").click()
    assert "не распределено" in page.locator(".message-error").first.inner_text()
    page.get_by_test_id("line-hunter2").locator("input[name$=':revenue']").fill("500000")
    page.get_by_role("button", name="Сохранить план").click()
    page.get_by_test_id("plan-approve").click()
    assert page.get_by_test_id("plan-status").inner_text() == "утверждён"
    shoot(page, "owner-plan-ru")
    draft.refresh_from_db()
    assert draft.is_locked and draft.lines.get(user__username="hunter1").revenue == 600000


def test_the_head_reads_plan_and_fact_with_charts(page, demo):
    log_in(page, demo, "head")
    current = SalesPlan.objects.get(status=PlanStatus.APPROVED)
    page.goto(f"{demo}/plans/{current.pk}/facts/")
    table = page.get_by_test_id("plan-fact")
    assert table.get_by_test_id("facts-company").count() == 1
    assert table.get_by_test_id("facts-hunter1").count() == 1
    assert page.get_by_test_id("chart-weeks").locator("rect.plan").count() >= 4
    assert page.get_by_test_id("funnel").locator(".hbar").count() >= 4
    shoot(page, "head-plan-fact-ru")
    page.get_by_role("link", name="Звонки").click()
    assert "metric=calls" in page.url
    page.get_by_test_id("facts-hunter1").get_by_role("link").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("chart-managers").locator(".hbar").count() >= 1
