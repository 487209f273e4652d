"""What every event listing shows of an event: its listed columns, outlets and topics.

One statement for the outlets and topics of a whole page (see `sql`).

Which events are visible is decided by the caller's WHERE clause (`VisibleEventsMixin`).
"""

from collections import defaultdict
from typing import NamedTuple

from events.models import Event, TaggedEvent, Topic
from sources.models import Source

from .sql import as_date, fetch, placeholders

LISTED_COLUMNS = ("id", "date", "position", "headline", "summary", "slug", "cover_image_url")


class PageTopic(NamedTuple):
    """A topic as the public pages link to it."""

    name: str
    slug: str
    pk: int


class ListedEvent:
    """An event as a listing shows it: the columns it needs, its outlets ((name, url) pairs)
    and its topics (`PageTopic`s)."""

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


def with_outlets_and_topics(events, using: str = "default"):
    """Evaluate `events` and give each its `listed_outlets` ((name, url) pairs) and
    `listed_topics` (`PageTopic`s): one statement.

    Sources in order, topics by name. Snapshots (whole articles) stay in the database.
    """
    events = list(events)
    outlets = defaultdict(list)
    topics = defaultdict(list)
    for event_id, is_topic, _, name, address, pk in _outlet_and_topic_rows(
        [e.pk for e in events], using
    ):
        if is_topic:
            topics[event_id].append(PageTopic(name, address, pk))
        else:
            outlets[event_id].append((name, address))
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
