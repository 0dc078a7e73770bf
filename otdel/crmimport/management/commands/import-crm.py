import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from otdel.algorithm.services import RuleRefused
from otdel.crmimport.models import Export
from otdel.crmimport.services import export_import
from otdel.org.models import User
from otdel.prospecting.files import FileRejected
from otdel.recorded import shown


class Command(BaseCommand):
    help = (
        "Bring the export of the CRM the company ran on before (amoCRM/Kommo, Bitrix24, or any "
        "table) into Otdel: companies, contacts, deals, tasks and their managers, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=Export.values, default=Export.GENERIC)
        parser.add_argument(
            "--by", help="login recorded as the importer (default: an administrator)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = self._actor(options["by"])
        try:
            plan = export_import(
                data=path.read_bytes(),
                filename=path.name,
                source=options["format"],
                acting_user=actor,
                dry_run=options["dry_run"],
            )
        except (FileRejected, RuleRefused, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        counts = plan.counts()
        not_taken = [{**line, "reason": shown(line["reason"])} for line in plan.not_taken()]
        present = [{**line, "reason": shown(line["reason"])} for line in plan.present()]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "dry_run": options["dry_run"],
                        "counts": counts,
                        "not_taken": not_taken,
                        "present": present,
                    },
                    ensure_ascii=False,
                )
            )
            return
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb} {path.name}: {counts['rows']} rows = {counts['taken']} taken + "
            f"{counts['not_taken']} not taken."
        )
        for key, value in counts.items():
            if key not in ("rows", "taken", "not_taken"):
                self.stdout.write(f"  {key}: {value}")
        for line in not_taken + present:
            self.stdout.write(f"  row {line['row']}: {line['reason']}")

    def _actor(self, login: str | None) -> User:
        if login:
            try:
                return User.objects.get(username=login)
            except User.DoesNotExist as error:
                raise CommandError(f"No user with the login {login!r}.") from error
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError("Name the importer with --by LOGIN (no administrator exists).")
        return actor
