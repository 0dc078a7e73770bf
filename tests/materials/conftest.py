import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from otdel.materials.services import material_create

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office_bytes(main: str, part: str) -> bytes:
    """A minimal Office Open XML archive declaring `main` as its main part's type."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/{part}" ContentType="application/'
            f'vnd.openxmlformats-officedocument.{main}"/></Types>',
        )
        archive.writestr(part, "<document/>")
    return out.getvalue()


def pdf(name: str = "deck.pdf", data: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/pdf")


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded materials go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def deck(people, media):
    """An active presentation sent at the first contact, with one file."""
    return material_create(
        title="Презентация компании",
        kind="presentation",
        tags="отзывы, кейсы",
        states=["contact_1"],
        upload=pdf(),
        acting_user=people.head,
    )
