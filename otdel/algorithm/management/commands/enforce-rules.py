import json

from django.core.management.base import BaseCommand

from otdel.algorithm.enforcement import enforce_rules


class Command(BaseCommand):
    help = (
        "Apply the rules of the method: deadline warnings, expiry into triage, the three-month "
        "rule, call-round reactivation. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        result = enforce_rules(dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        prefix = "Would change" if options["dry_run"] else "Changed"
        self.stdout.write(
            f"{prefix}: {result['expired']} expired into triage, {result['warned']} warned, "
            f"{result['to_reassign']} due for reassignment, {result['reactivated']} back in "
            f"call-round; {result['blocked_managers']} managers blocked from claiming."
        )
