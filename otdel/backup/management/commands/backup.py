"""`otdel backup FILE`: the database and the uploaded files in one archive (otdel.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from otdel.backup.rules import BackupRefused
from otdel.backup.services import backup_write


class Command(BaseCommand):
    help = "Write the database, the uploaded files and the schema version to one .tar.gz file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="where to write the archive (.tar.gz)")

    def handle(self, *args, file: Path, **options) -> None:
        try:
            manifest = backup_write(file)
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{file}: {manifest['vendor']} database, {manifest['media_files']} uploaded file(s), "
            f"{sum(len(n) for n in manifest['migrations'].values())} migrations, "
            f"Otdel {manifest['otdel_version']}, {file.stat().st_size} bytes"
        )
