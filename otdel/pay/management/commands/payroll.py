import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from otdel.exports import xlsx_bytes
from otdel.org.models import User
from otdel.pay.payslip import PAYROLL_HEADER, describe, payroll_rows
from otdel.pay.selectors import month_of, payroll


class Command(BaseCommand):
    help = "The month's pay of every manager with a pay scheme, line by line (METHOD 6)."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--xlsx", help="also write the payroll to this .xlsx file")

    def handle(self, *args, **options):
        try:
            month = month_of(options["month"])
        except ValueError as error:
            raise CommandError(f"--month must be YYYY-MM, not {options['month']!r}") from error
        people = User.objects.filter(is_active=True).order_by("last_name", "username")
        pays = payroll(month, timezone.localdate(), people)
        if options["xlsx"]:
            Path(options["xlsx"]).write_bytes(xlsx_bytes(PAYROLL_HEADER, payroll_rows(pays)))
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "month": f"{month:%Y-%m}",
                        "people": [
                            {
                                "login": p.user.username,
                                "total": str(p.now.total),
                                "lines": [
                                    {
                                        "line": line.label,
                                        "detail": describe(line),
                                        "amount": str(line.amount),
                                    }
                                    for line in p.now.lines
                                ],
                            }
                            for p in pays
                        ],
                        "total": str(sum((p.now.total for p in pays), 0)),
                    }
                )
            )
            return
        for pay in pays:
            self.stdout.write(f"{pay.user.username}: {pay.now.total}")
