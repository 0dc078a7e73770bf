import json
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from otdel.reports import documents, rules
from otdel.reports.mail import send_weekly_reports
from otdel.reports.selectors import weekly_report


class Command(BaseCommand):
    help = (
        "The weekly report of the whole department for an ISO week (METHOD 6): plan and fact, "
        "the funnel, new clients, hand-offs, ABC(D) moves, black-hole deals, overdue payments, "
        "each manager's line. With --mail, e-mail each head his report with the PDF, as the "
        "Monday job does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week", help="YYYY-Www (2026-W48); by default the last full week")
        parser.add_argument("--pdf", metavar="FILE", help="write the PDF there")
        parser.add_argument("--xlsx", metavar="FILE", help="write the spreadsheet there")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--mail", action="store_true", help="e-mail each head his report")

    def handle(self, *args, **options):
        today = timezone.localdate()
        try:
            week = rules.parse_week(options["week"]) if options["week"] else None
        except ValueError as error:
            raise CommandError(f"--week: {error}") from None
        if options["mail"]:
            sent = send_weekly_reports(today=today, week=week)
            for mail in sent:
                self.stdout.write(f"{mail.to}: {mail.subject}")
            return
        report = weekly_report(week or rules.week_of(today - timedelta(days=7)), None)
        for option, write in (("pdf", documents.pdf_bytes), ("xlsx", documents.xlsx_bytes)):
            if options[option]:
                Path(options[option]).write_bytes(write(report))
        if options["json"]:
            self.stdout.write(
                json.dumps(report.as_json(), ensure_ascii=False, cls=DjangoJSONEncoder)
            )
        elif not (options["pdf"] or options["xlsx"]):
            self.stdout.write(documents.title_of(report))
            for line in documents.summary(report):
                self.stdout.write(line)
