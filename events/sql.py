"""Helpers for the few hand-written statements of the busiest public pages (and the one
every public page asks: when the next scheduled event goes public).

Profiling showed Django spending more on building a page's querysets (~0.3-0.5 ms each) than the
database spent running them (~0.05 ms), so the day and event pages write some statements out
(events.public.queries: `day`, `listing`, `event`, `topic_page`, `topic_index`). Which events
are visible is still decided by a queryset, `Event.objects.published()` for the public: the
ORM compiles its WHERE clause
(`public_condition`, `visible_condition`), and the statements use it as it is. Names come from
the models, values are parameters.
"""

import datetime
import functools

from django.db import connections
from django.utils import timezone

from events.models import Event, GivenTopic


def public_condition(using: str = "default", now=None) -> tuple[str, list]:
    """`Event.objects.published()`'s WHERE clause as SQL and parameters, as of `now` (or now).

    The ORM compiles it once per database, as of a marker time; each call puts its own time in
    the marker's place. Its SQL does not depend on the time, only its parameters do, and
    tests/test_public_condition.py holds every call equal to the queryset's own compile. An
    event page asked for it five times, at 0.3 ms a compile: a tenth of the page's render.
    """
    sql, params, at = _compiled_public_condition(using)
    if at is None:
        return visible_condition(Event.objects.using(using).published(now=now))
    params = list(params)
    params[at] = _as_parameter(timezone.now() if now is None else now, using)
    return sql, params


# A time no call asks about: its place among the compiled parameters is where `now` goes.
_MARKER = datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC)


@functools.cache
def _compiled_public_condition(using: str) -> tuple[str, tuple, int | None]:
    """The public condition compiled as of the marker time, and the index of its one parameter
    for the time (None when the marker is not found exactly once: then every call compiles)."""
    sql, params = visible_condition(Event.objects.using(using).published(now=_MARKER))
    marker = _as_parameter(_MARKER, using)
    places = [index for index, value in enumerate(params) if value == marker]
    return sql, tuple(params), places[0] if len(places) == 1 else None


def _as_parameter(moment: datetime.datetime, using: str):
    """A time as the database's driver takes it for `publish_at` (a string on SQLite)."""
    field = Event._meta.get_field("publish_at")
    return field.get_db_prep_value(moment, connections[using], prepared=False)


def visible_condition(events) -> tuple[str, list]:
    """The WHERE clause of `events`, a queryset of events without joins, as SQL and parameters.

    It names the table itself (`"events_event"."status" ...`): use it where the events table
    goes by its own name.
    """
    query = events.query
    if len(query.alias_map) > 1:
        raise ValueError("visible_condition() takes a queryset of events without joins.")
    sql, params = query.get_compiler(using=events.db).compile(query.where)
    return sql or "1 = 1", list(params)


def topic_row_counts(alias: str, using: str = "default", public=None) -> tuple[str, list]:
    """SQL and parameters: the topic row `alias` is one the public sees, its event's own or
    given by a link of a public event (events.models.topic.shown_publicly, as SQL).
    `public`: `public_condition()` when the caller has it already (compiling it costs more
    than running the day page's statements)."""
    public, params = public or public_condition(using)
    events, gifts = Event._meta.db_table, GivenTopic._meta.db_table
    # The subquery names the events table itself, as the public condition does; inside it,
    # that name is the subquery's own table even where the outer statement joins events.
    # EXISTS looks the row's givers up by the gifts' unique index (event, topic, giver) and
    # each giver by its key: a day's 17 events' topic rows in 0.29 ms against 0.27 ms when a
    # row named its one giver (100,000-event bench database, best of 7).
    sql = f"""({alias}.own OR EXISTS (
        SELECT 1 FROM {gifts} g JOIN {events} ON {events}.id = g.given_by_id
        WHERE g.event_id = {alias}.content_object_id AND g.topic_id = {alias}.tag_id
        AND {public}))"""  # noqa: S608
    return sql, params


def next_publish_time(now: datetime.datetime, using: str = "default") -> tuple[str, list]:
    """A scalar subquery: when the first event scheduled after `now` goes public, or NULL: what
    caps how long shared caches may keep a page (events.http_cache.headers), asked on its own
    or inside a page's statement (the day page's)."""
    table = Event._meta.db_table
    sql = f"(SELECT MIN(publish_at) FROM {table} WHERE status = %s AND publish_at > %s)"  # noqa: S608
    return sql, [Event.Status.SCHEDULED, connections[using].ops.adapt_datetimefield_value(now)]


def as_datetime(value) -> datetime.datetime | None:
    """A timestamp column's value: PostgreSQL's driver gives aware datetimes, SQLite's gives
    the UTC time as ISO text."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)


def fetch(sql: str, params: list, using: str = "default") -> list[tuple]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(values) -> str:
    """`%s, %s, %s` for three values: an IN list's parameters."""
    return ", ".join(["%s"] * len(values))


def as_date(value) -> datetime.date | None:
    """A date column's value: PostgreSQL's driver gives dates, SQLite's gives ISO text."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def date_parameter(day: datetime.date, using: str = "default"):
    """A date as the database's driver takes it in a hand-written statement."""
    return connections[using].ops.adapt_datefield_value(day)
