"""Each day's number of events the public sees or will see, kept by the database as events
come, go, move to another day or change status, so the sitemap neither counts every public
event nor every day to number its sections (1,000,000 events, PostgreSQL: its index 490 ms,
273 of them those two counts).

`DayCount.public_count` counts a day's events that are public or scheduled (`will_be_public`:
a status with a publish time). The triggers below add them up from the events' own rows, per
row on SQLite and per statement on PostgreSQL (transition tables), so every way an event is
written (a save, an import's COPY, a bulk update, a cascade) keeps them. What the public sees
now is that less the events not due yet (`not_yet_public_days`: the few scheduled events,
read at request time), so a day counts the moment its event falls due, with no write.
"""

from collections import Counter

from django.db import connections, models
from django.db.models.signals import post_migrate

from newsroom.count_triggers import CountTriggers, dropped, statement_triggers

from .event import Event
from .public import PUBLIC_STATUSES, is_due_later


class DayCount(models.Model):
    """One day with events, or that had some: how many are public or scheduled."""

    date = models.DateField(primary_key=True)
    # Not a PositiveIntegerField: PostgreSQL checks a row an upsert proposes before finding
    # the row it updates, and a statement taking events away proposes a negative one.
    public_count = models.IntegerField(default=0)

    class Meta:
        ordering = ["date"]
        verbose_name = "day's count"

    def __str__(self):
        return f"{self.date.isoformat()}: {self.public_count}"


TABLE = "events_daycount"
TRIGGER_NAMES = ("day_counts_after_insert", "day_counts_after_delete", "day_counts_after_update")
# An event counts while its row says it is public or will be (models.public's
# `will_be_public`), on `{row}` (new, old, or a transition table's rows).
COUNTS = "{row}status IN ('published', 'scheduled') AND {row}publish_at IS NOT NULL"
assert PUBLIC_STATUSES == ("published", "scheduled")  # noqa: S101 (the SQL above spells them)

SQLITE_TRIGGERS = {
    "day_counts_after_insert": f"""
CREATE TRIGGER IF NOT EXISTS day_counts_after_insert AFTER INSERT ON events_event
WHEN {COUNTS.format(row="new.")}
BEGIN
    INSERT INTO {TABLE} (date, public_count) VALUES (new.date, 1)
    ON CONFLICT (date) DO UPDATE SET public_count = public_count + 1;
END""",  # noqa: S608 (constants of this module)
    "day_counts_after_delete": f"""
CREATE TRIGGER IF NOT EXISTS day_counts_after_delete AFTER DELETE ON events_event
WHEN {COUNTS.format(row="old.")}
BEGIN
    UPDATE {TABLE} SET public_count = public_count - 1 WHERE date = old.date;
END""",  # noqa: S608 (constants of this module)
    # Added before taken away: a day's count never dips below its events on the way.
    "day_counts_after_update": f"""
CREATE TRIGGER IF NOT EXISTS day_counts_after_update
AFTER UPDATE OF status, publish_at, date ON events_event
BEGIN
    INSERT INTO {TABLE} (date, public_count) SELECT new.date, 1
    WHERE {COUNTS.format(row="new.")}
    ON CONFLICT (date) DO UPDATE SET public_count = public_count + 1;
    UPDATE {TABLE} SET public_count = public_count - 1
    WHERE date = old.date AND {COUNTS.format(row="old.")};
END""",  # noqa: S608 (constants of this module)
}

# PostgreSQL: one upsert per statement, each changed day once, in date order (two writes
# sharing days lock them in one order: no deadlock).
INSERTED = f"SELECT date, 1 AS n FROM new_rows WHERE {COUNTS.format(row='')}"  # noqa: S608
DELETED = f"SELECT date, -1 AS n FROM old_rows WHERE {COUNTS.format(row='')}"  # noqa: S608
ADD = f"""INSERT INTO {TABLE} (date, public_count)
    SELECT date, SUM(n) FROM ({{rows}}) changed GROUP BY date HAVING SUM(n) <> 0 ORDER BY date
    ON CONFLICT (date) DO UPDATE SET public_count = {TABLE}.public_count + EXCLUDED.public_count"""  # noqa: S608, E501


def _follow(function: str, rows: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {ADD.format(rows=rows)};
    RETURN NULL;
END $$"""


RECOUNT = [
    f"DELETE FROM {TABLE}",  # noqa: S608
    f"""INSERT INTO {TABLE} (date, public_count)
    SELECT date, COUNT(*) FROM events_event WHERE {COUNTS.format(row="")} GROUP BY date""",  # noqa: S608
]


def recount(using: str = "default") -> None:
    """Every day counted again from the events (the migration; SQLite's lost triggers)."""
    with connections[using].cursor() as cursor:
        for statement in RECOUNT:
            cursor.execute(statement)


FUNCTIONS = {
    "day_counts_inserted": INSERTED,
    "day_counts_deleted": DELETED,
    "day_counts_updated": f"{INSERTED} UNION ALL {DELETED}",
}
TRIGGERS = CountTriggers(
    table="events_event",
    sqlite=SQLITE_TRIGGERS,
    postgresql=[
        *(_follow(name, rows) for name, rows in FUNCTIONS.items()),
        *statement_triggers("day_counts", "events_event"),
    ],
    postgresql_remove=dropped("events_event", TRIGGER_NAMES, FUNCTIONS),
    recount=recount,
    migrated=lambda cursor, connection: TABLE in connection.introspection.table_names(cursor),
)
install, remove = TRIGGERS.install, TRIGGERS.remove
restore_sqlite_triggers = TRIGGERS.restore_sqlite_triggers


def connect_signals(sender) -> None:
    post_migrate.connect(restore_sqlite_triggers, sender=sender)


def not_yet_public_days(now=None, using: str = "default") -> Counter:
    """Per day, the events its `public_count` counts that the public does not see yet at
    `now` (scheduled, not due): one statement along the scheduled events' index."""
    dates = Event.objects.using(using).filter(is_due_later(now)).values_list("date", flat=True)
    return Counter(dates)
