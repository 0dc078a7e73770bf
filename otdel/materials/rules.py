"""What an uploaded material is, read from its content (never from its name or what the browser
says), and who reads and keeps the library: plain functions, no I/O."""

from collections.abc import Collection

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
ZIP = "application/zip"  # not a material by itself: an Office file is a zip, looked into

# The first bytes of each kind of file a material may be.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"PK\x03\x04", ZIP),
)

# An Office Open XML file names its main part in [Content_Types].xml and holds it.
_OFFICE: tuple[tuple[str, str, str], ...] = (
    ("wordprocessingml.document.main+xml", "word/document.xml", DOCX),
    ("presentationml.presentation.main+xml", "ppt/presentation.xml", PPTX),
    ("spreadsheetml.sheet.main+xml", "xl/workbook.xml", XLSX),
)

# The names a file of each kind may carry: a PDF called .docx is refused like a fake.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    DOCX: (".docx",),
    PPTX: (".pptx",),
    XLSX: (".xlsx",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    GIF: (".gif",),
    WEBP: (".webp",),
}

HEAD_BYTES = 16


def sniff(head: bytes) -> str | None:
    """The kind of file its first bytes show: a material's type, ZIP when the file is a zip
    archive to look into, None when it is none of them."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def office_type(members: Collection[str], content_types: str) -> str | None:
    """The Office document a zip archive is: its [Content_Types].xml declares the main part of
    a Word, PowerPoint or Excel file and the archive holds that part; None otherwise."""
    for declared, part, kind in _OFFICE:
        if declared in content_types and part in members:
            return kind
    return None


def name_fits(filename: str, kind: str) -> bool:
    """Whether the file's name ends as a file of that kind does."""
    return filename.lower().endswith(EXTENSIONS.get(kind, ()))


def tags_of(text: str) -> list[str]:
    """Tags written with commas, each once, in the order written."""
    seen: dict[str, None] = {}
    for tag in text.split(","):
        tag = " ".join(tag.split())
        if tag and tag.lower() not in {t.lower() for t in seen}:
            seen[tag] = None
    return list(seen)


def reads_library(*, sells: bool, leads: bool, configures: bool, matrix: bool) -> bool:
    """Everyone who sells reads the materials, and those who lead or teach them: heads, the
    settings' keepers, product and territory managers (they set the managers' tasks)."""
    return sells or leads or configures or matrix


def keeps_library(*, leads: bool, configures: bool) -> bool:
    """Heads and those who configure the sales system add and change materials."""
    return leads or configures
