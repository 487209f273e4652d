"""The database's planner statistics of the archive's tables, refreshed as an import grows
them (events.archive.importer.STATISTICS_AFTER) and after it."""

from django.db import connections

from events.models import Event, GivenTopic, Related, TaggedEvent, Topic
from sources.models import Source


def refresh_planner_statistics(using: str = "default") -> None:
    """Have the database read its statistics of the archive's tables again (ANALYZE).

    After an import changed them wholesale: SQLite keeps no statistics until asked, and without
    them its planner may take `status IN (...)` for selective and read a whole table instead of
    an index range. PostgreSQL samples a fixed number of rows. SQLite reads every index whole:
    sampled (analysis_limit = 2,000 rows an index), its row counts at 1,000,000 events ran
    from 314,496 to 872,850 for one table, and its planner sorted every public event for the
    home page's first date (506 ms, against 101 ms), read the sources' list in 7.8 s (71 ms);
    every table read whole takes 5 s at that size.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (Event, TaggedEvent, GivenTopic, Topic, Related, Source):
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
