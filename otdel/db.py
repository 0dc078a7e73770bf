"""Many rows at once: written without model instances, or asked for in parts."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.transaction import TransactionManagementError

BATCH = 5000
T = TypeVar("T")
M = TypeVar("M", bound=models.Model)
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


def _preparer(field: models.Field, db: Any) -> Callable[[Any], Any]:
    """A column's values as the database takes them. A Decimal goes as it is: every backend's
    adapter passes it through, and an order history has two of them a line."""
    if isinstance(field, models.DecimalField):
        return lambda v: v if type(v) is Decimal else field.get_db_prep_save(v, db)
    return lambda v: field.get_db_prep_save(v, db)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    as_is: bool = False,
) -> None:
    """INSERT rows of values for `fields` of `model` without building model instances: for the
    imports of 100k-row lists, where bulk_create spends most of its time per object in Python.
    PostgreSQL takes them by COPY (6-8x faster than INSERTs at 70k rows, measured on the
    prospect import), SQLite in INSERTs of BATCH rows a round trip. No save(), no signals, no
    defaults: only for tables whose rows carry no logic of their own, with every NOT NULL
    column given. `as_is`: the caller's values are already what the driver takes (ids, texts,
    booleans, Decimals, aware datetimes), and only what the database needs in another form is
    prepared: on SQLite an aware datetime, which it stores as UTC text."""
    meta = model._meta
    columns = [cast(models.Field, meta.get_field(name)) for name in fields]
    # The connection itself, not the thread-local proxy: each attribute read through the
    # proxy costs a lookup, and an import prepares a value per row and column.
    db = connections[DEFAULT_DB_ALIAS]
    prepare = [
        None
        if isinstance(f, _PLAIN)
        or (as_is and not (db.vendor == "sqlite" and isinstance(f, models.DateTimeField)))
        else _preparer(f, db)
        for f in columns
    ]

    def prepared(row: Sequence[Any]) -> Sequence[Any]:
        return [
            value if prep is None else prep(value) for value, prep in zip(row, prepare, strict=True)
        ]

    ready = map(prepared, rows) if any(prepare) else rows
    quote = connection.ops.quote_name
    target = "{} ({})".format(
        quote(meta.db_table), ", ".join(quote(f.column or f.name) for f in columns)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {target} FROM STDIN") as copy:  # noqa: S608 (model names)
                for row in ready:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {target} VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        for batch in batched(ready):
            cursor.executemany(sql, batch)


def _new_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` ids drawn at once from the table's sequence (PostgreSQL)."""
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_numbered(
    model: type[models.Model], fields: Sequence[str], rows: list[Sequence[Any]], *, as_is: bool
) -> list[int]:
    """insert_rows, returning the new rows' ids in the rows' order, for writing their children
    without reading the rows back by a key. Inside a transaction."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("insert_numbered knows the new ids only in a transaction")
    if connection.vendor == "postgresql":
        ids = _new_ids(model, len(rows))
        insert_rows(
            model,
            ["id", *fields],
            ((pk, *row) for pk, row in zip(ids, rows, strict=True)),
            as_is=as_is,
        )
        return ids
    # SQLite numbers rows upwards and never reuses a number (Django's keys are AUTOINCREMENT),
    # and nobody else writes until this transaction ends: the highest ids are these rows'.
    insert_rows(model, fields, rows, as_is=as_is)
    newest = model._default_manager.order_by("-pk").values_list("pk", flat=True)[: len(rows)]
    return list(newest)[::-1]


def create_objects(model: type[M], objects: list[M]) -> list[M]:
    """bulk_create for many new rows of a wide table: on PostgreSQL their ids are drawn from
    the table's sequence in one query and the rows COPied (bulk_create prepares every field of
    every object through the query compiler: most of a 100k-row import's time); elsewhere
    bulk_create. Sets the primary keys; fields' pre_save (auto_now_add) runs as in a save."""
    if connection.vendor != "postgresql" or not objects:
        return model._default_manager.bulk_create(objects, batch_size=BATCH)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.generated]
    for obj, pk in zip(objects, _new_ids(model, len(objects)), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, DEFAULT_DB_ALIAS
    insert_rows(
        model,
        [f.name for f in fields],
        ([f.pre_save(obj, True) for f in fields] for obj in objects),
    )
    return objects


def insert_select(model: type[models.Model], fields: Sequence[str], rows: Any) -> int:
    """INSERT ... SELECT: the rows of a `values_list` queryset, in the order of `fields`, written
    by the database in one statement whatever their number. Returns how many were written."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(cast(models.Field, meta.get_field(name)).column or name) for name in fields
    )
    select_sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) {select_sql}", params)  # noqa: S608
        return cursor.rowcount
