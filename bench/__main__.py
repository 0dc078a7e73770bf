"""`make bench`: build a base of the given size once, then time the pages that read it.

    python -m bench [--size 10k|100k|1M] [--runs 30]

SQLite by default (var/bench-<size>.sqlite3, kept between runs); set DATABASE_URL to measure
PostgreSQL. Prints one line per measurement: server time p50/p95, the SQL query count and the
goal of issue 15; on PostgreSQL then the EXPLAIN (ANALYZE, BUFFERS) of each list and search.
"""

import argparse

from bench.setup import open_bench_database


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--size", choices=["10k", "100k", "1M"], default="10k")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    open_bench_database(args.size)

    from django.db import connection

    from bench.api import measure_api
    from bench.explain import explain_pages
    from bench.pages import measure_pages, page_cases

    for line in measure_pages(runs=args.runs):
        print(f"{connection.vendor}  {args.size}  {line}")
    for line in measure_api(runs=args.runs):
        print(f"{connection.vendor}  {args.size}  {line}")
    if connection.vendor == "postgresql":
        lists = [case for case in page_cases() if case[2].split("?")[0].endswith("companies/")]
        for line in explain_pages(lists):
            print(line)


if __name__ == "__main__":
    main()
