"""`otdel backup` and `otdel restore` on the database the tests run on (SQLite or PostgreSQL):
a round trip of the demo restores every table row for row and every uploaded file; a damaged
archive, another vendor or a newer schema is refused with nothing changed."""

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from otdel.backup import rules
from otdel.base.models import Company, CompanyEvent
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def table_checksums() -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of its rows in the order of all their columns."""
    sums = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 - a table name of our own
            width = len(cursor.description)
            order = ", ".join(str(n) for n in range(1, width + 1))
            cursor.execute(f"SELECT * FROM {name} ORDER BY {order}")  # noqa: S608
            rows = cursor.fetchall()
            sums[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return sums


def media_files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def rewrite(archive: Path, change) -> Path:
    """The archive with its members passed through change(name, bytes) -> bytes | None."""
    changed = archive.with_name("changed.tar.gz")
    with tarfile.open(archive, "r:gz") as source, tarfile.open(changed, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return changed


def test_a_round_trip_of_the_demo_restores_every_row_and_file(media, tmp_path):
    call_command("demo", stdout=io.StringIO())
    (media / "recordings").mkdir(parents=True, exist_ok=True)
    (media / "recordings" / "звонок.mp3").write_bytes(b"ID3" + bytes(range(256)) * 40)
    tables, files = table_checksums(), media_files(media)
    assert Company.objects.count() > 100 and len(files) >= 2

    archive = tmp_path / "otdel.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"{connection.vendor} database" in out.getvalue()

    # A day of work after the backup: rows changed, deleted and added, files added and lost.
    CompanyEvent.objects.filter(pk__in=CompanyEvent.objects.values("pk")[:50]).delete()
    Company.objects.filter(pk=Company.objects.order_by("pk").first().pk).update(legal_name="Иное")
    CompanyFactory(legal_name="После бэкапа")
    (media / "recordings" / "звонок.mp3").unlink()
    (media / "new.txt").write_text("after")
    assert table_checksums() != tables and media_files(media) != files

    call_command("restore", str(archive), "--no-input", stdout=io.StringIO())
    assert table_checksums() == tables
    assert media_files(media) == files


def test_a_backup_of_a_newer_schema_is_refused_and_nothing_changes(media, tmp_path):
    CompanyFactory(legal_name="Было")
    archive = tmp_path / "otdel.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    def newer(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["base"].append("9999_from_the_future")
        manifest["otdel_version"] = "9.0.0"
        return json.dumps(manifest).encode()

    changed = rewrite(archive, newer)
    CompanyFactory(legal_name="Стало")
    before = table_checksums()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(changed), "--no-input")
    message = str(refused.value)
    assert "newer Otdel (version 9.0.0)" in message
    assert "base.9999_from_the_future" in message
    assert "Nothing restored" in message
    assert table_checksums() == before


@pytest.mark.parametrize("damage", ["flipped", "truncated", "dump", "extra", "not a backup"])
def test_a_damaged_archive_is_refused_and_nothing_changes(media, tmp_path, damage):
    CompanyFactory(legal_name="Было")
    (media / "kept.txt").parent.mkdir(parents=True, exist_ok=True)
    (media / "kept.txt").write_text("kept")
    archive = tmp_path / "otdel.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    raw = archive.read_bytes()
    if damage == "flipped":  # a byte of the compressed stream
        middle = len(raw) // 2
        archive.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :])
    elif damage == "truncated":
        archive.write_bytes(raw[: len(raw) * 2 // 3])
    elif damage == "dump":  # a whole archive whose dump is not the one its manifest hashed
        archive = rewrite(archive, lambda n, d: d if n == "manifest.json" else d[:-1] + b"\0")
    elif damage == "extra":  # a file the manifest does not list
        archive = rewrite(archive, lambda n, d: d)
        with tarfile.open(archive, "r:gz") as source:
            members = [(m, source.extractfile(m).read()) for m in source.getmembers()]
        with tarfile.open(archive, "w:gz") as target:
            for member, data in members:
                target.addfile(member, io.BytesIO(data))
            extra = tarfile.TarInfo("media/planted.sh")
            extra.size = 2
            target.addfile(extra, io.BytesIO(b"#!"))
    else:
        archive.write_bytes(gzip.compress(b"just some text"))
    CompanyFactory(legal_name="Стало")
    (media / "after.txt").write_text("after")
    before, files = table_checksums(), media_files(media)

    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(archive), "--no-input")
    assert table_checksums() == before
    assert media_files(media) == files


def test_a_backup_of_another_database_vendor_is_refused(media, tmp_path):
    archive = tmp_path / "otdel.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def moved(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "vendor": other}).encode()

    with pytest.raises(CommandError, match=f"backup is of a {other} database"):
        call_command("restore", str(rewrite(archive, moved)), "--no-input")


def test_an_older_schema_is_restored_and_asks_for_migrate():
    known = {"base": ["0001_initial", "0002_more"], "org": ["0001_initial"]}
    backup = {"base": ["0001_initial"], "org": ["0001_initial"]}
    manifest = {"format": 1, "vendor": "sqlite", "migrations": backup}
    assert rules.check_manifest(manifest, vendor="sqlite", known=known) == ["base.0002_more"]
    with pytest.raises(rules.BackupRefused, match="newer Otdel"):
        rules.check_manifest({**manifest, "migrations": known}, vendor="sqlite", known=backup)
