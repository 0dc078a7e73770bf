import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from otdel.base.services import source_get_or_create
from otdel.exports import csv_bytes, xlsx_bytes
from otdel.org.models import User
from otdel.prospecting.files import FileRejected, check_mapping, guess_mapping, read_table
from otdel.prospecting.rules import REPORT_HEADER, outcome_counts, report_rows
from otdel.prospecting.selectors import table_plan
from otdel.prospecting.services import companies_import
from otdel.recorded import shown


class Command(BaseCommand):
    help = (
        "Bring a prospect list (CSV or XLSX) into the base: new companies go to “to call” or "
        "into --owner's working list; companies already worked by others are struck off."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--owner", help="login of the manager whose working list gets them")
        parser.add_argument("--source", help="name of the source (created if new)")
        parser.add_argument("--by", help="login recorded as the importer (default: owner)")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--report", help="write the rejected and struck-off rows to this .xlsx or .csv file"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        data = path.read_bytes()
        try:
            table = read_table(data, path.name)
            mapping = guess_mapping(table.headers)
            check_mapping(mapping, table.headers)
        except FileRejected as error:
            raise CommandError(str(error)) from error
        owner = self._user(options["owner"]) if options["owner"] else None
        rows = table_plan(table, mapping, owner=owner)
        result = outcome_counts(rows)
        if not options["dry_run"]:
            actor = self._user(options["by"]) if options["by"] else owner
            actor = actor or User.objects.filter(is_superuser=True).order_by("pk").first()
            if actor is None:
                raise CommandError("Name the importer with --by LOGIN (no administrator exists).")
            source = source_get_or_create(name=options["source"]) if options["source"] else None
            companies_import(
                data=data,
                filename=path.name,
                rows=rows,
                acting_user=actor,
                owner=owner,
                source=source,
            )
        if options["report"]:
            target = Path(options["report"])
            write = xlsx_bytes if target.suffix.lower() == ".xlsx" else csv_bytes
            target.write_bytes(write(REPORT_HEADER, report_rows(rows)))
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            verb = "Would import" if options["dry_run"] else "Imported"
            self.stdout.write(
                f"{verb} {path.name}: {result['rows']} rows = {result['created']} new + "
                f"{result['merged']} merged + {result['conflicts']} struck off (worked by "
                f"others) + {result['rejected']} rejected."
            )
            for row in rows:
                if row.outcome in ("conflict", "rejected"):
                    self.stdout.write(f"  row {row.number}: {row.outcome}: {shown(row.reason)}")

    def _user(self, login: str) -> User:
        try:
            return User.objects.get(username=login)
        except User.DoesNotExist as error:
            raise CommandError(f"No user with the login {login!r}.") from error
