"""`otdel import-orders`: the order history of existing clients (issue 5, item 6)."""

import csv
import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from otdel.base.models import Company
from otdel.catalog.models import Product
from otdel.demo.files import shared_data_dir
from otdel.orders.models import Order, OrderLine
from otdel.stages import config
from tests.factories import CompanyFactory

pytestmark = pytest.mark.usefixtures("english")

HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
LINES = [
    "536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
    "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom",
    "536366,85123A,WHITE HANGING HEART,-2,2010-12-02 09:00:00,2.55,13047.0,France",  # a return
    "C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527,United Kingdom",  # a cancellation
    "536414,22139,no customer,56,2010-12-01 11:52:00,0,,United Kingdom",  # skipped
]


def run(tmp_path, lines, name="orders.csv", gz=False):
    text = "\n".join([HEADER, *lines]) + "\n"
    path = tmp_path / (name + (".gz" if gz else ""))
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())
    out = StringIO()
    call_command("import-orders", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("gz", [False, True])
def test_counts_customers_products_returns(db, tmp_path, gz):
    assert run(tmp_path, LINES, gz=gz) == {
        "lines": 5,
        "orders": 3,
        "customers": 3,
        "products": 3,
        "returns": 2,
        "skipped": 1,
    }
    client = Company.objects.get(customer_code="17850")
    assert client.legal_name == "Клиент 17850"  # named in the company's language
    assert client.state == config.current().first("client")
    assert Company.objects.filter(customer_code="13047").exists()  # "13047.0" from a spreadsheet
    order = Order.objects.get(number="536365")
    assert (order.company, order.country, order.lines.count()) == (client, "United Kingdom", 2)
    assert Order.objects.get(number="C536379").is_return
    assert list(
        OrderLine.objects.filter(is_return=True)
        .values_list("quantity", flat=True)
        .order_by("quantity")
    ) == [-2, -1]
    assert Product.objects.get(code="85123A").name == "WHITE HANGING HEART"
    assert client.events.filter(kind="created", rule="import_orders").exists()


def test_existing_clients_and_invoices_are_kept(db, tmp_path):
    known = CompanyFactory(legal_name="ООО «Известный»", customer_code="17850")
    run(tmp_path, LINES[:2])
    assert Order.objects.get(number="536365").company == known
    again = run(tmp_path, LINES)
    assert (again["orders"], again["customers"], again["skipped"]) == (2, 2, 3)
    assert Order.objects.count() == 3


def test_broken_lines_refuse_the_file_naming_them_and_write_nothing(db, tmp_path):
    lines = [
        *LINES,
        "536367,X,bad,two,2010-12-01 08:26:00,1,17850,UK",
        "536368,X,bad,1,31.02.2011,1,17850,UK",
    ]
    with pytest.raises(CommandError) as refused:
        run(tmp_path, lines)
    assert "line 7" in str(refused.value) and "line 8" in str(refused.value)
    assert "nothing imported" in str(refused.value)
    assert not Order.objects.exists() and not Company.objects.exists()


def test_missing_columns_and_empty_files_are_named(db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("InvoiceNo,Quantity\n1,2\n")
    with pytest.raises(CommandError, match="Columns missing: product, date, price, customer"):
        call_command("import-orders", str(path))
    path.write_text("")
    with pytest.raises(CommandError, match="is empty"):
        call_command("import-orders", str(path))


def test_the_online_retail_file(db):
    """The real export: 541,909 lines. The expected numbers are counted here straight from the
    file, independently of the importer."""
    path = shared_data_dir() / "online_retail.csv.gz"
    if not path.exists():
        pytest.skip("../shared/data is not beside this checkout")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    kept = [r for r in rows if r["CustomerID"]]
    expected = {
        "lines": len(rows),
        "orders": len({r["InvoiceNo"] for r in kept}),
        "customers": len({r["CustomerID"] for r in kept}),
        "products": len({r["StockCode"] for r in kept}),
        "returns": sum(r["InvoiceNo"].startswith("C") or float(r["Quantity"]) < 0 for r in kept),
        "skipped": len(rows) - len(kept),
    }
    out = StringIO()
    with translation.override("en"):
        call_command("import-orders", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == expected
    assert expected["lines"] == 541_909
    assert OrderLine.objects.count() == len(kept)
