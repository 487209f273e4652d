"""PostgreSQL's index of the events' words with their places, for phrases (the RUM extension).

The GIN index of `search_document` (events.models.search) keeps which events hold a word, not
where: for a phrase it names every event holding all its words, and PostgreSQL then reads each
of them from the table to check that the words stand together. For a phrase of common words
that is most of the archive (1,000,000 events: "earthquake vaccine" named 73,161 events for
1,099 matches, 0.9 s; walking the dates instead tested nearly every event, 1.7 s). RUM keeps
the words' places in the index and answers the phrase from it: 0.08 s.

The index is on `search_document || ''::tsvector` (the same vector), not on the column: the
planner does not know what a phrase costs the GIN index, so it would choose GIN for them; a
phrase asked in this form can only be answered by this index (events.public.search.index).

RUM is a PostgreSQL extension Debian ships (`postgresql-<version>-rum`; `make test-deps`
installs it as root). Migration 0031 creates the extension where the server has it and the
migrating user may, then the index, without blocking writes (CONCURRENTLY). Without it phrases
are searched through the GIN index as before: slower at scale, never wrong. To add it later:
install the package and `CREATE EXTENSION rum` (as a superuser); the next import, or
`manage.py migrate events 0030 && manage.py migrate`, builds the index.
"""

from django.db import DatabaseError, connections

INDEX = "event_search_phrases"
# The vector as the index holds it; a phrase lookup writes it the same way.
INDEXED_VECTOR = "({column} || ''::tsvector)"
CREATE_INDEX = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON events_event "
    f"USING rum ({INDEXED_VECTOR.format(column='search_document')} rum_tsvector_ops)"
)
DROP_INDEX = f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}"


def install(schema_editor) -> str:
    """Create the extension and the index where PostgreSQL can; what was done, for the log."""
    if schema_editor.connection.vendor != "postgresql":
        return ""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return "No phrase index: this PostgreSQL server has no RUM extension."
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except DatabaseError as error:
            return f"No phrase index: CREATE EXTENSION rum failed ({error})."
    build_if_missing(schema_editor.connection.alias)
    return ""


def remove(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


def phrase_index_ready(using: str = "default") -> bool:
    """Whether the database behind `using` has the phrase index, built and valid: asked by
    each search with a phrase (a lookup in the catalogue), since a large import sets it aside
    while it writes (`SetAside`)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_index JOIN pg_class ON pg_class.oid = pg_index.indexrelid "
            "WHERE pg_class.relname = %s AND pg_index.indisvalid",
            [INDEX],
        )
        return cursor.fetchone() is not None


def build_if_missing(using: str = "default") -> None:
    """Build the phrase index where the extension is installed and no valid index is there:
    after an import that set it aside, and after one stopped before it could build it again
    (killed, or a build cut short, which leaves an invalid index that `IF NOT EXISTS` would
    keep). Outside a transaction, CONCURRENTLY: readers and editors are never blocked."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'rum'")
        if cursor.fetchone() is None or phrase_index_ready(using):
            return
        cursor.execute(DROP_INDEX)  # an invalid one left by a build cut short
        cursor.execute(CREATE_INDEX)


class SetAside:
    """A large write's way with the phrase index: RUM keeps no list of pending entries as GIN
    does, so each new row costs it dearly (an import of 100,000 events: 118 s without the
    index, 251 s with it). Once a write has added as many events as the table held when it
    began (from `after` on), the index is dropped; `restore()` builds it again in one pass at
    the end. Meanwhile phrases are searched through the GIN index, as without the extension.
    Only outside a transaction (CONCURRENTLY, never blocking readers and editors; inside one,
    dropping it would lock the events' table until the commit)."""

    def __init__(self, events_before: int, after: int, using: str = "default"):
        self.threshold = max(after, events_before)
        self.using = using
        self.written = 0

    def wrote(self, events: int) -> None:
        self.written += events
        connection = connections[self.using]
        if self.written < self.threshold or connection.in_atomic_block:
            return
        if phrase_index_ready(self.using):
            with connection.cursor() as cursor:
                cursor.execute(DROP_INDEX)

    def restore(self) -> None:
        build_if_missing(self.using)
