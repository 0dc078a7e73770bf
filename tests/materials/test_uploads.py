"""Uploads are checked by their content: a fake, a program, an empty or oversized file is
refused with a message that says why; a good one becomes the material's current version."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from otdel.materials.models import Material, MaterialVersion
from otdel.materials.services import material_create, material_version_add
from otdel.refusal import RuleRefused
from tests.conftest import client_for

from .conftest import PNG_BYTES, office_bytes, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _create(people, upload, by=None):
    return material_create(
        title="Листовка", kind="leaflet", upload=upload, acting_user=by or people.head
    )


@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (SimpleUploadedFile("deck.pdf", b"just some text", "application/pdf"), "deck.pdf is not"),
        (
            SimpleUploadedFile(
                "setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/x-msdownload"
            ),
            "setup.exe is not",
        ),
        (
            SimpleUploadedFile("fake.docx", office_bytes("x", "y.xml"), "application/msword"),
            "fake.docx is not",
        ),
        (SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "empty.pdf is empty"),
        (SimpleUploadedFile("photo.pdf", PNG_BYTES, "application/pdf"), "named as another kind"),
    ],
    ids=["fake-pdf", "exe", "zip-not-office", "empty", "png-named-pdf"],
)
def test_a_wrong_file_is_refused_and_nothing_is_kept(people, media, upload, says):
    with pytest.raises(RuleRefused, match=says) as refused:
        _create(people, upload)
    assert refused.value.field == "file"
    assert not Material.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_file_over_the_limit_is_refused_naming_the_limit(people, media, settings):
    settings.OTDEL_MATERIAL_MAX_BYTES = 1024 * 1024
    big = pdf(data=b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    with pytest.raises(RuleRefused, match="too big: at most 1.0 MB"):
        _create(people, big)


def test_the_default_limit_is_25_megabytes():
    from otdel import settings

    assert settings.OTDEL_MATERIAL_MAX_BYTES == 25 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("deck.pdf", b"%PDF-1.4 x", "application/pdf"),
        (
            "offer.docx",
            office_bytes("wordprocessingml.document.main+xml", "word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "deck.pptx",
            office_bytes("presentationml.presentation.main+xml", "ppt/presentation.xml"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "prices.xlsx",
            office_bytes("spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("case.png", PNG_BYTES, "image/png"),
    ],
)
def test_a_good_file_is_kept_with_its_type_read_from_the_content(people, media, name, data, kind):
    # The browser's word is ignored: it says octet-stream.
    material = _create(people, SimpleUploadedFile(name, data, "application/octet-stream"))
    version = material.versions.get()
    assert (version.number, version.content_type, version.size) == (1, kind, len(data))
    assert version.filename == name
    with version.file.open("rb") as stored:
        assert stored.read() == data


def test_a_new_version_becomes_current_and_the_old_ones_stay(people, media):
    material = _create(people, pdf("v1.pdf"))
    material_version_add(
        material=material, upload=pdf("v2.pdf"), note="цены 2026", acting_user=people.hunters_lead
    )
    numbers = list(material.versions.values_list("number", "filename", "note"))
    assert numbers == [(2, "v2.pdf", "цены 2026"), (1, "v1.pdf", "")]
    assert (
        MaterialVersion.objects.filter(material=material).first().uploaded_by == people.hunters_lead
    )


def test_a_wrong_new_version_leaves_the_current_one(people, media):
    material = _create(people, pdf("v1.pdf"))
    with pytest.raises(RuleRefused, match="is not a file a material may be"):
        material_version_add(
            material=material,
            upload=SimpleUploadedFile("v2.pdf", b"<html>", "application/pdf"),
            note="",
            acting_user=people.head,
        )
    assert list(material.versions.values_list("number", flat=True)) == [1]


def test_a_manager_does_not_upload(people, media):
    with pytest.raises(RuleRefused, match="keep the materials"):
        _create(people, pdf(), by=people.hunter1)
    assert not Material.objects.exists()


def test_the_page_shows_the_refusal_beside_the_form(people, media):
    response = client_for(people.head).post(
        reverse("materials:new"),
        {
            "title": "Прайс",
            "kind": "price_list",
            "file": SimpleUploadedFile("prices.pdf", b"MZ", "application/pdf"),
        },
        follow=True,
    )
    assert "prices.pdf — не файл, которым может быть материал" in response.content.decode()
    assert not Material.objects.exists()
