"""Checking a list in the browser's pages: upload, preview, import, report."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from otdel.base.models import Company
from otdel.prospecting.models import ImportBatch
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
    assert not Company.objects.filter(legal_name="ООО «Новая»").exists()  # a preview writes none
    page = client.get(response.url).content.decode()
    assert "Строк: 3" in page
    assert str(people.hunter2) in page  # whose the struck-off company is
    client.post(reverse("prospecting:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.committed, batch.created, batch.conflicts, batch.rejected) == (True, 1, 1, 1)
    assert Company.objects.get(legal_name="ООО «Новая»").owner == people.hunter1
    assert bytes(batch.content) == b""
    report = client.get(reverse("prospecting:report_csv", args=[batch.pk])).content.decode(
        "utf-8-sig"
    )
    assert "Гамма" in report and "Плохая" in report and "Новая" not in report
    again = client.post(reverse("prospecting:commit", args=[batch.pk]), follow=True)
    assert Company.objects.filter(legal_name="ООО «Новая»").count() == 1
    assert again.status_code == 200


def test_unreadable_file_is_explained_on_the_form(people):
    response = upload(client_for(people.hunter1), data="Телефон\n123\n")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "Телефон" in errors
    assert not ImportBatch.objects.exists()


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
