"""The head brings the company's amoCRM in: finds the import in Settings, uploads the export
(Windows-1251, Russian headers), maps a stage of his own pipeline, reads the managers and the
rows not taken, imports, and sees what was brought in."""

import pytest

from otdel.base.models import Company
from otdel.crmimport.models import Export
from otdel.crmimport.samples import export_bytes, make_export
from otdel.deals.models import Deal

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_head_imports_an_amocrm_export_through_the_pages(page, demo, tmp_path):
    headers, rows, expected = make_export(
        Export.AMOCRM, rows=300, seed=7, broken=("stage", "amount")
    )
    export = tmp_path / "amocrm_export.csv"
    export.write_bytes(export_bytes(headers, rows, "cp1251"))
    companies, deals = Company.objects.count(), Deal.objects.count()

    log_in(page, demo, "head")
    page.goto(f"{demo}/settings/")
    page.get_by_test_id("crm-import-link").click()
    page.wait_for_load_state()
    shoot(page, "head-crm-import-upload-ru")
    page.set_input_files("input[name=file]", str(export))
    page.select_option("select[name=source]", "amocrm")
    page.get_by_test_id("check").click()
    page.wait_for_load_state()

    counts = page.get_by_test_id("counts").inner_text()
    assert "300" in counts
    assert "Пауза до весны" in page.get_by_test_id("stages").inner_text()
    assert "будет создан, неактивен" in page.get_by_test_id("managers").inner_text()
    assert "«12 тыс» — не сумма" in page.get_by_test_id("not-taken").inner_text()
    assert Company.objects.count() == companies  # a preview writes nothing

    page.get_by_label("Пауза до весны").select_option("strategic_reserve")
    page.get_by_test_id("save-stages").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("not-taken").locator("tbody tr").count() == 1
    shoot(page, "head-crm-import-preview-ru")

    page.get_by_test_id("commit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("imported").is_visible()
    shoot(page, "head-crm-import-result-ru")
    assert Company.objects.count() == companies + len(expected.companies)
    assert Deal.objects.count() > deals
