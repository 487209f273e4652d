"""The words of the full-text index, with how many events hold each: what "Did you mean"
chooses from (events.public.search.suggestions). Kept as data, never worked out per request.

- SQLite: `events_search_vocab`, an FTS5 `fts5vocab` table over the index (events_search):
  FTS5's own view of its terms, always in step with the index and costing nothing to keep.
- PostgreSQL: a plain table of the same name and columns, filled from the stored search
  vectors by `refresh_search_words()` (PostgreSQL's `ts_stat`, which reads every document:
  run after each import and by `manage.py refresh_search_words`, never per request). Words
  an editor adds between imports are missing from it until the next refresh; a suggestion is
  only ever offered when it finds events, so a missing word costs a suggestion, never a
  wrong one.

Either way its terms are the index's stems ("earthquak"), of every event, drafts included:
the search page offers a word only when the corrected search finds public events.
Installed by migration 0018.
"""

from django.db import connections, models, transaction

TABLE = "events_search_vocab"
# Plain literals (no names put together at run time); TABLE names the same table.
SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE events_search_vocab USING fts5vocab('events_search', 'row')"
]
POSTGRESQL_INSTALL = [
    "CREATE TABLE events_search_vocab"
    " (term text PRIMARY KEY, doc integer NOT NULL, cnt integer NOT NULL)"
]
# Rewritten whole, in one transaction, so searches see the old words or the new ones.
POSTGRESQL_REFRESH = [
    "DELETE FROM events_search_vocab",
    "INSERT INTO events_search_vocab (term, doc, cnt) SELECT word, ndoc, nentry"
    " FROM ts_stat('SELECT search_document FROM events_event')",
]


class SearchWord(models.Model):
    """A term of the index (a stem, as the database stems words) and the number of events
    (`doc`) and times (`cnt`) it appears in."""

    term = models.TextField(primary_key=True)
    doc = models.IntegerField()
    cnt = models.IntegerField()

    class Meta:
        managed = False
        db_table = TABLE

    def __str__(self):
        return f"{self.term} ({self.doc} events)"


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRESQL_INSTALL}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
    if vendor == "postgresql":
        refresh_search_words(schema_editor.connection.alias)


def remove(schema_editor) -> None:
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute("DROP TABLE IF EXISTS events_search_vocab")


def refresh_search_words(using: str = "default") -> None:
    """Fill PostgreSQL's word table from the index anew (SQLite's is always in step)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in POSTGRESQL_REFRESH:
            cursor.execute(statement)
