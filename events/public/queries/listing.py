"""What every event listing shows of an event: its listed fields, outlets and topics.

An event on a public page is an `Event`; a listing loads `LISTED_FIELDS` of it and gives it
`listed_outlets` and `listed_topics`. Which events are visible is the caller's queryset
(`VisibleEventsMixin`).
"""

from collections import defaultdict
from typing import NamedTuple

from django.db.models import IntegerField, Value

from events.models import TaggedEvent
from sources.models import Source

# The fields an event listing (day, topic, search pages) shows; the primary key comes along.
LISTED_FIELDS = ("date", "position", "headline", "summary", "slug", "cover_image_url")


class PageTopic(NamedTuple):
    """A topic as the public pages link to it."""

    name: str
    slug: str
    pk: int


def for_listing(events):
    """The fields an event listing shows; `with_outlets_and_topics` adds the rest."""
    return events.only(*LISTED_FIELDS)


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
    zero, one = Value(0, output_field=IntegerField()), Value(1, output_field=IntegerField())
    sources = Source.objects.using(using).filter(event_id__in=ids)
    topics = TaggedEvent.objects.using(using).filter(content_object_id__in=ids)
    rows = list(
        sources.order_by()
        .values_list("event_id", zero, "position", "name", "url", "pk")
        .union(
            topics.order_by().values_list(
                "content_object_id", one, zero, "tag__name", "tag__slug", "tag_id"
            ),
            all=True,
        )
    )
    rows.sort(key=_listing_order)
    return rows


def _listing_order(row: tuple):
    """Per event, its sources by (position, id), then its topics by (name, id)."""
    event_id, is_topic, position, name, _, pk = row
    return (event_id, is_topic, name if is_topic else position, pk)
