"""The order history of existing clients, from the company's accounting or shop export: one
line per product of an invoice. Missing clients and products are created; an invoice already
in the base is left as it is, so the same export (or an overlapping one) can be loaded again.
All or nothing: a broken line refuses the whole file, naming the lines."""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from otdel.base import services as base_services
from otdel.base.models import Company
from otdel.catalog.models import Product
from otdel.db import BATCH, insert_numbered, insert_rows
from otdel.org.language import company_language
from otdel.stages import config
from otdel.stages.models import StageKind

from .files import OrdersReport, parse
from .models import Order, OrderLine
from .selectors import ids_by_value


@transaction.atomic
def orders_import(rows: Iterable[list[str]]) -> OrdersReport:
    """Load an order history; the counts say what was created (orders, customers, products),
    how many lines were read, how many of the loaded lines are returns, and how many lines
    were skipped (no client, or an invoice already in the base)."""
    invoices, descriptions, report = parse(rows)
    known_orders = ids_by_value(Order, "number", invoices)
    for number in known_orders:
        invoice = invoices.pop(number)
        report.skipped += len(invoice.lines)
        report.returns -= sum(line[4] for line in invoice.lines)
    customers = ids_by_value(Company, "customer_code", (i.customer for i in invoices.values()))
    new_customers = sorted({i.customer for i in invoices.values()} - set(customers))
    client_state = config.current().first(StageKind.CLIENT)
    with translation.override(company_language()):  # named in the company's language
        created = [
            base_services.NewCompany(
                Company(
                    legal_name=_("Client %(code)s") % {"code": code},
                    customer_code=code,
                    state=client_state,
                    section="",
                )
            )
            for code in new_customers
        ]
    base_services.companies_create(new=created, acting_user=None, rule="import_orders")
    customers.update({item.company.customer_code: item.company.pk for item in created})
    codes = {line[0] for invoice in invoices.values() for line in invoice.lines}
    products = ids_by_value(Product, "code", codes)
    new_products = Product.objects.bulk_create(
        [
            Product(code=code, name=descriptions.get(code) or code)
            for code in sorted(codes - set(products))
        ],
        batch_size=BATCH,
    )
    products.update({p.code: p.pk for p in new_products})
    # Rows, not model instances (bulk_create prepares each object field by field): every value
    # is already what the database takes (ids, texts, Decimals, aware datetimes).
    numbers = list(invoices)
    order_ids = insert_numbered(
        Order,
        ["company", "number", "ordered_at", "is_return", "country"],
        [
            (customers[i.customer], number, i.ordered_at, i.is_return, i.country)
            for number, i in invoices.items()
        ],
        as_is=True,
    )
    insert_rows(
        OrderLine,
        ["order", "product", "description", "quantity", "unit_price", "is_return"],
        (
            (order_id, products[code], description, quantity, price, is_return)
            for order_id, number in zip(order_ids, numbers, strict=True)
            for code, description, quantity, price, is_return in invoices[number].lines
        ),
        as_is=True,
    )
    report.orders = len(invoices)
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
            OrderLine(
                order=order,
                product_id=item.product_id,
                description=item.product.name[:300],
                quantity=item.quantity,
                unit_price=(item.amount / item.quantity).quantize(Decimal("0.0001")),
            )
            for item in deal.items.select_related("product")
        )
    return order
