"""What a topic's page shows beside its list of events: how many events it had each month,
its first and latest event, and the topics that appear with it most."""

import datetime
from collections import Counter
from typing import NamedTuple

from django.db.models import Count, DateField, Exists, OuterRef
from django.db.models.functions import Trunc

from events.models import Event, TaggedEvent, Topic
from events.models.topic_counts import not_yet_public_dates
from events.sql import as_date, fetch, topic_row_counts

from .listing import for_listing

MOST_RELATED_TOPICS = 10
# The topics seen with a topic are counted over its latest rows only: about this many events.
LATEST_FOR_RELATED = 1000


class MonthCount(NamedTuple):
    month: datetime.date
    count: int


class RelatedTopic(NamedTuple):
    """A topic that shares events with the page's topic, and how many."""

    name: str
    slug: str
    pk: int
    shared: int


def months_of(topic_events) -> list[MonthCount]:
    """The months in which the topic has visible events, oldest first, with their counts."""
    rows = (
        topic_events.order_by()
        .annotate(month=Trunc("date", "month", output_field=DateField()))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return [MonthCount(as_date(row["month"]), row["count"]) for row in rows]


def public_months(topic_id: int, now) -> list[MonthCount]:
    """`months_of` the topic's public events, from its counted rows alone: grouped by date
    along its rows' index (which holds the flag), no event read, no date function called per
    row. A topic of 58,277 events at 100,000 (`make bench-scale`'s big topic, SQLite): 343 ->
    14 ms. COUNT(*), not of the rows' ids, which the index does not hold: PostgreSQL read
    every row from the table (581,278 rows at 1,000,000 events: 433 -> 86 ms replayed)."""
    rows = TaggedEvent.objects.filter(tag_id=topic_id, counted=True).order_by()
    by_month = Counter()
    for day, count in rows.values_list("event_date").annotate(count=Count("*")):
        by_month[day.replace(day=1)] += count
    for day, count in not_yet_public_dates(topic_id, now).items():
        by_month[day.replace(day=1)] -= count
    return [MonthCount(month, count) for month, count in sorted(by_month.items()) if count > 0]


def first_and_latest(topic_events) -> tuple[Event | None, Event | None]:
    """The topic's earliest and newest visible events, in the order a day lists them."""
    events = for_listing(topic_events)
    first = events.order_by("date", "position", "pk").first()
    latest = events.order_by("-date", "-position", "-pk").first()
    return first, latest


def public_first_and_latest(topic_id: int, public) -> tuple[Event | None, Event | None]:
    """`first_and_latest` of the topic's `public` events: the first and last dates of its
    counted rows (their index), then the events of that day only. 160 and 180 -> 1 ms each
    for the big topic above, whose events the other way are all read and sorted."""
    shown = TaggedEvent.objects.shown_publicly().filter(
        tag_id=topic_id, content_object=OuterRef("pk")
    )
    events = for_listing(public).filter(Exists(shown))
    dates = TaggedEvent.objects.filter(tag_id=topic_id, counted=True).values_list(
        "event_date", flat=True
    )
    return (
        _edge(events, dates, ("date", "position", "pk")),
        _edge(events, dates, ("-date", "-position", "-pk")),
    )


# A date whose counted rows are all of events not due yet is passed over; past this many, the
# events are read the long way.
EDGE_TRIES = 5


def _edge(events, dates, ordering: tuple[str, ...]):
    newest = ordering[0].startswith("-")
    dates = dates.order_by("-event_date" if newest else "event_date")
    passed = None
    for _ in range(EDGE_TRIES):
        if passed is not None:
            dates = dates.filter(**{"event_date__lt" if newest else "event_date__gt": passed})
        day = dates.first()
        if day is None:
            return None
        found = events.filter(date=day).order_by(*ordering).first()
        if found is not None:
            return found
        passed = day
    return events.order_by(*ordering).first()


def related_topics(topic_id: int, visible: tuple[str, list], using="default"):
    """The topics that share the most visible events with the topic, most first: one grouped
    statement over the topic's rows (its index) and those events' other rows, from the
    topic's latest LATEST_FOR_RELATED rows' dates on, so a topic of 100,000 events costs what
    one of a few thousand does (the page says "in its latest events (about 1,000)" beyond).
    As a queryset (`topics_most_seen_on` of the topic's events) the topic page answered 4
    req/s against 5 written out on SQLite, 4 and 4 on PostgreSQL (`make bench-web
    BENCH_ARGS="--pages topic --rounds 3"`, a topic of 373 events, load average 15-20 on 2
    cores): not shown to be within 10%, so it stays."""
    where, params = visible
    # Both rows count only as the public sees them (a link's topic while its giver is public).
    mine_counts, mine_params = topic_row_counts("mine", using)
    other_counts, other_params = topic_row_counts("other", using)
    events, tagged, topic = Event._meta.db_table, TaggedEvent._meta.db_table, Topic._meta.db_table
    sql = f"""
        SELECT t.name, t.slug, t.id, COUNT(DISTINCT mine.content_object_id) AS shared
        FROM {tagged} mine
        JOIN {events} ON {events}.id = mine.content_object_id
        JOIN {tagged} other ON other.content_object_id = mine.content_object_id
            AND other.tag_id <> mine.tag_id
        JOIN {topic} t ON t.id = other.tag_id
        WHERE mine.tag_id = %s AND {where} AND {mine_counts} AND {other_counts}
        AND mine.event_date >= %s
        GROUP BY t.id, t.name, t.slug
        ORDER BY shared DESC, t.name
        LIMIT %s
    """  # noqa: S608 (names from the models, values as parameters)
    all_params = [topic_id, *params, *mine_params, *other_params]
    all_params += [_latest_rows_since(topic_id, using), MOST_RELATED_TOPICS]
    rows = fetch(sql, all_params, using)
    return [RelatedTopic(*row) for row in rows]


def _latest_rows_since(topic_id: int, using: str) -> datetime.date:
    """The date from which the topic's latest LATEST_FOR_RELATED rows run, asked first: as a
    subquery of the statement above, PostgreSQL planned for 14 times the rows it reads and
    hashed every event of the archive (the big topic at 100,000 events: 501 -> N ms)."""
    rows = TaggedEvent.objects.using(using).filter(tag_id=topic_id).order_by("-event_date")
    since = rows.values_list("event_date", flat=True)[LATEST_FOR_RELATED - 1 : LATEST_FOR_RELATED]
    return next(iter(since), datetime.date.min)
