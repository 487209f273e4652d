"""What an event listing shows: the day page's events and neighbours, every listing's outlets
and topics. Hand-written statements (see events.sql): the day page is the busiest page.

Which events are visible is decided by the caller's WHERE clause (`VisibleEventsMixin`).
"""

import datetime
from collections import defaultdict
from typing import NamedTuple

from sources.models import Source

from .models import Event, TaggedEvent, Topic
from .sql import as_date, date_parameter, fetch, placeholders

LISTED_COLUMNS = ("id", "date", "position", "headline", "summary", "slug", "cover_image_url")


class ListedEvent:
    """An event as a listing shows it: the columns it needs, its outlets ((name, url) pairs)
    and its topics ((name, slug) pairs)."""

    __slots__ = (*LISTED_COLUMNS, "listed_outlets", "listed_topics")

    def __init__(self, row):
        self.id, date, self.position, self.headline, self.summary, self.slug = row[:6]
        self.cover_image_url = row[6]
        self.date = as_date(date)
        self.listed_outlets = []
        self.listed_topics = []

    @property
    def pk(self):
        return self.id

    summary_paragraphs = Event.summary_paragraphs


class DayListing(NamedTuple):
    events: list[ListedEvent]
    previous_day: datetime.date | None  # the nearest earlier day with visible events
    next_day: datetime.date | None


def day_listing(visible: tuple[str, list], day: datetime.date, using="default") -> DayListing:
    """The events of `day` that the WHERE clause `visible` lets through, in their order, with
    outlets and topics, and the nearest days either side that have such events: two
    statements."""
    where, params = visible
    table = Event._meta.db_table
    columns = ", ".join(LISTED_COLUMNS)
    # The neighbours are scalar subqueries run once per statement; each reads the date index
    # from `day` outwards and stops at the first visible event, however wide the gap.
    sql = f"""
        SELECT {columns},
            (SELECT MAX(date) FROM {table} WHERE {where} AND date < %s),
            (SELECT MIN(date) FROM {table} WHERE {where} AND date > %s)
        FROM {table} WHERE {where} AND date = %s
        ORDER BY position, id
    """  # noqa: S608 (names from the models, values as parameters)
    day = date_parameter(day, using)
    rows = fetch(sql, [*params, day, *params, day, *params, day], using)
    if not rows:
        return DayListing([], None, None)
    listed = [ListedEvent(row[: len(LISTED_COLUMNS)]) for row in rows]
    with_outlets_and_topics(listed, using=using)
    previous_day, next_day = rows[0][len(LISTED_COLUMNS) :]
    return DayListing(listed, as_date(previous_day), as_date(next_day))


class TopicTimeline:
    """A topic's visible events, newest first, as Django's paginator reads them: a count (read
    with the topic itself) and pages. Each page walks the topic's rows by date, newest first,
    and stops after the page instead of sorting every event of the topic."""

    def __init__(self, visible: tuple[str, list], slug: str, using="default"):
        self.where, self.params = visible
        self.using = using
        self.topic, self.total = self._topic_and_count(slug)

    def _topic_and_count(self, slug: str) -> tuple[Topic | None, int]:
        sql = f"""
            SELECT t.id, t.name, t.slug, (
                SELECT COUNT(*) FROM {self._from} WHERE row.tag_id = t.id AND {self.where})
            FROM {Topic._meta.db_table} t WHERE t.slug = %s
        """  # noqa: S608
        rows = fetch(sql, [*self.params, slug], self.using)
        if not rows:
            return None, 0
        pk, name, found_slug, total = rows[0]
        return Topic(pk=pk, name=name, slug=found_slug), total

    @property
    def _from(self) -> str:
        # The events table joins under its own name, which the visible condition uses.
        events = Event._meta.db_table
        tagged = TaggedEvent._meta.db_table
        return f"{tagged} row JOIN {events} ON {events}.id = row.content_object_id"

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, page: slice) -> list[ListedEvent]:
        columns = ", ".join(f"{Event._meta.db_table}.{name}" for name in LISTED_COLUMNS)
        sql = f"""
            SELECT {columns} FROM {self._from} WHERE row.tag_id = %s AND {self.where}
            ORDER BY row.event_date DESC, {Event._meta.db_table}.position, row.content_object_id
            LIMIT %s OFFSET %s
        """  # noqa: S608
        start, stop = page.start or 0, page.stop
        params = [self.topic.pk, *self.params, stop - start, start]
        return [ListedEvent(row) for row in fetch(sql, params, self.using)]


class TopicIndex:
    """Topics that have visible events, alphabetically, each with its number of them, as
    Django's paginator reads them: a count, and pages.

    Counting every topic's events at once groups all the topic rows of the archive (some
    750,000 for 100,000 events: seconds). Instead the count asks each topic for one visible
    event, and a page counts the events of its own topics only: each reads the index of topic
    rows (tag, event date, event) for its topics and nothing else.
    """

    def __init__(self, visible: tuple[str, list], using="default"):
        self.where, self.params = visible
        self.using = using
        self.total = None

    @property
    def _has_visible_events(self) -> str:
        events, tagged = Event._meta.db_table, TaggedEvent._meta.db_table
        return f"""EXISTS (
            SELECT 1 FROM {tagged} row JOIN {events} ON {events}.id = row.content_object_id
            WHERE row.tag_id = t.id AND {self.where})"""  # noqa: S608

    def count(self) -> int:
        if self.total is None:
            sql = f"SELECT COUNT(*) FROM {Topic._meta.db_table} t WHERE {self._has_visible_events}"  # noqa: S608
            self.total = fetch(sql, self.params, self.using)[0][0]
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Topic]:
        start, stop = page.start or 0, page.stop
        sql = f"""
            SELECT t.id, t.name, t.slug FROM {Topic._meta.db_table} t
            WHERE {self._has_visible_events} ORDER BY t.name LIMIT %s OFFSET %s
        """  # noqa: S608 (names are unique: the name index gives the order)
        topics = [
            Topic(pk=pk, name=name, slug=slug)
            for pk, name, slug in fetch(sql, [*self.params, stop - start, start], self.using)
        ]
        counts = self._counts([topic.pk for topic in topics])
        for topic in topics:
            topic.count = counts.get(topic.pk, 0)
        return topics

    def _counts(self, topic_ids: list[int]) -> dict[int, int]:
        if not topic_ids:
            return {}
        events, tagged = Event._meta.db_table, TaggedEvent._meta.db_table
        sql = f"""
            SELECT row.tag_id, COUNT(*) FROM {tagged} row
            JOIN {events} ON {events}.id = row.content_object_id
            WHERE row.tag_id IN ({placeholders(topic_ids)}) AND {self.where}
            GROUP BY row.tag_id
        """  # noqa: S608
        return dict(fetch(sql, [*topic_ids, *self.params], self.using))


def with_outlets_and_topics(events, using: str = "default"):
    """Evaluate `events` and give each its `listed_outlets` ((name, url) pairs) and
    `listed_topics` ((name, slug) pairs): one statement.

    Sources in order, topics by name. Snapshots (whole articles) stay in the database.
    """
    events = list(events)
    outlets = defaultdict(list)
    topics = defaultdict(list)
    for event_id, is_topic, _, name, address, _ in _outlet_and_topic_rows(
        [e.pk for e in events], using
    ):
        (topics if is_topic else outlets)[event_id].append((name, address))
    for event in events:
        event.listed_outlets = outlets[event.pk]
        event.listed_topics = topics[event.pk]
    return events


def _outlet_and_topic_rows(ids: list[int], using: str) -> list[tuple]:
    """(event id, is a topic, position, name, url or slug, id) for each source and topic of the
    events: sources in order, then topics by name.

    Sorted here rather than by the database: SQLite sorts the two halves of a UNION together,
    with a key for each, slower than reading them and sorting them in Python.
    """
    if not ids:
        return []
    source, tagged, topic = Source._meta.db_table, TaggedEvent._meta.db_table, Topic._meta.db_table
    marks = placeholders(ids)
    sql = f"""
        SELECT event_id, 0, position, name, url, id FROM {source} WHERE event_id IN ({marks})
        UNION ALL
        SELECT row.content_object_id, 1, 0, t.name, t.slug, t.id
        FROM {tagged} row JOIN {topic} t ON t.id = row.tag_id
        WHERE row.content_object_id IN ({marks})
    """  # noqa: S608 (names from the models, values as parameters)
    rows = fetch(sql, ids + ids, using)
    rows.sort(key=_listing_order)
    return rows


def _listing_order(row: tuple):
    """Per event, its sources by (position, id), then its topics by (name, id)."""
    event_id, is_topic, position, name, _, pk = row
    return (event_id, is_topic, name if is_topic else position, pk)
