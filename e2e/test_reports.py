"""The head reads the funnel from history and the weekly report, and takes the PDF (issue 16,
items 5 and 6); a manager sees his own funnel."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_head_reads_the_funnel_and_the_weekly_report(page, demo):
    log_in(page, demo, "head")
    page.get_by_role("link", name="Отчёты").first.click()
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
    assert page.get_by_test_id("weekly-black_hole").locator("tbody tr").count() >= 1
    assert "Дмитрий Козлов" in page.get_by_test_id("weekly-managers").inner_text()
    shoot(page, "head-weekly-report-ru")
    href = page.get_by_test_id("weekly-pdf").get_attribute("href")
    response = page.request.get(page.url.split("?")[0] + href)
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)
    assert "Еженедельный отчёт" in text and "Дмитрий Козлов" in text


def test_a_manager_sees_his_own_funnel(page, demo):
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/reports/")
    assert page.get_by_label("Менеджер").count() == 0
    assert page.get_by_test_id("funnel-table").locator("tbody tr").count() >= 5
