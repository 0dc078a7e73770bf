"""Settings → The standard: configurers download, compare and apply; nobody else gets in."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from otdel.algorithm.models import RuleSettings
from otdel.standard.selectors import standard_text
from tests.conftest import client_for


def _upload(text: str) -> dict:
    return {"file": SimpleUploadedFile("standard.yaml", text.encode("utf-8"))}


def _changed_cap(cap: int) -> str:
    doc = yaml.safe_load(standard_text())
    doc["rules"]["settings"]["working_list_cap"] = cap
    return yaml.safe_dump(doc, allow_unicode=True)


def test_the_hub_links_to_the_standard(settings_client):
    page = settings_client.get(reverse("setup:hub")).content.decode()
    assert reverse("standard:page") in page


def test_the_head_downloads_the_standard_with_the_version_he_sets(settings_client):
    response = settings_client.get(reverse("standard:download"), {"version": "5"})
    assert response["Content-Disposition"] == 'attachment; filename="otdel-standard-v5.yaml"'
    assert response.content.decode() == standard_text(version=5)


def test_an_upload_is_previewed_then_applied(settings_client):
    preview = settings_client.post(reverse("standard:page"), _upload(_changed_cap(70)))
    body = preview.content.decode()
    assert "working_list_cap: 90 → 70" in body
    assert RuleSettings.load().working_list_cap == 90  # the preview is a dry run

    response = settings_client.post(
        reverse("standard:apply"), {"digest": preview.context["digest"]}
    )
    assert response.status_code == 302
    assert RuleSettings.load().working_list_cap == 70


def test_apply_without_the_previewed_file_changes_nothing(settings_client):
    response = settings_client.post(reverse("standard:apply"), {"digest": "x"}, follow=True)
    assert "Загрузите стандарт ещё раз" in response.content.decode()
    assert RuleSettings.load().working_list_cap == 90


def test_a_broken_upload_is_refused_with_the_place(settings_client):
    response = settings_client.post(
        reverse("standard:page"), _upload("otdel_standard: 1\nversion: 1\nplans: {}\n")
    )
    assert response.context["refusal"] == "plans: unknown section"
    assert response.context["preview"] is None


@pytest.mark.parametrize("name", ["hunter1", "hunters_lead", "pm1", "farmer1"])
def test_only_configurers_open_the_standard(people, name):
    client = client_for(getattr(people, name))
    assert client.get(reverse("standard:page")).status_code == 403
    assert client.get(reverse("standard:download")).status_code == 403
    assert client.post(reverse("standard:page"), _upload(_changed_cap(70))).status_code == 403
    assert client.post(reverse("standard:apply"), {"digest": "x"}).status_code == 403
    assert RuleSettings.load().working_list_cap == 90
