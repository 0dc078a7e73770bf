"""Reading an order history export (CSV or CSV.gz, one line per product of an invoice) into
invoices, refusing the whole file, naming the lines, when one is broken."""

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

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
# The fields in the order parse() reads them from a line.
_FIELDS = ("invoice", "product", "description", "quantity", "date", "price", "customer", "country")
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
        return {
            "lines": self.lines,
            "orders": self.orders,
            "customers": self.customers,
            "products": self.products,
            "returns": self.returns,
            "skipped": self.skipped,
        }


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


def columns(header: list[str]) -> dict[str, int]:
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
    at = columns(header)
    report = OrdersReport()
    invoices: dict[str, _Invoice] = {}
    descriptions: dict[str, str] = {}
    errors: list[tuple[int, str]] = []
    # An invoice's lines repeat its date, and a few thousand quantities and prices make up
    # the whole file: each distinct text is read and checked once (strptime and the time zone
    # cost more than all the rest of a line, Decimal and its range check as much again).
    dates: dict[str, datetime] = {}
    quantities: dict[str, Decimal] = {}
    prices: dict[str, Decimal] = {}
    customers: dict[str, str] = {}
    # Counted in locals: an attribute of the report costs a lookup and a store per line.
    number = skipped = returns = 0
    # The cells of a line by position, in one call: a column the file lacks reads the empty
    # cell put after the last one.
    width = max(at.values()) + 1
    positions = [at.get(c, width) for c in _FIELDS]
    pick = itemgetter(*positions)
    needed = max(positions) + 1
    for number, row in enumerate(iterator, start=2):
        cells = row if len(row) >= needed else row + [""] * (needed - len(row))
        (
            invoice_no,
            product,
            description,
            quantity_text,
            date_text,
            price_text,
            customer,
            country,
        ) = map(str.strip, pick(cells))
        if not customer:
            skipped += 1
            continue
        customer = customers.get(customer) or customers.setdefault(customer, _customer(customer))
        quantity = quantities.get(quantity_text)
        price = prices.get(price_text)
        ordered_at = dates.get(date_text)
        fresh = quantity is None or price is None
        if quantity is None or price is None or ordered_at is None:
            try:
                quantity = Decimal(quantity_text.replace(",", "."))
                price = Decimal(price_text.replace(",", "."))
                ordered_at = dates.get(date_text) or dates.setdefault(date_text, _date(date_text))
            except (InvalidOperation, ValueError):
                errors.append(
                    (
                        number,
                        _("quantity, price or date is not readable: %(cells)s")
                        % {"cells": ", ".join(row)},
                    )
                )
                continue
        if not invoice_no or not product:
            errors.append((number, _("no invoice number or product code")))
            continue
        if fresh:
            if (
                not (quantity.is_finite() and price.is_finite())
                or abs(quantity) >= 10**11
                or abs(price) >= 10**10
            ):
                errors.append((number, _("quantity or price out of range")))
                continue
            quantities[quantity_text], prices[price_text] = quantity, price
        invoice = invoices.get(invoice_no)
        if invoice is None:
            invoice = invoices[invoice_no] = _Invoice(
                customer=customer,
                ordered_at=ordered_at,
                country=country[:100],
                is_return=invoice_no.upper().startswith("C"),
            )
        elif invoice.customer != customer:
            errors.append(
                (
                    number,
                    _("invoice %(invoice)s has lines of two clients: %(a)s and %(b)s")
                    % {"invoice": invoice_no, "a": invoice.customer, "b": customer},
                )
            )
            continue
        is_return = invoice.is_return or quantity < 0
        returns += is_return
        code = product[:64]
        description = description[:300]
        descriptions.setdefault(code, description)
        invoice.lines.append((code, description, quantity, price, is_return))
    report.lines, report.skipped, report.returns = max(number - 1, 0), skipped, returns
    if errors:
        shown = "; ".join(
            _("line %(n)s: %(why)s") % {"n": n, "why": why} for n, why in errors[:ERRORS_SHOWN]
        )
        more = len(errors) - ERRORS_SHOWN
        raise OrdersRejected(
            _("%(count)s broken lines, nothing imported. %(shown)s%(more)s")
            % {
                "count": len(errors),
                "shown": shown,
                "more": _(" (and %(n)s more)") % {"n": more} if more > 0 else "",
            },
            errors,
        )
    return invoices, descriptions, report
