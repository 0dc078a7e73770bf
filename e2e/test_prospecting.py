"""A hunter brings a list: uploads it, reads the preview, imports it, downloads the report."""

import pytest
from django.core.management import call_command

from otdel.base.models import Company

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server):
    call_command("demo", verbosity=0)
    return live_server.url


def test_upload_preview_import_and_report(page, demo, tmp_path):
    taken = Company.objects.filter(owner__username="hunter2", section="").first()
    listing = tmp_path / "2gis.csv"
    listing.write_text(
        "Наименование;ИНН;Телефон\n"
        "ООО «Каскад-Строй»;;8 (343) 222-33-44\n"
        f"{taken.legal_name};;\n"
        "Ошибка;7707083894;\n",
        encoding="cp1251",
    )
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/prospects/")
    page.set_input_files("input[name=file]", str(listing))
    page.get_by_test_id("check").click()
    page.wait_for_load_state()
    counts = page.get_by_test_id("counts").inner_text()
    assert "3" in counts
    assert page.get_by_test_id("preview").locator("tr.outcome-conflict").count() == 1
    shoot(page, "hunter1-prospect-preview-ru")
    assert not Company.objects.filter(legal_name="ООО «Каскад-Строй»").exists()

    page.get_by_test_id("commit").click()
    page.wait_for_load_state()
    new = Company.objects.get(legal_name="ООО «Каскад-Строй»")
    assert new.owner.username == "hunter1"

    with page.expect_download() as download:
        page.get_by_test_id("report-xlsx").click()
    saved = tmp_path / "report.xlsx"
    download.value.save_as(saved)
    from openpyxl import load_workbook

    names = [row[1] for row in load_workbook(saved).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted([taken.legal_name, "Ошибка"])
