import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from otdel.plans.warnings import send_weekly_warnings


class Command(BaseCommand):
    help = (
        "E-mail each head the plan against the fact at the end of yesterday and who is behind "
        "(METHOD 6); run on Mondays by the scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD; the figures are as of the day before")
        parser.add_argument("--dry-run", action="store_true", help="compose, send nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        try:
            today = (
                date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
            )
        except ValueError:
            raise CommandError(
                f"--today: {options['today']!r} is not a date (YYYY-MM-DD)"
            ) from None
        warnings = send_weekly_warnings(today=today, dry_run=options["dry_run"])
        people = [
            {"to": w.to.email, "behind": [str(r.line) for r in w.behind], "lines": w.lines}
            for w in warnings
        ]
        if options["json"]:
            self.stdout.write(
                json.dumps({"sent": not options["dry_run"], "emails": people}, ensure_ascii=False)
            )
            return
        for w in warnings:
            self.stdout.write(f"{w.to.email}: {w.subject}")
        if not warnings:
            self.stdout.write("No approved plan holds that day, or no head has an e-mail address.")
