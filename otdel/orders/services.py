"""The order history of existing clients, from the company's accounting or shop export: one
line per product of an invoice. Missing clients and products are created; an invoice already
in the base is left as it is, so the same export (or an overlapping one) can be loaded again.
All or nothing: a broken line refuses the whole file, naming the lines."""

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from otdel.algorithm import config
from otdel.algorithm.models import StageKind
from otdel.base import services as base_services
from otdel.base.models import Company
from otdel.catalog.models import Product
from otdel.db import BATCH, batched, insert_rows

from .models import Order, OrderLine

# Column -> the header spellings accepted for it (compared case- and space-insensitively).
COLUMNS = {
    "invoice": ("invoiceno", "invoice", "invoice_no", "номер", "номер счета", "счет"),
    "product": ("stockcode", "product_code", "product", "код", "артикул"),
    "description": ("description", "описание", "наименование"),
    "quantity": ("quantity", "qty", "количество"),
    "date": ("invoicedate", "date", "дата"),
    "price": ("unitprice", "unit_price", "price", "цена"),
    "customer": ("customerid", "customer_id", "customer", "клиент", "код клиента"),
    "country": ("country", "страна"),
}
REQUIRED = ("invoice", "product", "quantity", "date", "price", "customer")
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d")
ERRORS_SHOWN = 20


class OrdersRejected(Exception):
    """The file cannot be imported; `errors` are (line number, message), the message says all."""

    def __init__(self, message: str, errors: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.errors = errors or []


@dataclass
class _Invoice:
    customer: str
    ordered_at: datetime
    country: str
    is_return: bool
    lines: list[tuple[str, str, Decimal, Decimal, bool]] = field(default_factory=list)


@dataclass
class OrdersReport:
    lines: int = 0
    orders: int = 0
    customers: int = 0
    products: int = 0
    returns: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"lines": self.lines, "orders": self.orders, "customers": self.customers,
                "products": self.products, "returns": self.returns, "skipped": self.skipped}  # fmt: skip


def read_lines(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV or CSV.gz file (UTF-8, or Windows-1251 when it is not UTF-8)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise OrdersRejected(
                _("%(file)s is not a readable gzip file.") % {"file": path.name}
            ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
    if not text.strip():
        raise OrdersRejected(_("The file %(file)s is empty.") % {"file": path.name})
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count)
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _columns(header: list[str]) -> dict[str, int]:
    folded = [h.strip().lower().replace(" ", "") for h in header]
    found: dict[str, int] = {}
    for column, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling.replace(" ", "") in folded:
                found[column] = folded.index(spelling.replace(" ", ""))
                break
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise OrdersRejected(
            _("Columns missing: %(missing)s. Columns found: %(found)s.")
            % {"missing": ", ".join(missing), "found": ", ".join(header) or "—"}
        )
    return found


def _date(text: str) -> datetime:
    for pattern in DATE_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(text, pattern))
        except ValueError:
            continue
    raise ValueError(text)


def _customer(text: str) -> str:
    # Spreadsheets turn "17850" into "17850.0".
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def parse(rows: Iterable[list[str]]) -> tuple[dict[str, _Invoice], dict[str, str], OrdersReport]:
    """Invoices by number and product descriptions by code; raises OrdersRejected listing the
    broken lines (line 1 is the header)."""
    iterator = iter(rows)
    header = next(iterator, [])
    at = _columns(header)
    report = OrdersReport()
    invoices: dict[str, _Invoice] = {}
    descriptions: dict[str, str] = {}
    errors: list[tuple[int, str]] = []
    for number, row in enumerate(iterator, start=2):
        report.lines += 1
        cell = {c: (row[i].strip() if i < len(row) else "") for c, i in at.items()}
        customer = _customer(cell["customer"])
        if not customer:
            report.skipped += 1
            continue
        try:
            quantity = Decimal(cell["quantity"].replace(",", "."))
            price = Decimal(cell["price"].replace(",", "."))
            ordered_at = _date(cell["date"])
        except (InvalidOperation, ValueError):
            errors.append((number, _("quantity, price or date is not readable: %(cells)s")
                           % {"cells": ", ".join(row)}))  # fmt: skip
            continue
        if not cell["invoice"] or not cell["product"]:
            errors.append((number, _("no invoice number or product code")))
            continue
        if (
            not (quantity.is_finite() and price.is_finite())
            or abs(quantity) >= 10**11
            or abs(price) >= 10**10
        ):
            errors.append((number, _("quantity or price out of range")))
            continue
        invoice = invoices.get(cell["invoice"])
        if invoice is None:
            invoice = invoices[cell["invoice"]] = _Invoice(
                customer=customer, ordered_at=ordered_at, country=cell.get("country", "")[:100],
                is_return=cell["invoice"].upper().startswith("C"),
            )  # fmt: skip
        elif invoice.customer != customer:
            errors.append((number, _("invoice %(invoice)s has lines of two clients: %(a)s and %(b)s")
                           % {"invoice": cell["invoice"], "a": invoice.customer, "b": customer}))  # fmt: skip
            continue
        is_return = invoice.is_return or quantity < 0
        report.returns += is_return
        code = cell["product"][:64]
        descriptions.setdefault(code, cell.get("description", "")[:300])
        invoice.lines.append((code, cell.get("description", "")[:300], quantity, price, is_return))
    if errors:
        shown = "; ".join(_("line %(n)s: %(why)s") % {"n": n, "why": why}
                          for n, why in errors[:ERRORS_SHOWN])  # fmt: skip
        more = len(errors) - ERRORS_SHOWN
        raise OrdersRejected(
            _("%(count)s broken lines, nothing imported. %(shown)s%(more)s")
            % {"count": len(errors), "shown": shown,
               "more": _(" (and %(n)s more)") % {"n": more} if more > 0 else ""},
            errors,
        )  # fmt: skip
    return invoices, descriptions, report


def _existing(model: type[Company] | type[Product] | type[Order], field_name: str,
              values: Iterable[str]) -> dict[str, int]:  # fmt: skip
    found: dict[str, int] = {}
    manager = Company.all_objects if model is Company else model.objects
    for part in batched(sorted(set(values))):
        found.update(manager.filter(**{f"{field_name}__in": part}).values_list(field_name, "pk"))
    return found


@transaction.atomic
def import_orders(rows: Iterable[list[str]]) -> OrdersReport:
    """Load an order history; the counts say what was created (orders, customers, products),
    how many lines were read, how many of the loaded lines are returns, and how many lines
    were skipped (no client, or an invoice already in the base)."""
    invoices, descriptions, report = parse(rows)
    known_orders = _existing(Order, "number", invoices)
    for number in known_orders:
        invoice = invoices.pop(number)
        report.skipped += len(invoice.lines)
        report.returns -= sum(line[4] for line in invoice.lines)
    customers = _existing(Company, "customer_code", (i.customer for i in invoices.values()))
    new_customers = sorted({i.customer for i in invoices.values()} - set(customers))
    client_state = config.current().first(StageKind.CLIENT)
    with translation.override(settings.LANGUAGE_CODE):  # named in the company's language
        created = [
            base_services.NewCompany(Company(legal_name=_("Client %(code)s") % {"code": code},
                                             customer_code=code, state=client_state, section=""))
            for code in new_customers
        ]  # fmt: skip
    base_services.companies_create(new=created, acting_user=None, rule="import_orders")
    customers.update({item.company.customer_code: item.company.pk for item in created})
    codes = {line[0] for invoice in invoices.values() for line in invoice.lines}
    products = _existing(Product, "code", codes)
    new_products = Product.objects.bulk_create(
        [
            Product(code=code, name=descriptions.get(code) or code)
            for code in sorted(codes - set(products))
        ],
        batch_size=BATCH,
    )
    products.update({p.code: p.pk for p in new_products})
    orders = Order.objects.bulk_create(
        [Order(company_id=customers[i.customer], number=number, ordered_at=i.ordered_at,
               is_return=i.is_return, country=i.country) for number, i in invoices.items()],
        batch_size=BATCH,
    )  # fmt: skip
    insert_rows(
        OrderLine, ["order", "product", "description", "quantity", "unit_price", "is_return"],
        ((order.pk, products[code], description, quantity, price, is_return)
         for order, invoice in zip(orders, invoices.values(), strict=True)
         for code, description, quantity, price, is_return in invoice.lines),
    )  # fmt: skip
    report.orders = len(orders)
    report.customers = len(created)
    report.products = len(new_products)
    return report


def order_from_invoice(invoice: Any, paid_on: date) -> Order:
    """A paid invoice joins the client's order history, dated the day the money came (METHOD:
    a sale counts when it is paid), so that hand-off and segmentation count deals and imported
    orders alike."""
    deal = invoice.deal
    paid_at = timezone.make_aware(datetime.combine(paid_on, time(12)))
    order, created = Order.objects.get_or_create(
        number=invoice.number, defaults={"company_id": deal.company_id, "ordered_at": paid_at}
    )
    if created:
        OrderLine.objects.bulk_create(
            OrderLine(order=order, product_id=item.product_id, description=item.product.name[:300],
                      quantity=item.quantity, unit_price=(item.amount / item.quantity).quantize(Decimal("0.0001")))
            for item in deal.items.select_related("product")
        )  # fmt: skip
    return order
