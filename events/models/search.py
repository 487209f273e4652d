"""The search index's row for an event, as the ORM joins it (events.public.search.index).

Not a table Django manages: on SQLite it is the FTS5 table `events_search` (its `rowid` is
the event's id; the column named like the table is what MATCH and bm25() take), on PostgreSQL
a view over the events table's stored search vector under the same names. The triggers and
the generated column that keep it in step with every write are created by migration 0011.
"""

from django.db import models


class SearchDocumentField(models.Field):
    """The indexed text of an event; only the search's lookups read it (`matches`)."""

    description = "An event's full-text search document"


class SearchEntry(models.Model):
    event = models.OneToOneField(
        "Event",
        primary_key=True,
        db_column="rowid",
        # The index follows the events table by itself (triggers, a generated column):
        # deleting an event must not touch it from Django.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_entry",
    )
    document = SearchDocumentField(db_column="events_search")

    class Meta:
        managed = False
        db_table = "events_search"

    def __str__(self):
        return f"Search entry of event {self.pk}"
