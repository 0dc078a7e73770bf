"""A department head reads and commits the prospect lists of his own departments only
(issue 12): another department's list is not there for him (404), a list he may read but
that goes beyond his departments is read-only (403), and he chooses owners among his people."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from otdel.base.models import Company
from otdel.org.models import Position
from otdel.prospecting.models import ImportBatch
from otdel.prospecting.services import batch_start_commit
from tests.conftest import client_for
from tests.factories import UserFactory

DATA = "Наименование;ИНН;Телефон\nООО «Новая»;;8 495 111-22-33\n"


@pytest.fixture
def farmers_lead(people):
    farmers = people.farmer1.department
    lead = UserFactory(
        username="farmers_lead", position=Position.DEPARTMENT_HEAD, department=farmers
    )
    farmers.head = lead
    farmers.save()
    return lead


def upload(user, **fields) -> ImportBatch:
    file = SimpleUploadedFile("list.csv", DATA.encode("utf-8"), content_type="text/csv")
    response = client_for(user).post(reverse("prospecting:list"), {"file": file, **fields})
    assert response.status_code == 302, response.context["form"].errors
    return ImportBatch.objects.latest("pk")


def pages(batch: ImportBatch) -> list[str]:
    return [
        reverse(f"prospecting:{name}", args=[batch.pk])
        for name in ("detail", "progress", "checked_xlsx", "report_csv", "report_xlsx")
    ]


def test_a_department_head_cannot_read_another_departments_list(people, farmers_lead):
    batch = upload(farmers_lead, owner=people.farmer1.pk)
    lead = client_for(people.hunters_lead)
    urls = [*pages(batch), reverse("prospecting:checked_pdf", args=[batch.pk])]
    assert [lead.get(url).status_code for url in urls] == [404] * 6
    assert (
        batch
        not in client_for(people.hunters_lead).get(reverse("prospecting:list")).context["batches"]
    )
    api = f"/api/v1/imports/{batch.pk}/"
    assert [lead.get(url).status_code for url in (api, api + "rows/")] == [404, 404]
    assert lead.get("/api/v1/imports/").json()["results"] == []


def test_a_department_head_cannot_commit_another_departments_list(people, farmers_lead):
    batch = upload(farmers_lead, owner=people.farmer1.pk)
    lead = client_for(people.hunters_lead)
    assert lead.post(reverse("prospecting:commit", args=[batch.pk])).status_code == 404
    assert lead.post(f"/api/v1/imports/{batch.pk}/commit/").status_code == 404
    with pytest.raises(PermissionDenied):
        batch_start_commit(batch=batch, acting_user=people.hunters_lead)
    batch.refresh_from_db()
    assert (
        not batch.committed
        and not Company.objects.filter(legal_form="ООО", legal_name="Новая").exists()
    )


def test_a_department_head_reads_and_commits_his_peoples_lists(people, farmers_lead):
    batch = upload(people.hunter1)
    lead = client_for(people.hunters_lead)
    assert [lead.get(url).status_code for url in pages(batch)] == [200, 204, 200, 200, 200]
    assert lead.get(f"/api/v1/imports/{batch.pk}/rows/").status_code == 200
    assert client_for(farmers_lead).get(pages(batch)[0]).status_code == 404
    assert lead.post(f"/api/v1/imports/{batch.pk}/commit/").json()["committed"] is True
    assert Company.objects.get(legal_form="ООО", legal_name="Новая").owner == people.hunter1


def test_a_list_for_his_manager_made_by_the_owner_is_read_only_to_the_department_head(people):
    batch = upload(people.owner, owner=people.hunter1.pk)
    lead = client_for(people.hunters_lead)
    detail = lead.get(reverse("prospecting:detail", args=[batch.pk]))
    assert detail.status_code == 200 and 'data-testid="commit"' not in detail.content.decode()
    assert lead.post(reverse("prospecting:commit", args=[batch.pk])).status_code == 403
    assert lead.post(f"/api/v1/imports/{batch.pk}/commit/").status_code == 403
    assert (
        lead.post(
            reverse("prospecting:detail", args=[batch.pk]), {"name": "Наименование"}
        ).status_code
        == 403
    )
    batch.refresh_from_db()
    assert not batch.committed


def test_a_department_head_chooses_the_owner_among_his_people_only(people):
    file = SimpleUploadedFile("list.csv", DATA.encode("utf-8"), content_type="text/csv")
    page = client_for(people.hunters_lead).post(
        reverse("prospecting:list"), {"file": file, "owner": people.farmer1.pk}
    )
    assert "owner" in page.context["form"].errors
    file = SimpleUploadedFile("list.csv", DATA.encode("utf-8"), content_type="text/csv")
    api = client_for(people.hunters_lead).post(
        "/api/v1/imports/", {"file": file, "owner": people.farmer1.pk}
    )
    assert api.status_code == 400 and "owner" in api.json()
    assert not ImportBatch.objects.exists()
