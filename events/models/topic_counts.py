"""Each topic's counts, kept as its rows change, so no page counts a topic's rows.

`Topic.events_count` is how many events carry the topic (its rows), `Topic.public_count` how
many of those rows are flagged `counted`: the event is public or scheduled, and the public
sees the row once every scheduled event is due. events.changes sets the flags of the rows a
write may have changed as it settles (events.changes.counts); the database adds the rows up
(triggers below), so every way a row comes, goes or moves to another topic (an import's bulk
inserts, a cascade, a topic merge's bulk update) keeps the sums right.

What the public sees now is `public_count` less the counted rows of events not due yet
(`not_yet_public`): read at request time from the few scheduled events, so a count is right
the moment a scheduled event falls due, with no write.
"""

from collections import Counter
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.signals import post_migrate

from newsroom.count_triggers import CountTriggers, dropped, has_column, statement_triggers

from .event import Event
from .public import PUBLIC_STATUSES, is_due_later, is_public
from .topic import GivenTopic, TaggedEvent, Topic

TRIGGER_NAMES = (
    "topic_counts_after_insert",
    "topic_counts_after_delete",
    "topic_counts_after_update",
)

# SQLite: one UPDATE of the topic per row (SQLite has no statement triggers; a row's update
# of one topic row costs microseconds). A row's update adds before it takes away: the counts
# never dip below zero on the way (their columns refuse it).
SQLITE_TRIGGERS = {
    "topic_counts_after_insert": """
CREATE TRIGGER IF NOT EXISTS topic_counts_after_insert AFTER INSERT ON events_taggedevent BEGIN
    UPDATE events_topic SET events_count = events_count + 1,
        public_count = public_count + new.counted WHERE id = new.tag_id;
END""",
    "topic_counts_after_delete": """
CREATE TRIGGER IF NOT EXISTS topic_counts_after_delete AFTER DELETE ON events_taggedevent BEGIN
    UPDATE events_topic SET events_count = events_count - 1,
        public_count = public_count - old.counted WHERE id = old.tag_id;
END""",
    "topic_counts_after_update": """
CREATE TRIGGER IF NOT EXISTS topic_counts_after_update AFTER UPDATE OF counted, tag_id
ON events_taggedevent
WHEN old.counted IS NOT new.counted OR old.tag_id != new.tag_id
BEGIN
    UPDATE events_topic SET events_count = events_count + 1,
        public_count = public_count + new.counted WHERE id = new.tag_id;
    UPDATE events_topic SET events_count = events_count - 1,
        public_count = public_count - old.counted WHERE id = old.tag_id;
END""",
}

# PostgreSQL: one UPDATE per statement, from the rows it wrote (transition tables), so an
# import's batch of 15,000 rows updates each of its topics once.
INSERTED = "SELECT tag_id, 1 AS rows, counted::int AS counted FROM new_rows"
DELETED = "SELECT tag_id, -1 AS rows, -(counted::int) AS counted FROM old_rows"


# Inside `counting_in_bulk` (the setting below on, for one transaction), a statement's changes
# are noted in a temporary table and added to the topics once, at its end. Row by row, each of
# an import's statements updated its big topics again: a topic's row versions piled up inside
# the one transaction, and each foreign key checked at its COMMIT walked them all (a million
# events: a COMMIT of over 25 minutes, reading MultiXact members from disk).
BULK_SETTING = "newsroom.counting_in_bulk"
DELTAS_TABLE = "topic_count_deltas"
DELTAS = f"pg_temp.{DELTAS_TABLE}"
# After PERFORM in the triggers' PL/pgSQL, after SELECT at a bulk's end.
LOCK_IN_ID_ORDER = """1 FROM events_topic WHERE id IN (SELECT tag_id FROM ({rows}) locked)
    ORDER BY id FOR UPDATE"""
ADD_DELTAS = """UPDATE events_topic t
    SET events_count = t.events_count + d.rows, public_count = t.public_count + d.counted
    FROM (SELECT tag_id, SUM(rows) AS rows, SUM(counted) AS counted
          FROM ({rows}) changed GROUP BY tag_id) d
    WHERE t.id = d.tag_id AND (d.rows <> 0 OR d.counted <> 0)"""


def _follow_rows(function: str, changed_rows: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{BULK_SETTING}', true) = 'on' THEN
        INSERT INTO {DELTAS} (tag_id, rows, counted) {changed_rows};
        RETURN NULL;
    END IF;
    -- Topic rows locked in id order first: two writes sharing topics (an editor's save
    -- during an import) then wait for each other instead of deadlocking.
    PERFORM {LOCK_IN_ID_ORDER.format(rows=changed_rows)};
    {ADD_DELTAS.format(rows=changed_rows)};
    RETURN NULL;
END $$"""  # noqa: S608 (constants of this module)


POSTGRESQL_FUNCTIONS = {
    "topic_counts_inserted": INSERTED,
    "topic_counts_deleted": DELETED,
    "topic_counts_updated": f"{INSERTED} UNION ALL {DELETED}",
}
POSTGRESQL_FUNCTION_BODIES = [
    _follow_rows(name, rows) for name, rows in POSTGRESQL_FUNCTIONS.items()
]
POSTGRESQL_INSTALL = [
    *POSTGRESQL_FUNCTION_BODIES,
    *statement_triggers("topic_counts", "events_taggedevent"),
]
POSTGRESQL_REMOVE = dropped("events_taggedevent", TRIGGER_NAMES, POSTGRESQL_FUNCTIONS)

# Every row's flag and every topic's counts from scratch (the migration, and SQLite's
# triggers put back after a table rebuild). Counts are set outright from the flags first, so
# the triggers start from the truth as the flags change, and again last.
COUNTS_FROM_FLAGS = """UPDATE events_topic SET
    events_count = (SELECT COUNT(*) FROM events_taggedevent r WHERE r.tag_id = events_topic.id),
    public_count = (SELECT COUNT(*) FROM events_taggedevent r
                    WHERE r.tag_id = events_topic.id AND r.counted)"""
RECOUNT = [
    COUNTS_FROM_FLAGS,
    """UPDATE events_taggedevent SET counted = (
        content_object_id IN (SELECT id FROM events_event WHERE status IN (%s, %s)
                              AND publish_at IS NOT NULL)
        AND (own OR EXISTS (
            SELECT 1 FROM events_giventopic g JOIN events_event giver ON giver.id = g.given_by_id
            WHERE g.event_id = events_taggedevent.content_object_id
            AND g.topic_id = events_taggedevent.tag_id
            AND giver.status IN (%s, %s) AND giver.publish_at IS NOT NULL)))""",
    COUNTS_FROM_FLAGS,
]


def replace_functions(schema_editor) -> None:
    """PostgreSQL: the triggers' functions as this module writes them (a later migration)."""
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FUNCTION_BODIES:
            schema_editor.execute(statement)


def recount(using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        first, flags, last = RECOUNT
        cursor.execute(first)
        cursor.execute(flags, [*PUBLIC_STATUSES, *PUBLIC_STATUSES])
        cursor.execute(last)


# Counted first, the triggers after: the first count sets 750,000 flags (100,000 events)
# without a trigger firing for each.
TRIGGERS = CountTriggers(
    table="events_taggedevent",
    sqlite=SQLITE_TRIGGERS,
    postgresql=POSTGRESQL_INSTALL,
    postgresql_remove=POSTGRESQL_REMOVE,
    recount=recount,
    migrated=lambda cursor, connection: has_column(
        cursor, connection, "events_taggedevent", "counted"
    ),
)
install, remove = TRIGGERS.install, TRIGGERS.remove
restore_sqlite_triggers = TRIGGERS.restore_sqlite_triggers


# Inside `counting_in_bulk`: the rows that were there before it (id at most %s) count as
# always, row by row; the rows written inside it count once, at its end.
SQLITE_BULK_TRIGGERS = {
    "topic_counts_after_delete": SQLITE_TRIGGERS["topic_counts_after_delete"].replace(
        "BEGIN", "WHEN old.id <= %s BEGIN", 1
    ),
    "topic_counts_after_update": SQLITE_TRIGGERS["topic_counts_after_update"]
    .replace("WHEN old.counted", "WHEN old.id <= %s AND (old.counted", 1)
    .replace("old.tag_id != new.tag_id", "old.tag_id != new.tag_id)", 1),
}
# Each topic's rows written inside `counting_in_bulk`, as they are at its end.
ADD_ROWS_WRITTEN = """UPDATE events_topic SET events_count = events_count + written.rows,
    public_count = public_count + written.counted
FROM (SELECT tag_id, COUNT(*) AS rows, SUM(counted) AS counted FROM events_taggedevent
      WHERE id > %s GROUP BY tag_id) AS written
WHERE events_topic.id = written.tag_id"""


@contextmanager
def counting_in_bulk(using: str = "default"):
    """Topic rows written inside count in their topics at its end, each topic updated once,
    not once per row (SQLite) or per statement (PostgreSQL). Only inside a transaction.

    SQLite (20,000 generated events: 150,000 rows, 3.5 of the 4.2 s CPU their inserts took):
    rows there before keep their triggers; the rows inserted inside (ids past the largest
    before) are added up as they are at the end, whatever was updated or deleted of them
    meanwhile. SQLite's one write lock keeps every other write out until the commit, and a
    rollback brings the triggers back. PostgreSQL: `_postgresql_counting_in_bulk`."""
    connection = connections[using]
    if transaction.get_autocommit(using):
        yield
    elif connection.vendor == "postgresql":
        with _postgresql_counting_in_bulk(connection):
            yield
    elif connection.vendor == "sqlite":
        with _sqlite_counting_in_bulk(connection):
            yield
    else:
        yield


@contextmanager
def _postgresql_counting_in_bulk(connection):
    """The triggers note each statement's changes in a temporary table; they are added to
    the topics at the end, each topic updated once (its rows locked in id order first, as the
    triggers do). A rollback takes the table and the setting away with it."""
    rows = f"SELECT tag_id, rows, counted FROM {DELTAS}"  # noqa: S608 (constants)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [BULK_SETTING])
        already_in_bulk = cursor.fetchone()[0] == "on"
    if already_in_bulk:  # an outer bulk adds them up at its end
        yield
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {DELTAS_TABLE} "
            "(tag_id integer, rows integer, counted integer) ON COMMIT DROP"
        )
        cursor.execute("SELECT set_config(%s, 'on', true)", [BULK_SETTING])
        yield
        cursor.execute("SELECT set_config(%s, '', true)", [BULK_SETTING])
        cursor.execute(f"SELECT {LOCK_IN_ID_ORDER.format(rows=rows)}")
        cursor.execute(ADD_DELTAS.format(rows=rows))
        cursor.execute(f"DROP TABLE {DELTAS}")


@contextmanager
def _sqlite_counting_in_bulk(connection):
    with connection.cursor() as cursor:
        # Inside another bulk (its own delete trigger in place), which adds them up at its end.
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            ["topic_counts_after_delete"],
        )
        found = cursor.fetchone()
        if found and "WHEN old.id <=" in found[0]:
            yield
            return
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM events_taggedevent")
        last = int(cursor.fetchone()[0])
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        for statement in SQLITE_BULK_TRIGGERS.values():
            cursor.execute(statement % last)  # an integer read above
        yield
        cursor.execute(ADD_ROWS_WRITTEN, [last])
        for name in SQLITE_BULK_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)


def connect_signals(sender) -> None:
    post_migrate.connect(restore_sqlite_triggers, sender=sender)


def not_yet_public(now=None, using: str = "default") -> dict[int, int]:
    """Per topic, the rows its `public_count` counts whose events the public does not see yet
    at `now`: those of scheduled events not due, and those only such events' links give.
    Three statements over the scheduled events and their gifts (an index each), whatever the
    archive's size: `public_count` less this is what the public sees."""
    rows = _counted_not_seen_yet(now, using)
    if rows is None:
        return {}
    rows = rows.values("tag_id").annotate(rows=Count("pk"))
    return {row["tag_id"]: row["rows"] for row in rows}


def not_yet_public_dates(topic_id: int, now=None, using: str = "default") -> Counter:
    """`not_yet_public` of one topic, by its events' dates (its chart of months)."""
    rows = _counted_not_seen_yet(now, using)
    if rows is None:
        return Counter()
    return Counter(rows.filter(tag_id=topic_id).values_list("event_date", flat=True))


def _counted_not_seen_yet(now, using: str):
    """The counted rows the public does not see yet at `now`, as a queryset; None when no
    scheduled event is due later."""
    due_later = list(
        Event.objects.using(using).filter(is_due_later(now)).values_list("pk", flat=True)
    )
    if not due_later:
        return None
    given = GivenTopic.objects.using(using).filter(given_by_id__in=due_later)
    events = set(due_later) | set(given.values_list("event_id", flat=True))
    public_givers = GivenTopic.objects.filter(
        is_public("given_by__", now), event=OuterRef("content_object"), topic=OuterRef("tag")
    )
    seen_now = is_public("content_object__", now) & (Q(own=True) | Exists(public_givers))
    return (
        TaggedEvent.objects.using(using)
        .filter(counted=True, content_object_id__in=sorted(events))
        .exclude(seen_now)
        .order_by()
    )


def public_counts(topics, not_yet: dict[int, int]) -> None:
    """Set `count` on each of `topics`: the events the public sees with it now."""
    for topic in topics:
        topic.count = topic.public_count - not_yet.get(topic.pk, 0)


def shown_topics(now=None, using: str = "default"):
    """Topics the public sees now (with a public event), as a queryset, and `not_yet_public`."""
    not_yet = not_yet_public(now, using)
    topics = Topic.objects.using(using).filter(public_count__gt=0)
    if not_yet:
        stored = topics.filter(pk__in=not_yet).values_list("pk", "public_count")
        gone = [pk for pk, count in stored if count <= not_yet[pk]]
        topics = topics.exclude(pk__in=gone)
    return topics, not_yet
