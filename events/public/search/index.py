"""The full-text index: every statement of SQL the search needs, and nowhere else.

An allowed exception to "ORM first": Django has no words for FTS5 (SQLite's full-text
tables, MATCH, bm25()) nor for a stored, generated tsvector column on PostgreSQL, so they are
written here by hand. The rest of the site sees a queryset filter (`matching`) and a rank
(`ranked`) that compose with `Event.objects.published()` and every other filter: the index is
joined as the unmanaged model `SearchEntry` (events.models.search).

- SQLite: the FTS5 table `events_search` (porter stemming over unicode61, diacritics folded),
  an external-content index of the events table's headline and summary. Triggers on the
  events table keep it in step, so no write path can miss it: the admin, bulk actions,
  `QuerySet.update()`/`bulk_update()`, the import's plain INSERTs (events.bulk),
  revision restores and deletions; an update that leaves the text as it was (a save in the
  admin, a status change) costs the index nothing. Indexing costs about 70 microseconds an
  event (100,000 plain INSERTs of a sentence and a short summary: 0.7 s without the index,
  7.5 s with it). Ranked by bm25, a headline word weighing ten summary words.
- PostgreSQL: `events_event.search_document`, a STORED generated tsvector (the headline
  weighted A, the summary B, english configuration) with a GIN index; the view
  `events_search` shows it under the names the model joins. Ranked by ts_rank. Computing
  and indexing it costs about 37 microseconds an event (100,000 rows: 0.18 s without,
  3.9 s with). Changing the type of the headline or summary column later means dropping
  this generated column (and its view) first and adding them back after: PostgreSQL refuses
  to alter a column that a generated column reads.

Rebuilding a table on SQLite (Django does that for many column changes) drops its triggers:
`restore_sqlite_triggers`, run after every migrate, puts them back and rebuilds the index.
"""

from django.db import connections
from django.db.models import F, FloatField, Func, Lookup, Value
from django.db.models.signals import post_migrate

from events.models.search import SearchDocumentField

from .syntax import ParsedQuery, to_fts5, to_tsquery

TABLE = "events_search"
HEADLINE_WEIGHT, SUMMARY_WEIGHT = 10.0, 1.0  # bm25's column weights (SQLite)

# Plain literals (no names put together at run time); TABLE names the same table.
SQLITE_TABLE = """
CREATE VIRTUAL TABLE events_search USING fts5(
    headline, summary, content='events_event', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
)"""
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


@SearchDocumentField.register_lookup
class Matches(Lookup):
    """`search_entry__document__matches=<engine query>`: FTS5 MATCH, or tsvector @@ tsquery."""

    lookup_name = "matches"

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ to_tsquery('english', {rhs})", [*lhs_params, *rhs_params]


class MatchRank(Func):
    """How well an event matches, higher is better (bm25 is lower-is-better: negated)."""

    output_field = FloatField()

    def __init__(self, engine_query: str):
        super().__init__(F("search_entry__document"), Value(engine_query))

    def as_sqlite(self, compiler, connection):
        document, params = compiler.compile(self.source_expressions[0])
        return f"-bm25({document}, {HEADLINE_WEIGHT}, {SUMMARY_WEIGHT})", params

    def as_postgresql(self, compiler, connection):
        document, document_params = compiler.compile(self.source_expressions[0])
        query, query_params = compiler.compile(self.source_expressions[1])
        sql = f"ts_rank({document}, to_tsquery('english', {query}))"
        return sql, [*document_params, *query_params]


def engine_query(query: ParsedQuery, vendor: str) -> str:
    return to_tsquery(query) if vendor == "postgresql" else to_fts5(query)


def matching(events, query: ParsedQuery):
    """`events` that match `query` (none when it looks for nothing)."""
    if query.matches_nothing:
        return events.none()
    text = engine_query(query, connections[events.db].vendor)
    return events.filter(search_entry__document__matches=text)


def ranked(events, query: ParsedQuery):
    """`matching` events, best first (equal ranks: newest first)."""
    return best_first(matching(events, query), query)


def best_first(matches, query: ParsedQuery):
    """Events already `matching` the query, best first (equal ranks: newest first)."""
    if query.matches_nothing:
        return matches
    text = engine_query(query, connections[matches.db].vendor)
    return matches.annotate(rank=MatchRank(text)).order_by("-rank", "-date", "position", "pk")
