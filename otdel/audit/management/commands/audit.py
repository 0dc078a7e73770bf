import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from otdel.algorithm.selectors import company_language
from otdel.audit import report, rules
from otdel.audit.selectors import audit
from otdel.org.models import Position, User
from otdel.pdf import render_pdf


class Command(BaseCommand):
    help = (
        "Audit the sales system (METHOD 9) from the base, deals, activities, order history, "
        "plans and segmentation: the checks whose threshold is crossed, worst first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", type=date.fromisoformat, help="YYYY-MM-DD; today if left out"
        )
        parser.add_argument("--months", type=int, default=rules.DEFAULT_MONTHS)
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--pdf", type=Path, help="write the printable report to this file")

    def handle(self, *args, **options):
        if options["months"] < 1:
            raise CommandError("--months must be 1 or more.")
        as_of = options["as_of"] or timezone.localdate()
        # The shell audits the whole department, as the owner reads it.
        result = audit(User(position=Position.OWNER, is_active=True), as_of, options["months"])
        with translation.override(company_language()):
            if options["pdf"]:
                data = report.pdf_data(result, translation.get_language())
                options["pdf"].write_bytes(render_pdf("audit.typ", data))
            if options["json"]:
                self.stdout.write(json.dumps(report.as_json(result), ensure_ascii=False))
                return
            for row in report.finding_rows(result):
                self.stdout.write(
                    f"[{row['severity_label']}] {row['code']}: {row['value']} "
                    f"({row['direction']} {row['threshold']}), {row['count']}: {row['title']}"
                )
            summary = report.summary(result)
            self.stdout.write(
                f"{summary['found']} of {summary['checked']} checks crossed their threshold "
                f"({summary['high']} high, {summary['medium']} medium, {summary['low']} low)."
            )
