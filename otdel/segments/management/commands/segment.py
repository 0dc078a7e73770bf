import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from otdel.segments.services import segment


class Command(BaseCommand):
    help = (
        "ABC(D) segmentation of the clients by their order history (METHOD 7): revenue Pareto "
        "(A below 80 % of the revenue above them, B below 95 %, C the rest), with --criteria all "
        "also potential, margin and order frequency (D: low value, low potential)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="last day of the period, YYYY-MM-DD (default today)")
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--criteria", choices=["revenue", "all"], default="revenue")
        parser.add_argument("--dry-run", action="store_true", help="compute, change nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        try:
            as_of = (
                date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from error
        if options["days"] < 1:
            raise CommandError("--days must be at least 1")
        summary = segment(
            as_of=as_of,
            days=options["days"],
            criteria=options["criteria"],
            dry_run=options["dry_run"],
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {k: summary[k] for k in ("clients", "A", "B", "C", "D", "revenue", "share")}
                )
            )
            return
        share = summary["share"]
        self.stdout.write(
            f"{summary['clients']} clients, revenue {summary['revenue']:,.2f} (returns beside it: "
            f"{summary['returns']:,.2f}): A {summary['A']} ({share['A']:.1%}), B {summary['B']} "
            f"({share['B']:.1%}), C {summary['C']} ({share['C']:.1%}), D {summary['D']} "
            f"({share['D']:.1%})"
        )
