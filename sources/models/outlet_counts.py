"""Each outlet's counts, kept by the database as its sources change, so no page counts them.

`Outlet.source_count` and `dead_count` are all its sources and those whose link is dead (the
admin's list); `public_sources`, `public_dead` and `public_events` count only sources flagged
`counted` (their event is public, or will be once its time comes), and the events citing it
(one flagged source per event and outlet: `counts_event`). The flags are set by the events app
as a write settles (events.changes.counts); the triggers below add them up, so every way a
source comes, goes, moves to another outlet (a merge's bulk update) or changes its link's state
(a link check's bulk update) keeps the sums right. `WrittenName` counts each outlet's
counted sources by the name they are written with, for the name readers know it by.

What the public sees now is the public counts less those of events not due yet, read at request
time from the few scheduled events (events.models.outlet_flags.not_yet_public_outlets).
"""

from django.db import connections
from django.db.models.signals import post_migrate

from newsroom.count_triggers import CountTriggers, dropped, has_column, statement_triggers

from .outlet import COUNT_FIELDS

TRIGGER_NAMES = (
    "outlet_counts_after_insert",
    "outlet_counts_after_delete",
    "outlet_counts_after_update",
)
COUNT_COLUMNS = COUNT_FIELDS


def _terms(row: str) -> dict[str, str]:
    """What one source row (`new` or `old`) adds to each count of its outlet."""
    dead = f"({row}.link_state = 'dead')"
    return {
        "source_count": "1",
        "dead_count": f"{dead}",
        "public_sources": f"{row}.counted",
        "public_dead": f"({row}.counted AND {dead})",
        "public_events": f"{row}.counts_event",
    }


def _sqlite_update(row: str, sign: str) -> str:
    sets = ", ".join(f"{column} = {column} {sign} {term}" for column, term in _terms(row).items())
    return f"UPDATE sources_outlet SET {sets} WHERE id = {row}.outlet_id;"  # noqa: S608


def _sqlite_name_used(row: str) -> str:
    return f"""INSERT INTO sources_writtenname (outlet_id, name, uses)
    SELECT {row}.outlet_id, {row}.name, 1 WHERE {row}.counted AND {row}.outlet_id IS NOT NULL
    ON CONFLICT (outlet_id, name) DO UPDATE SET uses = uses + 1;"""  # noqa: S608


def _sqlite_name_unused(row: str) -> str:
    match = f"outlet_id = {row}.outlet_id AND name = {row}.name"
    return f"""UPDATE sources_writtenname SET uses = uses - 1 WHERE {match} AND {row}.counted;
    DELETE FROM sources_writtenname WHERE {match} AND uses = 0;"""  # noqa: S608


# SQLite: one UPDATE of the outlet per row (no statement triggers). An update adds before it
# takes away, so a count never dips below zero on the way (the columns refuse it).
SQLITE_TRIGGERS = {
    "outlet_counts_after_insert": f"""
CREATE TRIGGER IF NOT EXISTS outlet_counts_after_insert AFTER INSERT ON sources_source
WHEN new.outlet_id IS NOT NULL
BEGIN {_sqlite_update("new", "+")} {_sqlite_name_used("new")} END""",
    "outlet_counts_after_delete": f"""
CREATE TRIGGER IF NOT EXISTS outlet_counts_after_delete AFTER DELETE ON sources_source
WHEN old.outlet_id IS NOT NULL
BEGIN {_sqlite_update("old", "-")} {_sqlite_name_unused("old")} END""",
    "outlet_counts_after_update": f"""
CREATE TRIGGER IF NOT EXISTS outlet_counts_after_update
AFTER UPDATE OF outlet_id, link_state, counted, counts_event, name ON sources_source
WHEN old.outlet_id IS NOT new.outlet_id OR (old.link_state = 'dead') != (new.link_state = 'dead')
    OR old.counted != new.counted OR old.counts_event != new.counts_event
    OR old.name != new.name
BEGIN
    {_sqlite_update("new", "+")} {_sqlite_update("old", "-")}
    {_sqlite_name_used("new")} {_sqlite_name_unused("old")}
END""",
}


def _changed(table: str, sign: str) -> str:
    terms = ", ".join(f"{sign}({term})::int AS {column}" for column, term in _terms(table).items())
    return f"SELECT outlet_id, {terms} FROM {table} WHERE outlet_id IS NOT NULL"  # noqa: S608


def _names(table: str, sign: str) -> str:
    return (
        f"SELECT outlet_id, name, {sign}1 AS uses FROM {table} "  # noqa: S608
        "WHERE outlet_id IS NOT NULL AND counted"
    )


# PostgreSQL: one UPDATE per statement, from the rows it wrote (transition tables): a batch of
# an import, or a merge moving 20,000 sources, updates each outlet once.
INSERTED = _changed("new_rows", "")
DELETED = _changed("old_rows", "-")
SUMS = ", ".join(f"SUM({column}) AS {column}" for column in COUNT_COLUMNS)
NONZERO = " OR ".join(f"d.{column} <> 0" for column in COUNT_COLUMNS)
ADDED = ", ".join(f"{column} = o.{column} + d.{column}" for column in COUNT_COLUMNS)


def _follow_rows(function: str, changed_rows: str, changed_names: str) -> str:
    sums = f"SELECT outlet_id, {SUMS} FROM ({changed_rows}) changed GROUP BY outlet_id"  # noqa: S608
    names = (
        f"SELECT outlet_id, name, SUM(uses) AS uses FROM ({changed_names}) changed "  # noqa: S608
        "GROUP BY outlet_id, name HAVING SUM(uses) <> 0"
    )
    return f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Outlet rows locked in id order first: two writes sharing outlets (an editor's save
    -- during an import) then wait for each other instead of deadlocking. Statements that
    -- change nothing counted (a capture, a link check's times) lock nothing.
    PERFORM 1 FROM sources_outlet WHERE id IN (SELECT outlet_id FROM ({sums}) d WHERE {NONZERO})
    ORDER BY id FOR UPDATE;
    UPDATE sources_outlet o SET {ADDED} FROM ({sums}) d WHERE o.id = d.outlet_id AND ({NONZERO});
    -- In the outlets' order too (their rows locked above): no deadlock on a name's row.
    INSERT INTO sources_writtenname AS w (outlet_id, name, uses)
    SELECT outlet_id, name, uses FROM ({names}) d ORDER BY outlet_id, name
    ON CONFLICT (outlet_id, name) DO UPDATE SET uses = w.uses + excluded.uses;
    DELETE FROM sources_writtenname w USING ({names}) d
    WHERE w.outlet_id = d.outlet_id AND w.name = d.name AND w.uses = 0;
    RETURN NULL;
END $$"""  # noqa: S608 (constants of this module)


NAMES_INSERTED = _names("new_rows", "")
NAMES_DELETED = _names("old_rows", "-")
POSTGRESQL_FUNCTIONS = {
    "outlet_counts_inserted": (INSERTED, NAMES_INSERTED),
    "outlet_counts_deleted": (DELETED, NAMES_DELETED),
    "outlet_counts_updated": (
        f"{INSERTED} UNION ALL {DELETED}",
        f"{NAMES_INSERTED} UNION ALL {NAMES_DELETED}",
    ),
}
POSTGRESQL_INSTALL = [
    *(_follow_rows(name, *rows) for name, rows in POSTGRESQL_FUNCTIONS.items()),
    *statement_triggers("outlet_counts", "sources_source"),
]
POSTGRESQL_REMOVE = dropped("sources_source", TRIGGER_NAMES, POSTGRESQL_FUNCTIONS)


def _count_of(column: str, condition: str) -> str:
    where = f" AND {condition}" if condition else ""
    return (
        f"{column} = (SELECT COUNT(*) FROM sources_source s "  # noqa: S608 (constants)
        f"WHERE s.outlet_id = sources_outlet.id{where})"
    )


# Every outlet's counts from its sources and their flags: the first count, and SQLite's
# triggers put back after a table rebuild.
COUNTS_FROM_FLAGS = "UPDATE sources_outlet SET " + ", ".join(  # noqa: S608 (constants)
    _count_of(column, condition)
    for column, condition in (
        ("source_count", ""),
        ("dead_count", "s.link_state = 'dead'"),
        ("public_sources", "s.counted"),
        ("public_dead", "s.counted AND s.link_state = 'dead'"),
        ("public_events", "s.counts_event"),
    )
)


NAMES_FROM_FLAGS = [
    "DELETE FROM sources_writtenname",
    """INSERT INTO sources_writtenname (outlet_id, name, uses)
    SELECT outlet_id, name, COUNT(*) FROM sources_source WHERE outlet_id IS NOT NULL AND counted
    GROUP BY outlet_id, name""",
]


def count_from_flags(using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        for statement in (COUNTS_FROM_FLAGS, *NAMES_FROM_FLAGS):
            cursor.execute(statement)


TRIGGERS = CountTriggers(
    table="sources_source",
    sqlite=SQLITE_TRIGGERS,
    postgresql=POSTGRESQL_INSTALL,
    postgresql_remove=POSTGRESQL_REMOVE,
    recount=count_from_flags,
    migrated=lambda cursor, connection: has_column(
        cursor, connection, "sources_source", "counts_event"
    ),
)
install, remove = TRIGGERS.install, TRIGGERS.remove
restore_sqlite_triggers = TRIGGERS.restore_sqlite_triggers


def connect_signals(sender) -> None:
    post_migrate.connect(restore_sqlite_triggers, sender=sender)
