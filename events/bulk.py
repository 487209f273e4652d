"""Plain multi-row INSERTs for the import's hot path.

An archive import writes hundreds of thousands of event, source, link and topic rows. Building
a model instance per row for bulk_create costs several times more than the database work, so
rows that need no per-object logic go straight to the database: `executemany` on SQLite,
COPY on PostgreSQL. Columns a caller leaves out get their field's default, so a field
added to a model later cannot break the import.
"""

from collections.abc import Callable, Iterable, Sequence
from itertools import islice

from django.db import connection, models, transaction

CHUNK = 5000


def chunked(items: Iterable, size: int):
    """Lists of up to `size` items, in order."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """INSERT `rows` (tuples in `fields` order) into `model`'s table."""
    opts = model._meta
    given = [opts.get_field(name) for name in fields]
    defaulted = [
        field
        for field in opts.concrete_fields
        if field not in given and not field.primary_key and not field.generated
    ]
    columns = [field.column for field in given + defaulted]
    tail = tuple(field.get_db_prep_save(_default(field), connection) for field in defaulted)
    adapters = [_adapter(field) for field in given]
    sql = _insert_sql(opts.db_table, columns, ignore_conflicts)
    # One transaction: in autocommit mode SQLite would commit after every single row.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            full_rows = (tuple(row) + tail for row in rows)
            if ignore_conflicts:
                _insert_unnest(cursor, opts.db_table, given + defaulted, full_rows)
            else:
                _copy(cursor, opts.db_table, columns, full_rows)
            return
        for chunk in chunked(rows, CHUNK):
            if any(adapters):
                chunk = [_adapt(row, adapters) for row in chunk]
            cursor.executemany(sql, [tuple(row) + tail for row in chunk])


def reserved_ids(model: type[models.Model], count: int) -> list[int]:
    """PostgreSQL: `count` new primary keys from the table's sequence, in ascending order.

    Rows COPYed with these ids need no query afterwards to learn what ids they got.
    """
    sql = "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [table, model._meta.pk.column, count])
        return sorted(row[0] for row in cursor.fetchall())


def commit_without_waiting_for_disk() -> None:
    """PostgreSQL: the current transaction's COMMIT returns before its log reaches the disk.

    For the import's own transactions only (SET LOCAL ends with the transaction), where each
    commit of a large batch waited a quarter of a second for the disk. Safe there: a crash of
    the database server can lose only the last transactions reported committed (those of
    the last ~0.6 s, see wal_writer_delay), whole, never part of one, and never corrupts the
    database; that is the state of an import killed at that moment, which the import's re-run
    repairs (a lost event has no digest in the database, so its file is imported again).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def _insert_unnest(cursor, table: str, fields: list, rows: Iterable[tuple]) -> None:
    """PostgreSQL: one INSERT ... SELECT FROM unnest(arrays) per chunk, skipping conflicts."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in fields)
    sql = f"INSERT INTO {quote(table)} ({names}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"  # noqa: S608, E501
    for chunk in chunked(rows, CHUNK):
        cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])


def _copy(cursor, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """PostgreSQL's COPY: several times faster than INSERTs for large batches."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    # The raw psycopg cursor raises psycopg's errors: made Django's, as every other query's
    # are, so the import's per-file retry catches a conflict (a duplicate key) as one.
    with (
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _insert_sql(table: str, columns: list[str], ignore_conflicts: bool) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    return sql + " ON CONFLICT DO NOTHING" if ignore_conflicts else sql


def _default(field: models.Field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        from django.utils import timezone

        return timezone.now()
    return field.get_default()


def _adapter(field: models.Field) -> Callable | None:
    """Dates and times need the backend's own form; other values pass as they are."""
    kind = field.get_internal_type()
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    return None


def _adapt(row: Sequence, adapters: list[Callable | None]) -> tuple:
    return tuple(
        adapt(value) if adapt and value is not None else value
        for value, adapt in zip(row, adapters, strict=True)
    )
