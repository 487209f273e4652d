"""Events as a change sees them: what of each decides which pages show it, and how."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q

from events.bulk import chunked
from events.models import Event, GivenTopic, Related, TaggedEvent, is_public

BATCH = 2000


@dataclass(frozen=True)
class EventState:
    """One event as stored at one moment of a write."""

    pk: int
    date: datetime.date
    position: int
    slug: str
    headline: str
    is_public: bool
    # The topics the public sees on it: its own and those public events' links give it
    # (empty when not read: a change too large to purge key by key).
    topic_ids: frozenset = frozenset()
    # (event, topic) the topics its related links give, shown while it is public.
    gives: frozenset = frozenset()
    # The events whose related links show it.
    linked_by: frozenset = frozenset()
    summary: str = ""
    # When it went (or goes) public: the API's change time of the events showing it (those
    # its links give topics, those linking to it) is at least this while it is public.
    publish_at: datetime.datetime | None = None
    # Scheduled and not public yet: it goes public at `publish_at` with no write.
    due_later: bool = False

    @property
    def shown_gifts(self) -> frozenset:
        return self.gives if self.is_public else frozenset()

    @property
    def place(self) -> tuple:
        """Where lists show it: whether, on which day, in which place."""
        return (self.is_public, self.date, self.position, self.slug)

    @property
    def text(self) -> tuple[str, str]:
        """What search reads of it."""
        return (self.headline, self.summary)

    @property
    def as_linked(self) -> tuple:
        """What another event's related link shows of it: its headline and address, while
        it is public, and when it went public (the linking event's API change time)."""
        return (self.is_public, self.date, self.slug, self.headline, self.went_public)

    @property
    def went_public(self) -> datetime.datetime | None:
        """When it went public, while it is: what the events showing it take as a change."""
        return self.publish_at if self.is_public else None


def states_of(ids: Iterable[int], *, with_topics: bool = True) -> dict[int, EventState]:
    """The events' states as stored now (in the current transaction): two statements per
    2,000 events. Public is `is_public`, the one definition of it."""
    states = {}
    public = ExpressionWrapper(Q(is_public()), output_field=BooleanField())
    for chunk in chunked(sorted(set(ids)), BATCH):
        topics = _shown_topics(chunk) if with_topics else {}
        gives = _grouped(
            GivenTopic.objects.filter(given_by_id__in_ids=chunk),
            "given_by_id",
            "event_id",
            "topic_id",
        )
        linked_by = _grouped(
            Related.objects.filter(target_id__in_ids=chunk), "target_id", "event_id"
        )
        rows = Event.objects.filter(pk__in_ids=chunk).annotate(is_public=public).order_by()
        columns = ("date", "position", "slug", "headline", "is_public", "summary")
        for pk, *fields, publish_at, status in rows.values_list(
            "pk", *columns, "publish_at", "status"
        ):
            shown = dict(zip(columns, fields, strict=True))
            states[pk] = EventState(
                pk,
                **shown,
                topic_ids=frozenset(topics.get(pk, ())),
                gives=frozenset(gives.get(pk, ())),
                linked_by=frozenset(linked_by.get(pk, ())),
                publish_at=publish_at,
                due_later=status == Event.Status.SCHEDULED and not shown["is_public"],
            )
    return states


def events_tagged(topic_ids: set[int]) -> set[int]:
    """The events with any of these topics, their own or given."""
    if not topic_ids:
        return set()
    rows = TaggedEvent.objects.filter(tag_id__in_ids=topic_ids)
    return set(rows.values_list("content_object_id", flat=True))


def _grouped(rows, key: str, *values: str) -> dict[int, set]:
    """`rows`' `values` (one, or a tuple of several) by `key`."""
    grouped: dict[int, set] = {}
    for found, *value in rows.values_list(key, *values):
        grouped.setdefault(found, set()).add(value[0] if len(value) == 1 else tuple(value))
    return grouped


def _shown_topics(ids: list[int]) -> dict[int, set[int]]:
    rows = TaggedEvent.objects.shown_publicly().filter(content_object_id__in_ids=ids)
    return _grouped(rows, "content_object_id", "tag_id")
