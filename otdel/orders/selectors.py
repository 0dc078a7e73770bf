"""What an order history import finds already in the base."""

from collections.abc import Iterable

from otdel.base.models import Company
from otdel.catalog.models import Product
from otdel.db import batched

from .models import Order


def ids_by_value(
    model: type[Company] | type[Product] | type[Order], field_name: str, values: Iterable[str]
) -> dict[str, int]:
    """Value of the field -> id of the row holding it, for the values already in the base."""
    found: dict[str, int] = {}
    manager = Company.all_objects if model is Company else model.objects
    for part in batched(sorted(set(values))):
        found.update(manager.filter(**{f"{field_name}__in": part}).values_list(field_name, "pk"))
    return found
