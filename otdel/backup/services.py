"""`otdel backup FILE` and `otdel restore FILE`: the database and the uploaded files in one
archive (tar.gz) with a manifest: the format, Otdel's version, the database vendor, when it was
made, the migrations applied per app (the schema version), and a SHA-256 of every member.

Restoring reads and checks the whole archive into a temporary folder before it touches anything:
a damaged or truncated archive, a checksum that does not match, another vendor or a newer schema
is refused with nothing changed. Then the database is swapped in one step (databases.py) and the
uploaded files folder is swapped by rename. The web and job processes should be stopped while it
runs; those that are not lose their database connections and reconnect to the restored data."""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import databases, rules
from .rules import BackupRefused

MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


@dataclass
class Restored:
    manifest: dict[str, Any]
    files: int
    to_migrate: list[str] = field(default_factory=list)


def otdel_version() -> str:
    try:
        return version("otdel")
    except PackageNotFoundError:
        return "unknown"


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def known_migrations() -> dict[str, list[str]]:
    """Every migration this code has, per app (from the files, not the database)."""
    known: dict[str, list[str]] = {}
    for app, name in sorted(MigrationLoader(None, ignore_no_migrations=True).disk_migrations):
        known.setdefault(app, []).append(name)
    return known


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _storage_files(storage: Storage, folder: str = "") -> list[str]:
    """Every file name in the storage, through the storage API (local folder or bucket)."""
    folders, files = storage.listdir(folder)
    names = [str(PurePosixPath(folder, name)) for name in files]
    for sub in folders:
        names += _storage_files(storage, str(PurePosixPath(folder, sub)))
    return sorted(names)


def _media_files() -> list[str]:
    if isinstance(default_storage, FileSystemStorage) and not Path(settings.MEDIA_ROOT).exists():
        return []
    return _storage_files(default_storage)


def backup_write(target: Path) -> dict[str, Any]:
    """Write the archive to `target` (first to a .partial file beside it, renamed when whole).
    Returns the manifest."""
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="otdel-backup-") as work:
        dump = Path(work, databases.DUMP_NAMES[databases.vendor()])
        migrations = applied_migrations()
        databases.dump(dump)
        checksums = {dump.name: _sha256(dump)}
        media = Path(work, MEDIA)
        names = _media_files()
        for name in names:
            local = media / name
            local.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, local.open("wb") as copy:
                shutil.copyfileobj(source, copy, CHUNK)
            checksums[f"{MEDIA}/{name}"] = _sha256(local)
        manifest = {
            "format": rules.FORMAT,
            "otdel_version": otdel_version(),
            "vendor": databases.vendor(),
            "created_at": timezone.now().isoformat(),
            "migrations": migrations,
            "database": dump.name,
            "media_files": len(names),
            "checksums": checksums,
        }
        Path(work, MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work, MANIFEST), MANIFEST)
            archive.add(dump, dump.name)
            for name in names:
                archive.add(media / name, f"{MEDIA}/{name}")
        os.replace(partial, target)
    return manifest


def _extract(archive_path: Path, into: Path) -> dict[str, Any]:
    """Unpack and check every member; BackupRefused when anything is wrong."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupRefused(
            f"The archive cannot be read (damaged or not a backup): {error}"
        ) from error
    try:
        manifest = json.loads(Path(into, MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupRefused(f"The archive has no readable {MANIFEST}: {error}") from error
    checksums = manifest.get("checksums") or {}
    if manifest.get("database") not in checksums:
        raise BackupRefused("The manifest names no database dump.")
    present = {
        str(path.relative_to(into).as_posix())
        for path in into.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }
    if present != set(checksums):
        raise BackupRefused("The archive's files are not those its manifest lists.")
    for name, digest in checksums.items():
        if _sha256(into / name) != digest:
            raise BackupRefused(f"{name} in the archive is damaged (its checksum does not match).")
    return manifest


def backup_restore(source: Path) -> Restored:
    """Replace the database and the uploaded files by the archive's, or change nothing."""
    source = Path(source)
    local = isinstance(default_storage, FileSystemStorage)
    media_root = Path(settings.MEDIA_ROOT)
    # Unpacked beside the uploaded files when they are local, so that the swap is a rename.
    scratch = media_root.parent if local else None
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".otdel-restore-", dir=scratch) as work:
        unpacked = Path(work, "archive")
        manifest = _extract(source, unpacked)
        to_migrate = rules.check_manifest(
            manifest, vendor=databases.vendor(), known=known_migrations()
        )
        expected = {(app, name) for app, names in manifest["migrations"].items() for name in names}
        media = unpacked / MEDIA
        media.mkdir(exist_ok=True)
        databases.restore(unpacked / manifest["database"], expected_migrations=expected)
        if local:
            _swap_folder(media, media_root, Path(work, "previous"))
        else:
            _replace_in_storage(media)
    return Restored(manifest=manifest, files=manifest.get("media_files", 0), to_migrate=to_migrate)


def _swap_folder(new: Path, live: Path, previous: Path) -> None:
    """Put `new` in the place of `live` by two renames; the old folder goes with the scratch."""
    if live.exists():
        os.replace(live, previous)
    try:
        os.replace(new, live)
    except BaseException:
        if previous.exists():
            os.replace(previous, live)
        raise


def _replace_in_storage(media: Path) -> None:
    """A bucket has no rename: the archive's files are written over, the others deleted."""
    wanted = {
        str(path.relative_to(media).as_posix()) for path in media.rglob("*") if path.is_file()
    }
    for name in sorted(wanted):
        if default_storage.exists(name):
            default_storage.delete(name)
        with (media / name).open("rb") as stream:
            default_storage.save(name, stream)
    for name in set(_storage_files(default_storage)) - wanted:
        default_storage.delete(name)
