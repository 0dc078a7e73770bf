import json

from django.core.management.base import BaseCommand, CommandError

from otdel.segments.services import run_handoff


class Command(BaseCommand):
    help = (
        "Hand the clients that meet the company's hand-off rule from their hunters to farmers "
        "(METHOD 5): a farmer of the client's territory, else the least loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-orders", type=int, help="hand off after this many paid orders (this run only)"
        )
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        if options["min_orders"] is not None and options["min_orders"] < 1:
            raise CommandError("--min-orders must be at least 1")
        result = run_handoff(min_orders=options["min_orders"], dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            verb = "would be handed off" if options["dry_run"] else "handed off"
            self.stdout.write(
                f"{result['candidates']} clients meet the rule; "
                f"{result['handed_off']} {verb} to farmers."
            )
