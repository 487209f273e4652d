"""The full-text index of the events' headlines and summaries, and what keeps it in step.

`SearchEntry` is an event's row as the ORM joins it (searching it: events.public.search.index).
Not a table Django manages: on SQLite it is the FTS5 table `events_search` (its `rowid` is
the event's id; the column named like the table is what MATCH and bm25() take), on PostgreSQL
a view over the events table's stored search vector under the same names.

- SQLite: FTS5 (porter stemming over unicode61, diacritics folded), an external-content index
  of the events table's headline and summary. Triggers on the events table keep it in step, so
  no write path can miss it: the admin, bulk actions, `QuerySet.update()`/`bulk_update()`,
  revision restores and deletions; an update that leaves the text as it was costs the index
  nothing. The import's batches index their new events in one statement instead
  (`indexing_in_bulk`): a trigger run per row cost 6.6 s for 20,000 events, one statement after
  them 2.1 s (events, their indexes and the text together; 1.6 s without the text).
- PostgreSQL: `events_event.search_document`, a STORED generated tsvector (the headline
  weighted A, the summary B, english configuration) with a GIN index; the view `events_search`
  shows it under the names the model joins. Computing and indexing it costs about 37
  microseconds an event (100,000 rows: 0.18 s without, 3.9 s with). Changing the type of the
  headline or summary column later means dropping this generated column (and its view) first
  and adding them back after: PostgreSQL refuses to alter a column that a generated column
  reads.

Rebuilding a table on SQLite (Django does that for many column changes) drops its triggers:
`restore_sqlite_triggers`, run after every migrate, puts them back and rebuilds the index.
Installed by migration 0012.
"""

from contextlib import contextmanager

from django.db import connections, models, transaction
from django.db.models.signals import post_migrate


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


TABLE = "events_search"

# Plain literals (no names put together at run time); TABLE names the same table.
# `prefix='1 2'`: FTS5 keeps the words' first one and two letters as terms of their own, so a
# prefix search (`t*`, `b* or c* or ...`) reads one list instead of merging the lists of every
# word so starting (100,000-event bench database: `t*` counted in 17 against 182 ms, six
# one-letter prefixes OR-ed in 66 against 1,045 ms; the index built in 18 s).
SQLITE_TABLE = """
CREATE VIRTUAL TABLE events_search USING fts5(
    headline, summary, content='events_event', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2', prefix='1 2'
)"""
SQLITE_TABLE_WITHOUT_PREFIXES = SQLITE_TABLE.replace(", prefix='1 2'", "")
SQLITE_TRIGGERS = {
    "events_search_after_insert": """
CREATE TRIGGER IF NOT EXISTS events_search_after_insert AFTER INSERT ON events_event BEGIN
    INSERT INTO events_search(rowid, headline, summary) VALUES (new.id, new.headline, new.summary);
END""",
    "events_search_after_delete": """
CREATE TRIGGER IF NOT EXISTS events_search_after_delete AFTER DELETE ON events_event BEGIN
    INSERT INTO events_search(events_search, rowid, headline, summary)
        VALUES ('delete', old.id, old.headline, old.summary);
END""",
    "events_search_after_update": """
CREATE TRIGGER IF NOT EXISTS events_search_after_update AFTER UPDATE OF headline, summary, id
ON events_event
WHEN old.headline IS NOT new.headline OR old.summary IS NOT new.summary OR old.id != new.id
BEGIN
    INSERT INTO events_search(events_search, rowid, headline, summary)
        VALUES ('delete', old.id, old.headline, old.summary);
    INSERT INTO events_search(rowid, headline, summary) VALUES (new.id, new.headline, new.summary);
END""",
}
SQLITE_REBUILD = "INSERT INTO events_search(events_search) VALUES ('rebuild')"

POSTGRESQL_INSTALL = [
    """ALTER TABLE events_event ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', headline), 'A')
        || setweight(to_tsvector('english', summary), 'B')
    ) STORED""",
    "CREATE INDEX event_search_document ON events_event USING gin (search_document)",
    """CREATE VIEW events_search AS
        SELECT id AS rowid, search_document AS events_search FROM events_event""",
]
POSTGRESQL_REMOVE = [
    "DROP VIEW events_search",
    "ALTER TABLE events_event DROP COLUMN search_document",
]


def install(schema_editor) -> None:
    """Migration 0011: create the index and fill it from the events already there."""
    if schema_editor.connection.vendor == "postgresql":
        statements = POSTGRESQL_INSTALL
    elif schema_editor.connection.vendor == "sqlite":
        statements = [SQLITE_TABLE, *SQLITE_TRIGGERS.values(), SQLITE_REBUILD]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement)


def remove(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        statements = POSTGRESQL_REMOVE
    elif schema_editor.connection.vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
        statements.append(f"DROP TABLE IF EXISTS {TABLE}")
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement)


def restore_sqlite_triggers(using: str = "default", **kwargs) -> bool:
    """Put back triggers a table rebuild dropped, then rebuild the index (it may have missed
    writes meanwhile). True when something was missing."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE name = %s OR name LIKE %s",
            [TABLE, "events_search_after_%"],
        )
        found = {name for _, name in cursor.fetchall()}
        if TABLE not in found or found >= set(SQLITE_TRIGGERS):
            return False  # not migrated that far yet, or whole
        for name, statement in SQLITE_TRIGGERS.items():
            if name not in found:
                cursor.execute(statement)
        cursor.execute(SQLITE_REBUILD)
    return True


def check_sqlite_index(using: str = "default") -> None:
    """FTS5's own check that the index holds exactly the events table's text; raises
    DatabaseError when it does not."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "INSERT INTO events_search(events_search, rank) VALUES ('integrity-check', 1)"
        )


def connect_signals(sender) -> None:
    post_migrate.connect(restore_sqlite_triggers, sender=sender)


@contextmanager
def indexing_in_bulk(using: str = "default"):
    """The events inserted inside enter the SQLite index in one statement at the end, not one
    by one (see the module's docstring). Only inside a transaction, which holds SQLite's one
    write lock from the first write to the commit: no other write can happen meanwhile, no
    reader sees the events before they are indexed, and a rollback brings the trigger back
    with everything else. (Searching inside the block itself would find the index short.)"""
    connection = connections[using]
    if connection.vendor != "sqlite" or transaction.get_autocommit(using):
        yield
        return
    trigger = "events_search_after_insert"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM events_event")
        last = cursor.fetchone()[0]
        cursor.execute(f"DROP TRIGGER {trigger}")
        yield
        cursor.execute(
            "INSERT INTO events_search(rowid, headline, summary) "
            "SELECT id, headline, summary FROM events_event WHERE id > %s",
            [last],
        )
        cursor.execute(SQLITE_TRIGGERS[trigger])


def rebuild_sqlite_table(schema_editor, statement: str = SQLITE_TABLE) -> None:
    """Make the SQLite index anew as `statement` says (its triggers, on the events table,
    stay), from the events table."""
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    schema_editor.execute(statement)
    schema_editor.execute(SQLITE_REBUILD)
