"""What an order history import finds already in the base."""

from collections.abc import Iterable
from typing import cast

from django.db import connection
from django.db.models import Field

from otdel.base.models import Company
from otdel.catalog.models import Product
from otdel.db import batched

from .models import Order


def ids_by_value(
    model: type[Company] | type[Product] | type[Order], field_name: str, values: Iterable[str]
) -> dict[str, int]:
    """Value of the field -> id of the row holding it, for the values already in the base
    (merged companies included: their customer codes stay taken)."""
    wanted = sorted(set(values))
    if connection.vendor == "postgresql":
        # All the values as one array parameter: the batches of 5,000 placeholders below cost
        # more to build and for the server to parse than the index lookups themselves.
        meta = model._meta
        quote = connection.ops.quote_name
        field = cast(Field, meta.get_field(field_name))
        column = quote(field.column or field_name)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {column}, {quote(meta.pk.attname)} FROM {quote(meta.db_table)} "  # noqa: S608
                f"WHERE {column} = ANY(%s)",
                [wanted],
            )
            return dict(cursor.fetchall())
    found: dict[str, int] = {}
    manager = Company.all_objects if model is Company else model.objects
    for part in batched(wanted):
        found.update(manager.filter(**{f"{field_name}__in": part}).values_list(field_name, "pk"))
    return found
