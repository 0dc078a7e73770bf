"""Many rows at once: written without model instances, or asked for in parts."""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar, cast

from django.db import connection, models

BATCH = 5000
T = TypeVar("T")
_PLAIN = (models.CharField, models.IntegerField, models.ForeignKey, models.BooleanField)


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """Lists of at most `size` items: a long `__in` lookup is asked for in parts (SQLite takes
    at most 32,766 parameters a query), a long insert is sent in round trips of that size."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT rows of values for `fields` of `model`, BATCH rows a round trip, without building
    model instances: for the imports of 100k-row lists, where bulk_create spends most of its
    time per object in Python. No save(), no signals, no defaults: only for tables whose rows
    carry no logic of their own, with every NOT NULL column given."""
    meta = model._meta
    columns = [cast(models.Field, meta.get_field(name)) for name in fields]
    prepare = [
        None if isinstance(f, _PLAIN) else (lambda v, f=f: f.get_db_prep_save(v, connection))
        for f in columns
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(meta.db_table),
        ", ".join(quote(f.column or f.name) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for batch in batched(rows):
            cursor.executemany(
                sql,
                [
                    [
                        value if prep is None else prep(value)
                        for value, prep in zip(row, prepare, strict=True)
                    ]
                    for row in batch
                ],
            )
