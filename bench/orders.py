"""The order history import (issue 15, item 6): ../shared/data/online_retail.csv.gz, 541,909
invoice lines of a UK wholesaler, into an empty base, beside a plain bulk load of the same
lines on the same database (goal: within 3x of it).

    python -m bench.orders [--file PATH]

SQLite in a fresh var/bench-orders.sqlite3 by default; set DATABASE_URL to measure another
database (it must be empty of orders). Prints the counts, both timings and their ratio.

The plain bulk load is the floor any import pays: the same file read (gunzip, decode, CSV) and
every line's cells written as they are into a table of the same columns, the way otdel.db
writes (COPY on PostgreSQL, INSERTs of db.BATCH rows elsewhere), with no checks, no lookups
and no keys. Both run in a transaction that is rolled back, so the database stays empty of
orders for the next run.
"""

import argparse
import io
import json
import time
from pathlib import Path

from bench.report import goal_line
from bench.setup import open_own_database

PLAIN = "bench_plain_order_lines"
PLAIN_COLUMNS = ("invoice", "product", "description", "quantity", "ordered_at", "price", "customer")


def plain_load(path: Path) -> tuple[int, float]:
    """(lines, seconds) of the plain bulk load of the file's lines, rolled back."""
    from django.db import connection, transaction

    from otdel.db import batched
    from otdel.orders.files import columns, read_lines

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {PLAIN} (invoice varchar(64), product varchar(64), "  # noqa: S608
                "description varchar(300), quantity numeric(14, 3), ordered_at varchar(32), "
                "price numeric(14, 4), customer varchar(32))"
            )
        started = time.perf_counter()
        rows = read_lines(path)
        found = columns(next(rows))
        at = [found[c] for c in ("invoice", "product", "description", "quantity", "date")]
        at += [found["price"], found["customer"]]
        sql = f"INSERT INTO {PLAIN} ({', '.join(PLAIN_COLUMNS)}) VALUES ({', '.join(['%s'] * 7)})"  # noqa: S608
        lines = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # as otdel.db writes there: COPY
                with cursor.copy(f"COPY {PLAIN} ({', '.join(PLAIN_COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([row[i] or None for i in at])
                        lines += 1
            else:
                for batch in batched(rows):
                    cursor.executemany(sql, [[row[i] for i in at] for row in batch])
                    lines += len(batch)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return lines, seconds


def measure(path: Path) -> list[str]:
    from django.core.management import call_command
    from django.db import connection, transaction

    out = io.StringIO()
    started = time.perf_counter()
    with transaction.atomic():
        call_command("import-orders", str(path), "--json", stdout=out)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    result = json.loads(out.getvalue())
    lines, plain = plain_load(path)
    vendor = connection.vendor
    return [
        f"import-orders {vendor}  {json.dumps(result)}",
        f"import-orders {vendor}  {result['lines']} lines  {seconds:.1f} s",
        f"plain bulk load {vendor}  {lines} lines  {plain:.1f} s",
        goal_line(f"import-orders {vendor}, x the plain bulk load", seconds / plain, "x", goal=3.0),
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
