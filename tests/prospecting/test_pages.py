"""Checking a list in the browser's pages: upload, preview, import, report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from otdel.base.models import Company, Source
from otdel.prospecting.models import ColumnMapping, ImportBatch
from tests.conftest import client_for
from tests.factories import CompanyFactory

DATA = "Наименование;ИНН;Телефон\nООО «Новая»;;8 495 111-22-33\nГамма;;\nПлохая;7707083894;\n"


def upload(client, data: str = DATA, name: str = "list.csv", **fields):
    file = SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("prospecting:list"), {"file": file, **fields})


def test_preview_then_import_then_report(people):
    CompanyFactory(legal_name="Гамма", owner=people.hunter2, section="")
    client = client_for(people.hunter1)
    response = upload(client)
    batch = ImportBatch.objects.get()
    assert response.url == reverse("prospecting:detail", args=[batch.pk])
    assert not batch.committed
    # A preview writes none.
    assert not Company.objects.filter(legal_form="ООО", legal_name="Новая").exists()
    page = client.get(response.url).content.decode()
    assert "Строк: 3" in page
    assert str(people.hunter2) in page  # whose the struck-off company is
    client.post(reverse("prospecting:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.committed, batch.created, batch.conflicts, batch.rejected) == (True, 1, 1, 1)
    assert Company.objects.get(legal_form="ООО", legal_name="Новая").owner == people.hunter1
    assert bytes(batch.content) == b""
    report = client.get(reverse("prospecting:report_csv", args=[batch.pk])).content.decode(
        "utf-8-sig"
    )
    assert "Гамма" in report and "Плохая" in report and "Новая" not in report
    again = client.post(reverse("prospecting:commit", args=[batch.pk]), follow=True)
    assert Company.objects.filter(legal_form="ООО", legal_name="Новая").count() == 1
    assert again.status_code == 200


def test_unreadable_file_is_explained_on_the_form(people):
    response = upload(client_for(people.hunter1), data="")
    assert response.status_code == 200
    assert "пуст" in " ".join(response.context["form"].errors["file"])
    assert not ImportBatch.objects.exists()


def test_columns_are_chosen_on_the_page_and_remembered_for_the_source(people):
    source = Source.objects.create(name="Справочник")
    client = client_for(people.hunter1)
    data = "Фирма;Номер;Отрасль;Кто\nООО «Альфа»;+7 495 111-22-33;Логистика;Иванов Иван\n"
    batch_url = upload(client, data=data, source=source.pk).url
    page = client.get(batch_url)
    assert "Нет столбца с названием компании" in page.content.decode()  # and no Import button
    assert 'data-testid="commit"' not in page.content.decode()
    chosen = {"name": "Фирма", "phones": "Номер", "category": "Отрасль", "contact": "Кто"}
    page = client.post(batch_url, chosen, follow=True)
    assert "Строк: 1; новых 1" in page.content.decode()
    assert ColumnMapping.objects.get(source=source).columns == chosen

    second = upload(client, data=data, source=source.pk).url  # the next file of that source
    client.post(reverse("prospecting:commit", args=[second.split("/")[-2]]))
    company = Company.objects.get(legal_form="ООО", legal_name="Альфа")
    assert company.phones.get().number == "+74951112233"
    assert (company.category.name, company.contacts.get().full_name) == ("Логистика", "Иванов Иван")


def test_one_column_cannot_be_two_fields(people):
    client = client_for(people.hunter1)
    batch_url = upload(client).url
    page = client.post(batch_url, {"name": "Наименование", "tax_id": "Наименование"})
    assert "уже" in " ".join(page.context["columns_form"].errors["tax_id"])


def test_checked_list_for_the_head_and_for_the_manager(people):
    CompanyFactory(legal_name="Гамма", owner=people.hunter2, section="")
    upload(client_for(people.hunter1))
    batch = ImportBatch.objects.get()
    head = client_for(people.head)
    pdf = head.get(reverse("prospecting:checked_pdf", args=[batch.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from openpyxl import load_workbook

    def sheet(client, audience):
        url = reverse("prospecting:checked_xlsx", args=[batch.pk]) + f"?for={audience}"
        rows = load_workbook(BytesIO(client.get(url).content)).active.iter_rows(values_only=True)
        return [list(r) for r in rows]

    everything = sheet(head, "head")
    assert [r[1] for r in everything[1:]] == ["ООО «Новая»", "Гамма", "Плохая"]
    assert str(people.hunter2) in everything[2][4]
    to_call = sheet(client_for(people.hunter1), "manager")
    assert [r[1] for r in to_call[1:]] == ["ООО «Новая»"]
    assert to_call[1][4] == "8 495 111-22-33"


def test_a_manager_sees_only_his_own_lists(people):
    upload(client_for(people.hunter1))
    batch = ImportBatch.objects.get()
    assert (
        client_for(people.hunter2).get(reverse("prospecting:detail", args=[batch.pk])).status_code
        == 404
    )
    assert (
        client_for(people.head).get(reverse("prospecting:detail", args=[batch.pk])).status_code
        == 200
    )


def test_a_manager_cannot_import_into_someone_elses_list(people):
    response = upload(client_for(people.hunter1), owner=people.hunter2.pk)
    assert "owner" in response.context["form"].errors
    assert not ImportBatch.objects.exists()
    upload(client_for(people.hunter1))
    assert ImportBatch.objects.get().owner == people.hunter1


def test_a_long_list_is_checked_and_imported_by_a_job(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("otdel.prospecting.services.SYNC_ROWS", 2)
    client = client_for(people.hunter1)
    with django_capture_on_commit_callbacks(execute=True) as jobs:
        upload(client)
    batch = ImportBatch.objects.get()
    assert len(jobs) == 1  # the check ran as a job (inline in tests)
    assert (batch.job, batch.rows, batch.created) == ("", 3, 2)
    assert batch.lines.count() == 3

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(reverse("prospecting:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.job == "importing" and not batch.committed
    page = client.get(reverse("prospecting:detail", args=[batch.pk])).content.decode()
    assert 'data-testid="job"' in page and "<progress" in page
    poll = client.get(reverse("prospecting:progress", args=[batch.pk]))
    assert poll.status_code == 200 and b"<progress" in poll.content
    queued[0]()  # the job runs
    batch.refresh_from_db()
    assert (batch.job, batch.committed, batch.created) == ("", True, 2)
    done = client.get(reverse("prospecting:progress", args=[batch.pk]))
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")


def test_a_failed_job_says_why_and_writes_nothing(people, monkeypatch):
    from otdel.prospecting import tasks

    client = client_for(people.hunter1)
    upload(client)
    batch = ImportBatch.objects.get()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "batch_commit", broken)
    ImportBatch.objects.filter(pk=batch.pk).update(job="importing")
    with pytest.raises(RuntimeError):
        tasks.import_list.call_local(batch.pk, people.hunter1.pk)
    batch.refresh_from_db()
    assert (batch.job, batch.error, batch.committed) == ("", "disk full", False)
    assert not Company.objects.filter(legal_form="ООО", legal_name="Новая").exists()


def test_the_import_job_run_again_imports_nothing_twice_and_reports_no_error(people, monkeypatch):
    """A job retried after it finished, or taken by two consumers: the list is imported once."""
    from otdel.prospecting import tasks

    upload(client_for(people.hunter1))
    ImportBatch.objects.update(job="importing")
    stale = ImportBatch.objects.get()  # as a second consumer read it before the first committed
    tasks.import_list.call_local(stale.pk, people.hunter1.pk)
    batch = ImportBatch.objects.get()
    assert (batch.committed, batch.created, batch.error) == (True, 2, "")
    companies = Company.objects.count()

    tasks.import_list.call_local(batch.pk, people.hunter1.pk)  # retried after it finished
    # The second consumer, past the check when the first committed: batch_commit refuses it
    # under the row lock, and the list keeps its result with no error.
    monkeypatch.setattr(tasks.ImportBatch.objects, "get", lambda pk: stale)
    tasks.import_list.call_local(batch.pk, people.hunter1.pk)
    monkeypatch.undo()
    batch.refresh_from_db()
    assert (batch.committed, batch.created, batch.error, batch.job) == (True, 2, "", "")
    assert Company.objects.count() == companies


def test_a_big_file_is_read_by_the_job_not_in_the_request(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("otdel.prospecting.services.SYNC_BYTES", 10)
    client = client_for(people.hunter1)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(client)
    batch = ImportBatch.objects.get()
    # The request only kept the file: nothing was read yet.
    assert (batch.job, batch.headers, batch.lines.count()) == ("checking", [], 0)
    assert response.url == reverse("prospecting:detail", args=[batch.pk])
    queued[0]()
    batch.refresh_from_db()
    assert batch.job == "" and batch.headers == ["Наименование", "ИНН", "Телефон"]
    assert (batch.rows, batch.lines.count()) == (3, 3)


def test_a_big_file_refused_by_the_job_leaves_its_reason_on_the_page(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("otdel.prospecting.services.SYNC_BYTES", 10)
    client = client_for(people.hunter1)
    bad = DATA + "Кома\x00нда;;\n"
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, bad)
    batch = ImportBatch.objects.get()
    assert batch.job == "" and batch.lines.count() == 0
    assert batch.error == (
        "В строке 5 файла list.csv есть символ NUL (двоичные данные): это не таблица с "
        "текстом. Сохраните её заново как CSV или XLSX."
    )
    page = client.get(reverse("prospecting:detail", args=[batch.pk]))
    assert page.status_code == 200
    assert "В строке 5 файла list.csv есть символ NUL" in page.content.decode()


def test_a_nul_in_a_small_file_is_refused_on_the_form_and_keeps_no_batch(people):
    response = upload(client_for(people.hunter1), DATA + "Кома\x00нда;;\n")
    assert response.status_code == 200
    assert "В строке 5 файла list.csv есть символ NUL" in response.content.decode()
    assert not ImportBatch.objects.exists()
