import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from otdel.orders.files import OrdersRejected, read_lines
from otdel.orders.services import orders_import


class Command(BaseCommand):
    help = (
        "Load the order history of existing clients from a CSV or CSV.gz export (invoice number, "
        "date, customer id, product code, description, quantity, unit price, country): missing "
        "clients and products are created; lines with no customer id are skipped; negative "
        "quantities and invoices numbered C... are returns. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            report = orders_import(read_lines(path))
        except OrdersRejected as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict()))
        else:
            self.stdout.write(
                f"{path.name}: {report.lines} lines read; {report.orders} orders, "
                f"{report.customers} new clients, {report.products} new products; "
                f"{report.returns} return lines; {report.skipped} lines skipped (no customer id, "
                "or an invoice already loaded)."
            )
