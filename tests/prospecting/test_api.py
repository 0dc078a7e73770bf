"""Prospect lists and merges through the API: the same services as the pages (issue 4)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from otdel.base.models import Company
from tests.conftest import client_for
from tests.factories import CompanyFactory

DATA = "Наименование;ИНН;Телефон\nООО «Новая»;;8 495 111-22-33\nГамма;;\nПлохая;7707083894;\n"


@pytest.fixture(autouse=True)
def in_english():
    """Unlike the rest of this folder, these tests read the API's messages in Russian, its
    default language (they moved here from tests/api/)."""


def send(client, data: str, name: str = "list.csv"):
    file = SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")
    return client.post("/api/v1/imports/", {"file": file})


def test_check_read_rows_commit_once(people):
    CompanyFactory(legal_name="Гамма", owner=people.hunter2, section="")
    client = client_for(people.hunter1)
    created = send(client, DATA)
    assert created.status_code == 201
    batch = created.json()
    assert (batch["rows"], batch["created"], batch["conflicts"], batch["rejected"]) == (3, 1, 1, 1)
    assert batch["committed"] is False and batch["owner"] == people.hunter1.pk
    rows = client.get(f"/api/v1/imports/{batch['id']}/rows/").json()["results"]
    assert [r["outcome"] for r in rows] == ["new", "conflict", "rejected"]
    assert rows[1]["score"] == 100 and str(people.hunter2) in rows[1]["reason"]
    assert not Company.objects.filter(legal_form="ООО", legal_name="Новая").exists()

    committed = client.post(f"/api/v1/imports/{batch['id']}/commit/")
    assert committed.status_code == 200 and committed.json()["committed"] is True
    assert Company.objects.get(legal_form="ООО", legal_name="Новая").owner == people.hunter1
    again = client.post(f"/api/v1/imports/{batch['id']}/commit/")
    assert again.status_code == 409
    assert client_for(people.hunter2).get(f"/api/v1/imports/{batch['id']}/").status_code == 404


def test_bad_files_are_refused_naming_the_problem(people):
    client = client_for(people.hunter1)
    empty = send(client, "")
    assert empty.status_code == 400 and "file" in empty.json()
    unnamed = send(client, "Телефон\n123\n")
    assert unnamed.status_code == 201  # kept, so that its columns can be chosen
    refused = client.post(f"/api/v1/imports/{unnamed.json()['id']}/commit/")
    assert refused.status_code == 409 and "Телефон" in refused.json()["detail"]


def test_merge_through_the_api(people):
    keep = CompanyFactory(legal_name="Альфа", owner=people.hunter1, section="")
    gone = CompanyFactory(legal_name="Альфа (дубль)", owner=people.hunter1, section="")
    client = client_for(people.hunter1)
    response = client.post(
        f"/api/v1/companies/{keep.pk}/merge/",
        {"duplicate": gone.pk},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["id"] == keep.pk
    assert Company.all_objects.get(pk=gone.pk).merged_into_id == keep.pk
    itself = client.post(
        f"/api/v1/companies/{keep.pk}/merge/",
        {"duplicate": keep.pk},
        content_type="application/json",
    )
    assert itself.status_code == 409
    foreign = CompanyFactory(legal_name="Чужая", owner=people.hunter2, section="")
    response = client.post(
        f"/api/v1/companies/{keep.pk}/merge/",
        {"duplicate": foreign.pk},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert Company.objects.filter(pk=foreign.pk).exists()


def test_rows_page_in_file_order(people):
    client = client_for(people.hunter1)
    batch = send(client, DATA).json()
    numbers, url = [], f"/api/v1/imports/{batch['id']}/rows/?page_size=1"
    while url:
        page = client.get(url).json()
        numbers += [row["number"] for row in page["results"]]
        url = page["next"]
    assert numbers == [2, 3, 4]
