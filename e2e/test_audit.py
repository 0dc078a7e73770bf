"""The owner opens the audit of the demo department, follows a finding to its evidence and
downloads the PDF."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_owner_reads_the_audit_and_downloads_the_pdf(page, demo, tmp_path):
    log_in(page, demo, "owner")
    page.goto(f"{demo}/")
    page.get_by_test_id("leading-menu").locator("summary").click()  # the leaders' pages
    page.get_by_role("link", name="Аудит").first.click()
    page.wait_for_load_state()
    # The demo's hunters spent last year's calls on the accounts that already bought.
    finding = page.get_by_test_id("finding-hunters_serving_clients")
    assert "Охотники обслуживают" in finding.inner_text()
    assert page.get_by_test_id("chart-hunters").count() == 1
    assert page.get_by_test_id("finding-stale_prospects").count() == 1
    assert "Разделы базы" in page.get_by_test_id("plan-of-changes").inner_text()
    shoot(page, "owner-audit-ru")

    with page.expect_download() as download:
        page.get_by_test_id("audit-pdf").click()
    saved = tmp_path / "audit.pdf"
    download.value.save_as(saved)
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(saved.read_bytes())).pages)
    assert "Аудит системы продаж" in text
    assert "hunters_serving_clients" in text

    page.get_by_test_id("evidence-stale_prospects").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("evidence").locator("tbody tr").count() > 0
    shoot(page, "owner-audit-evidence-ru")
