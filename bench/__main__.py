"""`make bench`: build a base of the given size once, then time the pages that read it.

    python -m bench [--size 10k|100k|1M] [--runs 30]

SQLite by default (var/bench-<size>.sqlite3, kept between runs); set DATABASE_URL to measure
PostgreSQL. Prints one line per measurement: server time p50/p95 and the SQL query count.
"""

import argparse
import os
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--size", choices=["10k", "100k", "1M"], default="10k")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        Path("var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{Path('var').resolve()}/bench-{args.size}.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdel.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import SIZES, generate
    from otdel.base.models import Company

    call_command("migrate", verbosity=0)
    total = SIZES[args.size]
    database = connection.vendor
    have = Company.objects.count()
    if have == 0:
        seconds = generate(total)
        print(f"generate  {database}  {total} companies  {seconds:.1f} s")
    elif have != total:
        sys.exit(f"the bench database holds {have} companies, not {total}: delete it first")

    from bench.pages import measure_pages

    for line in measure_pages(runs=args.runs):
        print(f"{database}  {args.size}  {line}")


if __name__ == "__main__":
    main()
