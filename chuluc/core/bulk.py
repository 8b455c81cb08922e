"""Set-based writes for derived data (combined scores, results, status moves).

``bulk_create`` and ``bulk_update`` build one model instance per row and, on SQLite, split
the rows into statements of at most 999 parameters; ``bulk_update`` also writes one
``CASE WHEN`` per field. For the tens of thousands of rows that the council's ranking
rewrites, these helpers send one prepared statement with the driver's ``executemany``
instead. Values go through each field's ``get_db_prep_save``, exactly as the ORM would
prepare them (JSON, decimals, dates), except for integer, boolean, text and foreign-key
columns, whose values are passed as given: give them as ``int``, ``bool`` and ``str`` (the
ORM's preparation would only check that, at a cost of microseconds per value).
No signals, no ``auto_now``: give every column.
Call them inside the caller's transaction; they do not audit (the calling service does).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection, connections
from django.db.models import (
    BooleanField,
    CharField,
    Field,
    ForeignKey,
    IntegerField,
    Model,
    TextField,
)

CHUNK = 5_000


def _chunks(rows: Iterable[Sequence], size: int = CHUNK) -> Iterable[list[Sequence]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def bulk_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (one value per name in ``fields``, attribute names such as
    ``dossier_id``); returns the number of rows."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # identifiers from the model's own metadata, quoted; every value is a bound parameter
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    prepare = _preparer(columns)
    count = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            cursor.executemany(sql, [prepare(row) for row in chunk])
            count += len(chunk)
    return count


def bulk_update_by_pk(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """``UPDATE … SET fields WHERE pk`` for each row ``(pk, *values)``; returns the count."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in columns),
        quote(meta.pk.column),
    )
    prepare = _preparer(columns)
    count = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            cursor.executemany(sql, [[*prepare(row[1:]), row[0]] for row in chunk])
            count += len(chunk)
    return count


_AS_GIVEN = (IntegerField, BooleanField, CharField, TextField)


def _as_given(field: Field) -> bool:
    if isinstance(field, ForeignKey):
        return isinstance(field.target_field, _AS_GIVEN)
    return isinstance(field, _AS_GIVEN)


def _preparer(columns: Sequence[Field]):
    """A function turning a row into the driver's parameters."""
    conn = connections[connection.alias]  # the wrapper itself, not the per-thread proxy
    steps = [None if _as_given(f) else f.get_db_prep_save for f in columns]

    def prepare(row: Sequence) -> list:
        return [
            value if step is None else step(value, conn)
            for step, value in zip(steps, row, strict=True)
        ]

    return prepare
