"""What a backup may be restored over: pure decisions on its manifest, without the database."""

from collections.abc import Iterable, Mapping

FORMAT = 1

Migrations = Mapping[str, Iterable[str]]


class BackupRefused(Exception):
    """The archive cannot be restored here; nothing has been changed."""


def unknown_migrations(backup: Migrations, known: Migrations) -> list[str]:
    """The migrations applied in the backup that this code does not have: a newer schema."""
    return sorted(
        f"{app}.{name}"
        for app, names in backup.items()
        for name in names
        if name not in set(known.get(app, ()))
    )


def missing_migrations(backup: Migrations, known: Migrations) -> list[str]:
    """The migrations of this code the backup has not applied: `otdel migrate` after restoring."""
    return sorted(
        f"{app}.{name}"
        for app, names in known.items()
        for name in names
        if name not in set(backup.get(app, ()))
    )


def check_manifest(manifest: Mapping, *, vendor: str, known: Migrations) -> list[str]:
    """Refuse a manifest this code cannot restore (BackupRefused with the reason); else return
    the migrations to apply after the restore (those the backup is older by)."""
    if manifest.get("format") != FORMAT:
        raise BackupRefused(
            f"This is not an Otdel backup of format {FORMAT} (format {manifest.get('format')!r})."
        )
    if manifest.get("vendor") != vendor:
        raise BackupRefused(
            f"This backup is of a {manifest.get('vendor')} database and this Otdel runs on "
            f"{vendor}. Restore it on {manifest.get('vendor')} (same DATABASE_URL kind), then "
            f"move the data with `otdel dumpdata` / `otdel loaddata` if you must change databases."
        )
    newer = unknown_migrations(manifest.get("migrations", {}), known)
    if newer:
        raise BackupRefused(
            f"This backup was made by a newer Otdel (version {manifest.get('otdel_version')}): "
            f"its schema has {len(newer)} migration(s) this code does not know ("
            + ", ".join(newer[:5])
            + (", ..." if len(newer) > 5 else "")
            + "). Upgrade Otdel to that version or later, then restore."
        )
    return missing_migrations(manifest.get("migrations", {}), known)
