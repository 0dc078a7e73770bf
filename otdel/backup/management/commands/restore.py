"""`otdel restore FILE`: the database and the uploaded files put back from a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from otdel.backup.rules import BackupRefused
from otdel.backup.services import backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files by those of a backup made by `otdel backup`. "
        "Stop the web and job processes first. A damaged archive, another database vendor or a "
        "newer schema is refused and nothing is changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the archive written by `otdel backup`")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )

    def handle(self, *args, file: Path, interactive: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if interactive:
            answer = input("This replaces the whole database and every uploaded file. Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            restored = backup_restore(file)
        except BackupRefused as error:
            raise CommandError(f"Nothing restored. {error}") from error
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (Otdel {manifest['otdel_version']}): "
            f"the {manifest['vendor']} database and {restored.files} uploaded file(s)."
        )
        if restored.to_migrate:
            self.stdout.write(
                f"The backup's schema is older by {len(restored.to_migrate)} migration(s): "
                "run `otdel migrate` now."
            )
