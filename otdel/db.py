"""Writing many narrow rows at once."""

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models

BATCH = 5000
_PLAIN = (models.CharField, models.IntegerField, models.ForeignKey, models.BooleanField)


def _batched(rows: Iterable[Sequence[Any]]) -> Iterable[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
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
        quote(meta.db_table), ", ".join(quote(f.column or f.name) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )  # fmt: skip
    with connection.cursor() as cursor:
        for batch in _batched(rows):
            cursor.executemany(sql, [
                [value if prep is None else prep(value) for value, prep in zip(row, prepare, strict=True)]
                for row in batch
            ])  # fmt: skip
