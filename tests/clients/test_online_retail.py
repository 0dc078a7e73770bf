"""client-watch on the real UCI online-retail history (4,372 customers), its lists checked
against a computation made here straight from the file, in plain Python, apart from the code:
an order is an invoice not numbered C...; orders of one day are one; a client with 3 order days
or more is regular; his interval is the median of the last 6 gaps between order days, rounded
up; due from that many days, dormant past twice that and at least 30 days; dropping when the
last 3 months' net revenue (returns subtracted) is under half of the same months a year before."""

import csv
import gzip
import json
import math
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from otdel.demo.files import shared_data_dir

AS_OF = date(2011, 12, 9)  # the file's last day
RECENT = (date(2011, 9, 10), date(2011, 12, 9))
YEAR_BEFORE = (date(2010, 9, 10), date(2010, 12, 9))


def expected_from_the_file(path) -> dict[str, object]:
    first_line_day: dict[str, date] = {}
    customer_of: dict[str, str] = {}
    amount: dict[str, Decimal] = defaultdict(Decimal)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            customer = row["CustomerID"]
            if not customer:
                continue
            invoice = row["InvoiceNo"]
            if invoice not in first_line_day:
                first_line_day[invoice] = datetime.strptime(
                    row["InvoiceDate"], "%Y-%m-%d %H:%M:%S"
                ).date()
                customer_of[invoice] = customer
            amount[invoice] += Decimal(row["Quantity"]) * Decimal(row["UnitPrice"])
    order_days: dict[str, set[date]] = defaultdict(set)
    recent: dict[str, Decimal] = defaultdict(Decimal)
    before: dict[str, Decimal] = defaultdict(Decimal)
    for invoice, customer in customer_of.items():
        day = first_line_day[invoice]
        if not invoice.upper().startswith("C"):
            order_days[customer].add(day)
        if RECENT[0] <= day <= RECENT[1]:
            recent[customer] += amount[invoice]
        if YEAR_BEFORE[0] <= day <= YEAR_BEFORE[1]:
            before[customer] += amount[invoice]
    regular, due, dormant = 0, [], []
    for customer, days in order_days.items():
        if len(days) < 3:
            continue
        regular += 1
        last = sorted(days)[-7:]
        gaps = sorted((b - a).days for a, b in zip(last, last[1:], strict=False))
        middle = len(gaps) // 2
        median = gaps[middle] if len(gaps) % 2 else (gaps[middle - 1] + gaps[middle]) / 2
        interval = max(1, math.ceil(median))
        quiet = (AS_OF - last[-1]).days
        if quiet > 2 * interval and quiet >= 30:
            dormant.append(customer)
        elif quiet >= interval:
            due.append(customer)
    dropping = [c for c in set(customer_of.values()) if before[c] > 0 and recent[c] * 2 < before[c]]
    return {
        "clients": len(set(customer_of.values())),
        "regular": regular,
        "due": sorted(due, key=int),
        "dormant": sorted(dormant, key=int),
        "dropping": sorted(dropping, key=int),
    }


def test_client_watch_on_the_online_retail_history(db):
    path = shared_data_dir() / "online_retail.csv.gz"
    if not path.exists():
        pytest.skip("../shared/data is not beside this checkout")
    call_command("import-orders", str(path), stdout=StringIO())
    out = StringIO()
    call_command("client-watch", "--as-of", AS_OF.isoformat(), "--json", stdout=out)
    found = json.loads(out.getvalue())
    expected = expected_from_the_file(path)
    assert found == expected
    # Not a page of zeros: the file has every kind of client.
    assert found["clients"] == 4372 and found["regular"] > 1000
    assert all(len(found[kind]) > 100 for kind in ("due", "dormant", "dropping"))
