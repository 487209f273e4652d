"""Searching the full-text index: every statement of SQL a search needs, and nowhere else
(the index itself, and what keeps it in step with the events table: events.models.search).

An allowed exception to "ORM first": Django has no words for FTS5 (SQLite's full-text
tables, MATCH, bm25()) nor for a stored, generated tsvector column on PostgreSQL, so they are
written here by hand. The rest of the site sees a queryset filter (`matching`) and a rank
(`ranked`) that compose with `Event.objects.published()` and every other filter: the index is
joined as the unmanaged model `SearchEntry` (events.models.search).

- SQLite: the FTS5 table `events_search` (porter stemming over unicode61, diacritics folded),
  an external-content index of the events table's headline and summary. Triggers on the
  events table keep it in step, so no write path can miss it: the admin, bulk actions,
  `QuerySet.update()`/`bulk_update()`, revision restores and deletions; an update that leaves
  the text as it was (a save in the admin, a status change) costs the index nothing. The
  import's batches index their new events in one statement instead (events.models.search).
  Indexing costs about 70 microseconds an event (100,000 plain INSERTs of a sentence and a
  short summary: 0.7 s without the index, 7.5 s with it). Ranked by bm25, a headline word
  weighing ten summary words.
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

from events.models.search import SearchDocumentField
from events.models.search_phrases import INDEXED_VECTOR, phrase_index_ready

from .syntax import MostOf, ParsedQuery, has_phrase, to_fts5, to_tsquery

HEADLINE_WEIGHT, SUMMARY_WEIGHT = 10.0, 1.0  # bm25's column weights (SQLite)
FEW_MATCHES = 5000  # a phrase's matches read from the phrase index first, at most


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
        vector = self.vector(lhs)
        return f"{vector} @@ to_tsquery('english', {rhs})", [*lhs_params, *rhs_params]

    def vector(self, column: str) -> str:
        """The vector PostgreSQL tests, written as the index meant to answer must see it."""
        return column


@SearchDocumentField.register_lookup
class MatchesThroughPhraseIndex(Matches):
    """`matches`, asked so that only PostgreSQL's phrase index can answer it
    (events.models.search_phrases): the words' places are in that index, so a phrase is
    checked there rather than on every event holding its words."""

    lookup_name = "matches_through_phrase_index"

    def vector(self, column: str) -> str:
        return INDEXED_VECTOR.format(column=column)


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


def matching(events, query: ParsedQuery | MostOf):
    """`events` that match `query` (none when it looks for nothing).

    A query with a phrase, on PostgreSQL with its phrase index (events.models.search_phrases),
    reads its matches from that index first: when they are few (at most FEW_MATCHES) it
    gives their ids, and every order and filter after it works on those alone. The GIN index
    would have the phrase checked on every event holding its words, and a walk through the
    dates, newest first, checks it on every event until enough match: for a phrase of common
    words seldom side by side, most of the archive (1,000,000 events: 0.9 and 1.7 s, from the
    phrase index 0.08 s). More matches than that lie close together in the dates, where the
    walk finds the newest soon.
    """
    if query.matches_nothing:
        return events.none()
    text = engine_query(query, connections[events.db].vendor)
    few = _few_through_phrase_index(events, query, text)
    if few is not None:
        return events.filter(pk__in=few)
    return events.filter(search_entry__document__matches=text)


def _few_through_phrase_index(events, query, text: str) -> list[int] | None:
    if not has_phrase(query) or not phrase_index_ready(events.db):
        return None
    found = events.filter(search_entry__document__matches_through_phrase_index=text)
    ids = list(found.order_by().values_list("pk", flat=True)[: FEW_MATCHES + 1])
    return ids if len(ids) <= FEW_MATCHES else None


def ranked(events, query: ParsedQuery):
    """`matching` events, best first (equal ranks: newest first)."""
    return best_first(matching(events, query), query)


def best_first_among(events, query: ParsedQuery | MostOf):
    """`events` known to match `query` (by their ids), best first. SQLite's bm25() ranks only
    in a statement that asks FTS5 for the words, so there they are asked again; PostgreSQL
    ranks any event's vector without."""
    if connections[events.db].vendor == "sqlite":
        return ranked(events, query)
    return best_first(events, query)


def best_first(matches, query: ParsedQuery):
    """Events already `matching` the query, best first (equal ranks: newest first)."""
    if query.matches_nothing:
        return matches
    text = engine_query(query, connections[matches.db].vendor)
    return matches.annotate(rank=MatchRank(text)).order_by("-rank", "-date", "position", "pk")
