"""A hunter brings a list: uploads it, reads the preview, imports it, downloads the report."""

import pytest

from otdel.base.models import Company

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def upload(page, demo, listing) -> None:
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/prospects/")
    page.set_input_files("input[name=file]", str(listing))
    page.get_by_test_id("check").click()
    page.wait_for_load_state()


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
    upload(page, demo, listing)
    counts = page.get_by_test_id("counts").inner_text()
    assert "3" in counts
    assert page.get_by_test_id("preview").locator("tr.outcome-conflict").count() == 1
    shoot(page, "hunter1-prospect-preview-ru")
    assert not Company.objects.filter(legal_form="ООО", legal_name="Каскад-Строй").exists()

    page.get_by_test_id("commit").click()
    page.wait_for_load_state()
    new = Company.objects.get(legal_form="ООО", legal_name="Каскад-Строй")
    assert new.owner.username == "hunter1"

    with page.expect_download() as download:
        page.get_by_test_id("report-xlsx").click()
    saved = tmp_path / "report.xlsx"
    download.value.save_as(saved)
    from openpyxl import load_workbook

    names = [row[1] for row in load_workbook(saved).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted([taken.legal_name, "Ошибка"])


def test_columns_chosen_by_hand_then_checked_list_pdf(page, demo, tmp_path):
    listing = tmp_path / "directory.csv"
    listing.write_text("Фирма;Номер\nООО «Вектор-Юг»;8 (861) 200-30-40\n", encoding="utf-8")
    upload(page, demo, listing)
    assert "Фирма" in page.get_by_test_id("error").inner_text()  # the columns it found
    assert page.get_by_test_id("commit").count() == 0
    page.select_option("select[name=name]", "Фирма")
    page.select_option("select[name=phones]", "Номер")
    shoot(page, "hunter1-prospect-columns-ru")
    page.get_by_test_id("save-columns").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("preview").locator("tr.outcome-new").count() == 1
    response = page.request.get(demo + page.get_by_test_id("checked-pdf").get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_progress_bar_while_a_job_runs_then_the_result(page, demo, tmp_path):
    from otdel.prospecting.models import ImportBatch

    listing = tmp_path / "list.csv"
    listing.write_text("Наименование\nООО «Долгая»\n", encoding="utf-8")
    upload(page, demo, listing)
    batch = ImportBatch.objects.get(filename="list.csv")
    ImportBatch.objects.filter(pk=batch.pk).update(job="importing")  # as while a worker imports
    page.reload()
    assert page.locator("progress").count() == 1
    shoot(page, "hunter1-prospect-progress-ru")
    ImportBatch.objects.filter(pk=batch.pk).update(job="")  # the worker is done
    page.get_by_test_id("counts").wait_for(timeout=5000)  # the page polled and reloaded itself
    assert page.locator("progress").count() == 0
