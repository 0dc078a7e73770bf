"""The order history import (issue 5): ../shared/data/online_retail.csv.gz, 541,909 invoice
lines of a UK wholesaler, into an empty base.

    python -m bench.orders [--file PATH]

SQLite in a fresh var/bench-orders.sqlite3 by default; set DATABASE_URL to measure another
database (it must be empty of orders). Prints the counts and the seconds.
"""

import argparse
import io
import json
import time
from pathlib import Path

from bench.setup import open_own_database


def measure(path: Path) -> list[str]:
    from django.core.management import call_command
    from django.db import connection

    out = io.StringIO()
    started = time.perf_counter()
    call_command("import-orders", str(path), "--json", stdout=out)
    seconds = time.perf_counter() - started
    result = json.loads(out.getvalue())
    return [
        f"import-orders {connection.vendor}  {json.dumps(result)}",
        f"import-orders {connection.vendor}  {result['lines']} lines  {seconds:.1f} s",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.orders")
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    open_own_database("orders", fresh=True)
    from otdel.demo.files import shared_data_dir

    for line in measure(args.file or shared_data_dir() / "online_retail.csv.gz"):
        print(line)


if __name__ == "__main__":
    main()
