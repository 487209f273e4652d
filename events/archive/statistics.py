"""The database's planner statistics of the archive's tables, refreshed as an import grows
them (events.archive.importer.STATISTICS_AFTER) and after it."""

from django.db import connections

from events.models import Event, GivenTopic, Related, TaggedEvent, Topic
from sources.models import Source

SQLITE_ANALYSIS_LIMIT = 2000  # rows read per index: estimates as good, on any size of archive


def refresh_planner_statistics(using: str = "default") -> None:
    """Have the database read its statistics of the archive's tables again (ANALYZE).

    After an import changed them wholesale: SQLite keeps no statistics until asked, and without
    them its planner may take `status IN (...)` for selective and read a whole table instead of
    an index range. Sampling bounds the work on a large database (SQLite's analysis_limit;
    PostgreSQL always samples).
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        for model in (Event, TaggedEvent, GivenTopic, Topic, Related, Source):
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 0")
