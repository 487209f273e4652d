"""An import leaves the database fresh statistics of the tables it wrote, so its query planner
picks the indexes the public pages' queries are built for (see events.sql)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.archive.importer import import_archive
from events.archive.statistics import refresh_planner_statistics
from events.models import Event
from tests.archive_files import event_text, write_archive

pytestmark = pytest.mark.django_db

TABLES = {
    *("events_event", "events_taggedevent", "events_giventopic", "events_topic"),
    *("events_related", "sources_source"),
}
STORY = {
    "news/2012/02/8/story.md": event_text(
        related=["1. [Later ](/news/2012/09/5/later.md) _Context: Chongqing_"]
    )
}


def analyzed_in(queries) -> set[str]:
    statements = (q["sql"].strip() for q in queries)
    return {sql.split()[1].strip('"') for sql in statements if sql.upper().startswith("ANALYZE")}


def sqlite_statistics() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchall():
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


def forget_sqlite_statistics():
    if sqlite_statistics():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")


def test_an_import_that_writes_refreshes_the_statistics(tmp_path):
    write_archive(tmp_path, STORY)
    if connection.vendor == "sqlite":
        forget_sqlite_statistics()
    with CaptureQueriesContext(connection) as queries:
        import_archive(tmp_path)
    assert analyzed_in(queries) == TABLES
    if connection.vendor == "sqlite":
        # The tables with rows now have statistics (events_topic's index says nothing new).
        assert {"events_event", "events_taggedevent", "sources_source"} <= sqlite_statistics()


def test_a_dry_run_or_an_unchanged_archive_leaves_them_alone(tmp_path):
    write_archive(tmp_path, STORY)
    with CaptureQueriesContext(connection) as queries:
        import_archive(tmp_path, dry_run=True)
    import_archive(tmp_path)
    with CaptureQueriesContext(connection) as again:
        import_archive(tmp_path)
    assert analyzed_in(queries) == analyzed_in(again) == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's ANALYZE may sample")
def test_sqlite_counts_every_row_of_every_index():
    """Sampled, SQLite's row counts disagreed from one index to the next (at 1,000,000 events
    from 314,496 to 872,850) and its planner chose whole-table sorts; read whole, each index
    counts the table."""
    rows = 6000  # more than the 2,000 rows an index a sample read
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            date=datetime.date(2001, 1, 1) + datetime.timedelta(days=k // 10),
            slug=f"event-{k}",
            headline=f"Event {k}.",
            status=Event.Status.PUBLISHED,
            publish_at=now,
            position=k % 10,
        )
        for k in range(rows)
    )
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'events_event' AND idx IS NOT NULL"
        )
        counted = {idx: int(stat.split()[0]) for idx, stat in cursor.fetchall()}
    partial = {"event_without_sources", "event_scheduled_by_time"}
    assert counted and all(n == rows for idx, n in counted.items() if idx not in partial), counted
