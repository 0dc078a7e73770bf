"""What an upload is, by its first bytes and its archive's parts; who reads and keeps."""

import pytest

from otdel.materials import rules


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", rules.PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00", rules.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", rules.JPEG),
        (b"GIF89a\x01\x00", rules.GIF),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", rules.WEBP),
        (b"PK\x03\x04\x14\x00", rules.ZIP),
        (b"MZ\x90\x00\x03\x00", None),  # a Windows program
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),  # audio, not a material
        (b"Hello, world", None),
        (b"", None),
    ],
)
def test_a_file_is_known_by_its_first_bytes(head, kind):
    assert rules.sniff(head) == kind


def test_an_office_file_is_the_kind_its_content_types_declare_and_holds():
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    assert rules.office_type({"[Content_Types].xml", "word/document.xml"}, word) == rules.DOCX
    # Declared, but the main part is missing: a zip dressed as Word.
    assert rules.office_type({"[Content_Types].xml"}, word) is None
    assert rules.office_type({"ppt/presentation.xml"}, "presentationml.presentation.main+xml")
    assert rules.office_type({"xl/workbook.xml"}, "spreadsheetml.sheet.main+xml") == rules.XLSX
    assert rules.office_type({"a.txt"}, "") is None


def test_the_name_must_say_the_kind_the_content_is():
    assert rules.name_fits("Deck.PDF", rules.PDF)
    assert rules.name_fits("photo.jpeg", rules.JPEG)
    assert not rules.name_fits("deck.docx", rules.PDF)
    assert not rules.name_fits("deck", rules.PDF)


def test_tags_are_written_with_commas_each_once():
    assert rules.tags_of(" отзывы,кейсы , Отзывы,, ") == ["отзывы", "кейсы"]


def test_who_reads_and_who_keeps_the_library():
    assert rules.reads_library(sells=True, leads=False, configures=False, matrix=False)
    assert rules.reads_library(sells=False, leads=False, configures=False, matrix=True)
    assert not rules.reads_library(sells=False, leads=False, configures=False, matrix=False)
    assert rules.keeps_library(leads=True, configures=False)
    assert not rules.keeps_library(leads=False, configures=False)
