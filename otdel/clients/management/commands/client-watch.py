import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from otdel.clients.services import client_watch


class Command(BaseCommand):
    help = (
        "Watch the client base as of a day (today by default): each regular client's order "
        "rhythm (3 orders or more) and its alerts, due, dormant and dropping, kept for My work "
        "and Control; dormant A and B clients are escalated to the head; clients without a next "
        "step get the first step of the client algorithm. Codes are customer numbers, else ids."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the day, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as error:
            raise CommandError(f"--as-of: not a date YYYY-MM-DD: {options['as_of']}") from error
        report = client_watch(as_of=as_of or timezone.localdate())
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict()))
        else:
            self.stdout.write(
                f"{report.clients} clients, {report.regular} regular; due {len(report.due)}, "
                f"dormant {len(report.dormant)}, dropping {len(report.dropping)}; "
                f"escalated {len(report.escalated)}; next steps scheduled {report.scheduled}."
            )
