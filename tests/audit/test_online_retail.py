"""`base_without_contracts` over a real order history: the UCI online-retail export (a UK
wholesaler's invoices) imported as the clients, plus a generated base of prospects nobody has
sold to yet. The expected share is counted here straight from the file.

A sample: the first 8,000 lines (the first days of December 2010, a few hundred
customers), since importing all 541,909 lines takes a minute and tests/orders imports them
already; the share depends on which customers bought, not on how many lines they have."""

import csv
import gzip
import io
import itertools
from datetime import date

import pytest

from otdel.audit import rules
from otdel.audit.selectors import MEASURES, Period, scope_for
from otdel.base.models import Company, Section
from otdel.demo.files import shared_data_dir
from otdel.orders.files import read_lines
from otdel.orders.services import orders_import

SAMPLE_LINES = 8_000
PROSPECTS_PER_CUSTOMER = 15


def test_a_base_of_prospects_around_the_wholesalers_clients(people, tmp_path):
    source = shared_data_dir() / "online_retail.csv.gz"
    if not source.exists():
        pytest.skip("../shared/data is not beside this checkout")
    with gzip.open(source, "rt", encoding="utf-8") as f:
        sample = list(itertools.islice(f, SAMPLE_LINES + 1))  # with the header
    path = tmp_path / "sample.csv"
    path.write_text("".join(sample), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO("".join(sample))))
    customers = {r["CustomerID"] for r in rows if r["CustomerID"]}
    # A customer whose every invoice was a cancellation (numbered C...) paid for nothing.
    paying = {
        r["CustomerID"] for r in rows if r["CustomerID"] and not r["InvoiceNo"].startswith("C")
    }
    prospects = len(customers) * PROSPECTS_PER_CUSTOMER
    expected = rules.share(len(paying), len(customers) + prospects)

    orders_import(read_lines(path))
    Company.objects.bulk_create(
        Company(legal_name=f"Перспектива {n}", section=Section.TO_CALL, search_name=f"{n}")
        for n in range(prospects)
    )
    found = MEASURES["base_without_contracts"](
        scope_for(people.owner), Period(date(2011, 12, 31), 12)
    )

    assert len(customers) > 100 and paying < customers
    assert Company.objects.count() == len(customers) + prospects
    assert found.value == expected
    assert found.count == len(customers) + prospects - len(paying)
    finding = rules.judge(found)
    # About 6 %: under the 10 % of the threshold, above half of it.
    assert finding is not None and finding.severity is rules.Severity.MEDIUM
