"""Plain multi-row INSERTs for the import's hot path.

An archive import writes hundreds of thousands of source, link and topic rows. Building a
model instance per row for bulk_create costs several times more than the database work, so
rows that need no per-object logic go straight to `executemany` (batched on SQLite, pipelined
by psycopg on PostgreSQL).
"""

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection, models

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
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        for chunk in chunked(rows, CHUNK):
            cursor.executemany(sql, chunk)
