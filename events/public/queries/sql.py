"""Helpers for the few hand-written statements of the busiest public pages.

Profiling showed Django spending more on building a page's querysets (~0.3-0.5 ms each) than the
database spent running them (~0.05 ms), so the day and event pages write some statements out
(`day`, `topics`, `listing`, `event` beside this module). Which events are visible is still
decided by a queryset,
`Event.objects.published()` for the public: the ORM compiles its WHERE clause
(`public_condition`, `visible_condition`), and the statements use it as it is. Names come from
the models, values are parameters.
"""

import datetime

from django.db import connections

from events.models import Event


def public_condition(using: str = "default") -> tuple[str, list]:
    """`Event.objects.published()`'s WHERE clause as SQL and parameters, as of now: compiled
    by the ORM on every call, so it is always the queryset's own."""
    return visible_condition(Event.objects.using(using).published())


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


def topic_row_counts(alias: str, using: str = "default") -> tuple[str, list]:
    """SQL and parameters: the topic row `alias` is one the public sees, its event's own or
    given by a link of a public event (events.models.topic.counts_publicly, as SQL)."""
    public, params = public_condition(using)
    events = Event._meta.db_table
    # The subquery names the events table itself, as the public condition does; inside it,
    # that name is the subquery's own table even where the outer statement joins events.
    sql = f"""({alias}.given_by_id IS NULL OR {alias}.given_by_id IN (
        SELECT {events}.id FROM {events} WHERE {public}))"""  # noqa: S608
    return sql, params


def few_topic_row_counts(alias: str, using: str = "default") -> tuple[str, list]:
    """As `topic_row_counts`, for the rows of a few events (a page of them): the giver is looked
    up by its key for each row given by a link. `topic_row_counts`'s `IN (SELECT ...)` lists
    every public event first: on the 100,000-event bench database (SQLite), 50 to 100 ms for a
    page of 50 events whose rows need 0.3 ms this way; for counts over every row (the topic
    index) that list, made once, is the cheaper one."""
    public, params = public_condition(using)
    events = Event._meta.db_table
    sql = f"""({alias}.given_by_id IS NULL OR EXISTS (
        SELECT 1 FROM {events} WHERE {events}.id = {alias}.given_by_id AND {public}))"""  # noqa: S608
    return sql, params


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
