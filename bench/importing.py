"""A prospect list of 100k rows into a base of 1M companies (issue 4): time and peak memory.

    DATABASE_URL=postgres://... python -m bench.importing --size 1M --rows 100000

The list is what a hunter brings from a directory, at scale: mostly new companies (real and
Russian names, valid INNs, phones, e-mails), some already in the base by INN or phone (worked
by others: struck off; free: merged), repeats within the file, and broken INNs. It goes through
`otdel import-companies --owner` (read, plan, commit) inside a transaction that is rolled back,
so the bench base stays as it was. Peak memory is the process's maximum resident set size.
Then the name matching's quality on patstat, ours beside Splink's (bench/matching.py).
"""

import argparse
import csv
import io
import json
import random
import resource
import time
from pathlib import Path

from bench.report import goal_line
from bench.setup import open_bench_database


def make_list(rows: int, seed: int = 7) -> bytes:
    from bench.generate import real_names
    from otdel.base.models import Company, Phone
    from otdel.demo.names import company_name, valid_inn

    rng = random.Random(seed)
    known_inns = list(
        Company.objects.exclude(tax_id="")
        .order_by("?")
        .values_list("tax_id", flat=True)[: rows // 6]
    )
    known_phones = list(Phone.objects.order_by("?").values_list("number", flat=True)[: rows // 20])
    real = real_names() or ["Ромашка"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Наименование", "ИНН", "Телефон", "E-mail", "Сайт", "Адрес"])
    written: list[list[str]] = []
    for n in range(rows):
        roll = rng.random()
        if roll < 0.05 and written:
            line = list(rng.choice(written))  # the same company again, further down the list
        else:
            if rng.random() < 0.3:
                name = f"{rng.choice(real)} {2_000_000 + n}"
            else:
                name = f"ООО «{company_name(rng)} {2_000_000 + n}»"
            inn = valid_inn(rng, rng.choice(["77", "78", "50", "23"]))
            phone = f"+7 (812) {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
            if roll < 0.20 and known_inns:
                inn = known_inns.pop()
            elif roll < 0.25 and known_phones:
                inn, phone = "", known_phones.pop()
            elif roll < 0.28:
                inn = inn[:-1] + str((int(inn[-1]) + 1) % 10)  # a broken checksum
            line = [name, inn, phone, f"info@firm{n}.ru", f"www.firm{n}.ru", "Санкт-Петербург"]
            written.append(line)
        writer.writerow(line)
    return out.getvalue().encode("utf-8")


def measure(rows: int, owner: str = "bench1") -> list[str]:
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    data = make_list(rows)
    path = Path("var") / f"bench-list-{rows}.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    made = time.perf_counter() - started
    out = io.StringIO()
    started = time.perf_counter()
    with transaction.atomic():
        call_command("import-companies", str(path), "--owner", owner, "--json", stdout=out)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = json.loads(out.getvalue())
    vendor = connection.vendor
    return [
        f"list {rows} rows ({len(data) / 1e6:.1f} MB) made in {made:.1f} s",
        f"import {vendor}  {json.dumps(result)}",
        f"import {vendor}  {rows} rows  {seconds:.1f} s  peak memory {peak_mb:.0f} MB",
        goal_line(f"import {rows} prospect rows {vendor}", seconds, "s", goal=60),
        goal_line(f"import {rows} prospect rows {vendor}, peak memory", peak_mb, "MB", goal=1024),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.importing")
    parser.add_argument("--size", choices=["10k", "100k", "1M"], default="10k")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    open_bench_database(args.size)
    for line in measure(args.rows):
        print(line)
    import logging

    from bench import matching

    logging.disable(logging.WARNING)  # Splink narrates its training
    for line in matching.measure():  # the quality of the matching the import used
        print(f"match {line}")


if __name__ == "__main__":
    main()
